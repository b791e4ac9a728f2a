"""The catalogue's version: a token that changes after every committed change to what
shoppers are shown (products, their photos and stock, galleries, cooperatives, members,
categories, places, search documents).

Caches of shopper pages put the token in their keys (storefront.cache), so a change is seen
on the very next request. The token is random, not a counter: a database restored from a
backup, or a test's transaction rolled back, brings back an older token together with the
data it stood for, so an entry cached under it is still right.

Session listeners note a change when a flush writes a catalogue row or an insert, update or
delete statement names a catalogue table; after the commit the token is renewed in a
transaction of its own. It is not written inside the changing transaction because every
checkout would then wait for every other on the one row. Between a commit and the renewal a
reader may cache the new data under the old token, which is harmless; a request that reads
its own uncommitted changes is told by :func:`pending` not to use the cache at all.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from sqlalchemy import Connection, Engine, event, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction

from catalog.db import DbSession, plain_session

log = logging.getLogger(__name__)

ROW_ID = 1
CHANGED = "gerai.catalogue_changed"  # the session.info key of an uncommitted change
CATALOGUE_TABLES = frozenset(
    {
        "kecamatan",
        "kelurahan",
        "cooperative",
        "gallery",
        "member",
        "category",
        "product",
        "product_image",
        "stock_movement",
        "product_search",
    }
)


def new_token() -> str:
    return secrets.token_hex(8)


def current(session: DbSession) -> str | None:
    """The committed version as this session sees it (None before the migration made it).

    Read on every cached page, so as one textual statement without the ORM's machinery. On
    PostgreSQL, a session that has not begun its transaction reads it on a connection of its
    own in autocommit, so that a page served from the cache costs one query and no ``BEGIN``
    or ``ROLLBACK`` round trips; what the session reads afterwards is at least as new (each
    statement of PostgreSQL's READ COMMITTED sees the latest commits), so nothing older is
    ever cached under this version."""
    bind = session.get_bind()
    if (
        isinstance(bind, Engine)
        and bind.dialect.name == "postgresql"
        and not plain_session(session).in_transaction()
    ):
        with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            found = conn.execute(_CURRENT).scalar()
    else:
        found = session.connection().execute(_CURRENT).scalar()
    return None if found is None else str(found)


_CURRENT = text("SELECT token FROM catalogue_version WHERE id = :id").bindparams(id=ROW_ID)


def pending(session: DbSession) -> bool:
    """Whether this session has changed the catalogue without committing: what it reads then
    is its own, and must neither come from a cache nor go into one."""
    return bool(session.info.get(CHANGED))


def note_change(session: DbSession) -> None:
    """Mark the catalogue changed by this session's transaction (for writers that go around
    the session's own statements, such as a rebuild of the search index on its connection)."""
    session.info[CHANGED] = True


def renew(conn: Connection) -> None:
    """Give the catalogue a new version, on ``conn`` inside its caller's transaction."""
    from catalog.models import CatalogueVersion

    conn.execute(
        update(CatalogueVersion).where(CatalogueVersion.id == ROW_ID).values(token=new_token())
    )


def _renew_through(bind: Engine | Connection) -> None:
    try:
        if isinstance(bind, Engine):
            with bind.begin() as conn:
                renew(conn)
        else:  # a connection whose transaction someone else runs (a test's, a script's)
            renew(bind)
    except SQLAlchemyError:  # the change is committed; caches expire on their own timeout
        log.exception("The catalogue's version could not be renewed after a commit")


def _table_name(obj: object) -> str | None:
    table = getattr(obj, "__table__", None)
    return getattr(table, "name", None)


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context: UOWTransaction) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if _table_name(obj) in CATALOGUE_TABLES:
            session.info[CHANGED] = True
            return


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table: Any = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in CATALOGUE_TABLES:
        state.session.info[CHANGED] = True


@event.listens_for(Session, "after_commit")
def _renew_after_commit(session: Session) -> None:
    """After the transaction's commit; a savepoint's release (which SQLAlchemy also reports
    as a commit) is not one: the transaction goes on, holding its locks."""
    if session.in_nested_transaction():
        return
    if session.info.pop(CHANGED, False):
        _renew_through(session.get_bind())


@event.listens_for(Session, "after_transaction_end")
def _forget_after_rollback(session: Session, transaction: SessionTransaction) -> None:
    """A root transaction that ends without its commit took its changes with it."""
    if transaction.parent is None:
        session.info.pop(CHANGED, None)
