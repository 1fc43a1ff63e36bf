"""Database: SQLAlchemy 2 models, the session for a request, and migrations."""
