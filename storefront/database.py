"""Binds the domain's session handle to the app, and holds the rule of when work is committed.

The request-end commit rule, the one place it is written down:

- Domain services (``accounts``, ``catalog``, ``orders``) take a session, flush and never
  commit; neither do their database helpers.
- A web request commits once, at its end (:func:`init_database`'s ``after_request``): an answer
  below 400 commits everything the request did, a 4xx/5xx answer or an exception rolls it all
  back, so a refused form or a crash leaves nothing half-written. Emails queued during the
  request are written to the outbox by that commit; the dispatch worker sends them.
- The one exception is an outside service that moves money (Stripe): :func:`commit_then`
  commits first, then calls it, in a transaction of its own.
- CLI commands and workers commit themselves, once per unit of work (a message, a sweep).
- On SQLite a request that may write (any method but GET, HEAD and OPTIONS) runs in a write
  transaction from its first statement (:func:`init_database`'s ``before_request``): writers
  queue for the lock (busy_timeout, ``catalog.db.make_engine``) instead of failing with
  "database is locked" when one read first and another wrote in between. Readers never wait.
- A view, command or worker that writes after reading calls :func:`start_writing` before its
  first write: on SQLite that ends the read transaction and takes the write lock, so two
  writers queue instead of failing with "database is locked". A GET that writes (the return
  from Stripe) needs it; a POST has the lock already, and calling it there is harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, Response, request

from catalog import db
from catalog.db import DbSession, begin_write, has_changes, needs_write_lock, plain_session

T = TypeVar("T")


def init_database(app: Flask) -> None:
    """Create the engine, bind the session, commit successful requests, always clean up."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(
        app.config["SQLALCHEMY_DATABASE_URI"], echo=app.config["SQLALCHEMY_ECHO"]
    )
    app.extensions["gerai.engine"] = engine
    db.session.remove()
    db.session.configure(bind=engine)

    @app.before_request
    def lock_for_writes() -> None:
        if request.method not in READING_METHODS:
            take_write_lock_now(db.session)

    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_appcontext
    def remove_session(_exc: BaseException | None) -> None:
        db.session.remove()


# Methods that only read (HTTP's safe methods): every other request may write.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def take_write_lock_now(session: DbSession) -> None:
    """On SQLite, begin the request's transaction with the write lock (``BEGIN IMMEDIATE``,
    waiting up to busy_timeout for another writer to finish); nothing on PostgreSQL.

    Why the whole request: views read (the user, the order, the cart) and then write, and on
    SQLite a read transaction cannot always become a write transaction: when another
    connection has written since it began reading, SQLite answers "database is locked" at
    once, without waiting. Starting as a writer makes posts queue; GETs, the bulk of the
    traffic, read in parallel as before. A session with a transaction already open (a test
    sharing its session with the request) is left as it is.
    """
    real = plain_session(session)
    if needs_write_lock(real) and not real.in_transaction():
        begin_write(real)


def start_writing(session: DbSession) -> None:
    """End the read transaction ``session`` has open, then start its write transaction (on
    SQLite, take the write lock now: see :func:`catalog.db.begin_write`). For views and
    commands that read first (the current user, the row to check) and then write.

    The read is ended by a commit, not a rollback, so what it loaded (the current user, say)
    stays loaded: the session does not expire objects on commit. Only a transaction that has
    changed nothing is ended; one that has is refused by ``begin_write`` (committing it here
    would commit half a request). PostgreSQL takes no lock up front, so nothing is ended there.
    """
    real = plain_session(session)
    if needs_write_lock(real) and real.in_transaction() and not has_changes(real):
        real.commit()  # a read-only transaction: nothing is written
    begin_write(real)


def commit_then(call: Callable[[], T]) -> T:
    """Commit the request's work so far, then run ``call`` (which asks an outside service and
    records its answer) in a write transaction of its own; on any error, only that transaction
    is rolled back and the error raised again.

    Why: the order must be durable before money moves (a Stripe Checkout Session or a charge
    must never point at an order a later rollback could erase), and a failure of the outside
    call must not roll back the order, which stays pending and holds its stock until it is paid
    or expires. The write lock (``begin_write``) is taken before the call, so on SQLite other
    writers wait for it rather than fail when its answer is recorded.
    """
    db.session.commit()
    begin_write(db.session)
    try:
        return call()
    except BaseException:
        db.session.rollback()
        raise
