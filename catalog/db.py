"""Database plumbing every domain stands on: the declarative base and the session handle.

``create_app`` builds an engine with :func:`make_engine` and binds :data:`session` to it.
Services receive a session and only flush; the storefront commits once per request.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    CursorResult,
    DateTime,
    Dialect,
    Engine,
    Enum,
    MetaData,
    Update,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import (
    DeclarativeBase,
    InstrumentedAttribute,
    Mapped,
    MappedColumn,
    ORMExecuteState,
    Session,
    SessionTransaction,
    UOWTransaction,
    mapped_column,
    scoped_session,
    sessionmaker,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

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


def taken_by_another(
    session: DbSession,
    id_column: InstrumentedAttribute[int],
    *where: ColumnElement[bool],
    other_than: int | None,
) -> bool:
    """Whether a row other than the one with id ``other_than`` (None: a row being created)
    matches ``where``: the "this name is already used" check of every create and change form."""
    stmt = select(id_column).where(*where)
    if other_than is not None:
        stmt = stmt.where(id_column != other_than)
    return session.scalar(stmt.limit(1)) is not None


def saved(session: DbSession, row: _Row) -> _Row:
    """Add the row (nothing to do for one the session holds), flush so the database checks it
    now, and hand it back: how a service ends a create or a change (services never commit)."""
    session.add(row)
    session.flush()
    return row


def utcnow() -> datetime:
    """The current time, timezone-aware UTC; used as a column default callable."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored moment, zone attached: SQLite gives datetimes back without it (Gerai stores
    UTC), PostgreSQL with it."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, written as UTC on both databases.

    SQLite keeps no zone: SQLAlchemy writes an aware value's wall-clock time as it stands, so
    midnight in Jakarta compared with the stored UTC times would be seven hours off (it was:
    the courier's "cash since midnight" showed nothing until 07:00). Every value is turned to
    UTC on its way in, stored or compared; a naive value is taken as UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC)


class Entity(Base):
    """A table whose key is an integer ``id``, its first column (every table but Stripe's
    event log, keyed by Stripe's own id)."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)


def created_at_column(*, sort_order: int = 0) -> MappedColumn[datetime]:
    """When the row was written: timezone-aware UTC, set by Python so both databases agree."""
    return mapped_column(UtcDateTime(), default=utcnow, sort_order=sort_order)


def updated_at_column() -> MappedColumn[datetime]:
    """When the row last changed: set on insert and again on every ORM update."""
    return mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


# How long a SQLite writer waits for another's write lock before "database is locked": long
# enough that a queue of writers (20 posts at once, each a few milliseconds) all get through.
SQLITE_BUSY_SECONDS = 30


# PostgreSQL compiles a query to machine code (JIT) once the planner's estimate passes
# jit_above_cost; for Gerai's short queries over tens of thousands of rows (a month's sales, the
# desk's counts) the compiling took 50-100 ms, more than the query itself, so it is turned off.
POSTGRES_OPTIONS = "-c jit=off"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL, real transactions and writers
    that wait their turn (``SQLITE_BUSY_SECONDS``: sqlite3's ``timeout`` and busy_timeout);
    PostgreSQL connections run without JIT (``POSTGRES_OPTIONS``)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        _make_sqlite_transactional(engine)
        return engine
    return create_engine(
        url, echo=echo, pool_pre_ping=True, connect_args={"options": POSTGRES_OPTIONS}
    )


def _make_sqlite_transactional(engine: Engine) -> None:
    """Let SQLAlchemy, not pysqlite, begin transactions, so SAVEPOINTs and rollbacks behave.

    This is the recipe from SQLAlchemy's SQLite dialect documentation ("Serializable isolation /
    Savepoints / Transactional DDL").
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if ":memory:" not in str(engine.url) and engine.url.database:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


class WriteTransactionRefused(RuntimeError):
    """:func:`begin_write` was called too late: the session's transaction has already begun
    (on SQLite it can no longer start with the write lock) or has already changed something."""


def plain_session(session: DbSession) -> Session:
    """The Session behind ``session``: the scoped handle's current one, or ``session`` itself."""
    return session() if isinstance(session, scoped_session) else session


def needs_write_lock(session: DbSession) -> bool:
    """Whether writes must take the database's write lock up front: SQLite, not PostgreSQL."""
    return session.get_bind().dialect.name == "sqlite"


def has_changes(session: DbSession) -> bool:
    """Whether the session's transaction has changed anything: objects added, changed or
    deleted but not yet flushed, or a flush or an INSERT/UPDATE/DELETE already sent."""
    real = plain_session(session)
    return bool(real.new or real.dirty or real.deleted or real.info.get(_WROTE))


def begin_write(session: DbSession) -> None:
    """Start the session's next transaction as a write transaction; never ends one.

    On SQLite a transaction that reads first and writes later can fail with "database is
    locked" when another writer got in between; ``BEGIN IMMEDIATE`` takes the write lock up
    front (waiting up to busy_timeout) instead. That needs a session with no transaction
    open, so a caller that has been reading ends its read transaction first (the storefront:
    ``storefront.database.start_writing``); domain code never does, since it never commits.
    PostgreSQL needs no lock (its row locks and conditional updates do the work): nothing
    is done there.

    Raises :class:`WriteTransactionRefused` when the session's transaction has already
    changed something (on any database: the write had to start before the first change), or,
    on SQLite, when a transaction is open at all.
    """
    real = plain_session(session)
    if real.in_transaction() and has_changes(real):
        raise WriteTransactionRefused("the transaction has already changed something")
    if not needs_write_lock(real):
        return
    if real.in_transaction():
        raise WriteTransactionRefused("a transaction is open: end it before taking the lock")
    real.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


# What the session's transaction has written: flushes and INSERT/UPDATE/DELETE statements
# leave no pending objects behind, so :func:`has_changes` asks this note as well.
_WROTE = "gerai.wrote"


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _flush: UOWTransaction) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(execute: ORMExecuteState) -> None:
    if not execute.is_select:
        execute.session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the session's own transaction, not a savepoint in it
        session.info.pop(_WROTE, None)


def updated_rows(session: DbSession, statement: Update) -> int:
    """Run a conditional UPDATE, leaving loaded objects alone (the caller expires what it
    needs), and return how many rows it matched: 0 means another request got there first.
    """
    result = session.execute(statement, execution_options={"synchronize_session": False})
    # Session.execute is typed to return a Result; for an UPDATE it is a CursorResult, which
    # has the rowcount (SQLAlchemy's documentation casts the same way).
    return cast("CursorResult[*tuple[Any, ...]]", result).rowcount
