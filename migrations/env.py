"""Alembic environment: runs migrations on the engine handed over by storefront.migrate."""

from __future__ import annotations

from alembic import context

import accounts.models  # noqa: F401 - registers the account tables
import catalog.models  # noqa: F401 - registers the catalog tables
import orders.models  # noqa: F401 - registers the order tables
from catalog.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them against a database.")
run_migrations_online()
