"""Alembic migrations of the service's database (`make migrate` applies them)."""
