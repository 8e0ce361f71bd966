"""Alembic environment: migrations run online, on a psycopg 3 connection to DATABASE_URL.

The URL comes from `app.migrate` (config attribute `database_url`) or, for the `alembic`
command line, from the DATABASE_URL variable. A PostgreSQL advisory lock keeps two migration
runs from interleaving.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine, pool, text

from app.database import sqlalchemy_url
from app.models import Base

LOCK_ID = 72_018_001  # any constant shared by every run of this service's migrations


def run_migrations_online() -> None:
    config = context.config
    database_url = config.attributes.get("database_url") or os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("DATABASE_URL is not set: nothing to migrate")
    engine = create_engine(sqlalchemy_url(database_url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": LOCK_ID})
        connection.commit()
        try:
            context.configure(connection=connection, target_metadata=Base.metadata)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": LOCK_ID})
            connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not set up; run them against a database")
run_migrations_online()
