"""Alembic environment: runs migrations on the engine handed over by storefront.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import accounts.models  # noqa: F401 - registers the account tables
import catalog.models  # noqa: F401 - registers the catalog tables
import orders.models  # noqa: F401 - registers the order tables
import registry.models  # noqa: F401 - registers the registry tables
from catalog.db import Base
from storefront.migrate import include_name

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations copy a table, drop the old one and rename the copy; with foreign
            # keys enforced, dropping a table other rows point at fails once there is data. The
            # pragma only works outside a transaction, so it goes to the driver's connection
            # before ours begins; the keys are checked after the migration and turned back on.
            _sqlite_pragma(connection, "PRAGMA foreign_keys = OFF")
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
                include_name=include_name,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
            connection.commit()
        finally:
            if sqlite:
                _sqlite_pragma(connection, "PRAGMA foreign_keys = ON")


def _sqlite_pragma(connection: Connection, pragma: str) -> None:
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(pragma)
    cursor.close()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them against a database.")
run_migrations_online()
