"""Database plumbing every domain stands on: the declarative base and the session handle.

``create_app`` builds an engine with :func:`make_engine` and binds :data:`session` to it.
Services receive a session and only flush; the storefront commits once per request.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import Engine, Enum, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with named constraints, so migrations can refer to them on any database."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


session = scoped_session(sessionmaker(expire_on_commit=False))

# What services accept: a plain Session (scripts, tests, the worker) or the app's scoped handle
# above, which proxies a Session per request. One type, so views pass ``db.session`` as it is.
DbSession = Session | scoped_session[Session]


def string_enum(cls: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: a short string with a CHECK constraint, stored by value."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
    )


_Row = TypeVar("_Row")

MAX_ID = 2**31 - 1  # the largest key a 32-bit integer column holds


def is_valid_id(value: int | None) -> bool:
    """Whether ``value`` can be a row's id: ids from URLs and forms outside it are not looked up
    (PostgreSQL would refuse a larger number in an integer comparison)."""
    return value is not None and 0 < value <= MAX_ID


def get_by_id(session: DbSession, model: type[_Row], ident: int | None) -> _Row | None:
    """The ``model`` row with this id, or None; an id no row can have is not looked up."""
    return session.get(model, ident) if is_valid_id(ident) else None


def utcnow() -> datetime:
    """The current time, timezone-aware UTC; used as a column default callable."""
    return datetime.now(UTC)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and real transactions."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
        _make_sqlite_transactional(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _make_sqlite_transactional(engine: Engine) -> None:
    """Let SQLAlchemy, not pysqlite, begin transactions, so SAVEPOINTs and rollbacks behave.

    This is the recipe from SQLAlchemy's SQLite dialect documentation ("Serializable isolation /
    Savepoints / Transactional DDL").
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if ":memory:" not in str(engine.url) and engine.url.database:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def begin_write(session: DbSession) -> None:
    """Make the session's next transaction a write transaction from its first statement.

    On SQLite a transaction that reads first and writes later can fail with "database is
    locked" when another writer got in between; ``BEGIN IMMEDIATE`` takes the write lock up
    front (waiting up to busy_timeout) instead. A read-only transaction already open (loading
    the current user, say) is ended first; one with pending changes is left alone. PostgreSQL
    needs nothing: its row locks and conditional updates do the work.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            return
        # Ending a read-only transaction: commit, not rollback, so loaded objects (the
        # current user, say) stay loaded (expire_on_commit is off) instead of expiring.
        session.commit()
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
