"""Domain rules in plain Python: no Flask, no SQLAlchemy, no web imports."""
