"""Plain-Python rules of the hub. Imports neither Qt nor SQLAlchemy."""
