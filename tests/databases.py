"""Throwaway databases for tests: a SQLite file, or a fresh PostgreSQL database per use.

PostgreSQL is used when ``TEST_DATABASE_URL`` is set (any database on the server will do;
the tests create and drop their own databases next to it and never touch its tables).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import normalise_database_url


def server_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return normalise_database_url(url) if url else None


def is_postgres() -> bool:
    return (server_url() or "").startswith("postgresql")


@contextlib.contextmanager
def fresh_database(tmp_dir: Path) -> Iterator[str]:
    """Yield the URL of a new empty database, dropped afterwards."""
    base = server_url()
    if base is None:
        yield f"sqlite:///{tmp_dir / f'gerai-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    with created_database(base, f"gerai_test_{uuid.uuid4().hex[:12]}") as url:
        yield url


@contextlib.contextmanager
def created_database(base: str, name: str) -> Iterator[str]:
    """Create database ``name`` next to the one ``base`` names, yield its URL, then drop it
    (forcefully). Also used by the benchmarks in bench/."""
    admin = create_engine(normalise_database_url(base), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
