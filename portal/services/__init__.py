"""Use cases: load, call the domain, write. The caller owns the commit."""
