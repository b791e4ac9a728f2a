"""The dispatch worker: ``flask --app storefront dispatch-worker [--once] [--batch N] [--poll S]``.

It sends the outbox's due entries, one per transaction: claim, send, record, commit. Courier
messages go to galleries' courier dispatchers (``orders/dispatch.py``), emails to the mail
server (``storefront/mail.py``); both retry with the same back-off and give up into the dead
letters the same way. SIGTERM or SIGINT lets the message
in flight finish and be committed, then the worker exits 0. On PostgreSQL run as many workers
as you like; on SQLite run one.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Collection, Iterator
from datetime import datetime

import click
import requests
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import scoped_session

from catalog import db, outbound
from catalog.db import DbSession, utcnow
from orders.dispatch import DEFAULT_TIMEOUT_S, claim_due, record, transmit
from orders.models import DeliveryAttempt, OutboxEmail, OutboxEntry, OutboxMessage
from storefront.database import start_writing
from storefront.mail import send_outbox_email

log = logging.getLogger("gerai.dispatch")


def dispatch_next(
    session: DbSession,
    http: requests.Session,
    timeout: float,
    now: datetime | None = None,
    *,
    allow_private: bool = False,
    ports: Collection[int] = outbound.HTTPS_PORTS,
) -> bool | None:
    """Claim, send, record and commit the oldest due entry: True sent, False failed, None idle.

    ``now`` (tests) pretends the clock says so, for what is due and when to retry;
    ``allow_private`` and ``ports`` are the ``OUTBOUND_*`` settings (``catalog/outbound.py``).
    """
    real = session() if isinstance(session, scoped_session) else session
    try:
        claimed = claim_due(real, now or utcnow(), 1)
        if not claimed:
            real.commit()  # end the read transaction (and any snapshot) while idle
            return None
        attempt = send_entry(
            real, claimed[0], http, timeout, now, allow_private=allow_private, ports=ports
        )
        real.commit()
    except BaseException:
        real.rollback()
        raise
    return attempt.status_code is not None and 200 <= attempt.status_code < 300


def send_entry(
    session: DbSession,
    entry: OutboxEntry,
    http: requests.Session,
    timeout: float,
    now: datetime | None = None,
    *,
    allow_private: bool = False,
    ports: Collection[int] = outbound.HTTPS_PORTS,
) -> DeliveryAttempt:
    """Send one claimed entry the way its channel goes, and record the attempt."""
    if isinstance(entry, OutboxEmail):
        return send_outbox_email(session, entry, now or utcnow())
    assert isinstance(entry, OutboxMessage)  # the table's channels are courier and email
    attempted_at = now or utcnow()
    outcome, final = transmit(
        entry, http, timeout=timeout, allow_private=allow_private, ports=ports
    )
    start_writing(session)  # SQLite: take the write lock only now, not over the network call
    return record(session, entry, outcome, attempted_at, final=final)


def new_http_session() -> requests.Session:
    """One connection pool for the worker's life: keep-alive to each gallery's dispatcher."""
    http = requests.Session()
    http.headers["User-Agent"] = "Gerai-dispatch/1"
    return http


@contextlib.contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGTERM or SIGINT, so the loop can stop between two messages."""
    stopping = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopping  # signals reach only the main thread; nothing to install
        return

    def _stop(signum: int, _frame: object) -> None:
        log.info("dispatch worker: %s, stopping after the message in flight", signum)
        stopping.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stopping
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command("dispatch-worker")
@click.option("--once", is_flag=True, help="Send what is due now, then exit (tests, cron).")
@click.option(
    "--batch",
    default=100,
    type=click.IntRange(1, 100_000),
    help="Messages per pass; the worker reports and clears its session after each pass.",
)
@click.option(
    "--poll",
    default=5.0,
    type=click.FloatRange(0.05, 3600),
    help="Seconds to wait when nothing is due.",
)
@click.option(
    "--timeout",
    default=None,
    type=click.FloatRange(0.1, 120),
    help=f"Seconds to wait for a dispatcher (COURIER_DISPATCH_TIMEOUT, {DEFAULT_TIMEOUT_S:g}).",
)
@with_appcontext
def dispatch_worker_command(once: bool, batch: int, poll: float, timeout: float | None) -> None:
    """Send due courier messages (signed webhooks) and emails, retrying with back-off."""
    timeout = timeout or float(
        current_app.config.get("COURIER_DISPATCH_TIMEOUT", DEFAULT_TIMEOUT_S)
    )
    sent = failed = 0
    with stop_on_signals() as stopping, new_http_session() as http:
        while not stopping.is_set():
            try:
                idle, pass_sent, pass_failed = _one_pass(http, timeout, batch, stopping)
            except SQLAlchemyError:
                if once:
                    raise
                log.exception("dispatch worker: database error, trying again in %s s", poll)
                stopping.wait(poll)
                continue
            sent, failed = sent + pass_sent, failed + pass_failed
            if pass_sent or pass_failed:
                log.info("dispatch worker: %s sent, %s failed", pass_sent, pass_failed)
            if idle and once:
                break
            if idle:
                stopping.wait(poll)
    db.session.remove()
    click.echo(f"Dispatch worker stopped: {sent} sent, {failed} failed (to be retried or dead).")


def _one_pass(
    http: requests.Session, timeout: float, batch: int, stopping: threading.Event
) -> tuple[bool, int, int]:
    """Up to ``batch`` messages; whether the outbox ran out of due messages, sent, failed."""
    sent = failed = 0
    try:
        for _ in range(batch):
            if stopping.is_set():
                return False, sent, failed
            result = dispatch_next(
                db.session,
                http,
                timeout,
                allow_private=current_app.config["OUTBOUND_ALLOW_PRIVATE"],
                ports=current_app.config["OUTBOUND_PORTS"],
            )
            if result is None:
                return True, sent, failed
            sent, failed = sent + result, failed + (not result)
        return False, sent, failed
    finally:
        db.session.remove()  # the identity map would otherwise keep every message sent
