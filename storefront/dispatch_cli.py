"""The dispatch worker: ``flask --app storefront dispatch-worker [--once] [--batch N] [--poll S]``.

It sends the outbox's due entries: courier messages to galleries' courier dispatchers
(``orders/dispatch.py``), emails to the mail server (``storefront/mail.py``); both retry with
the same back-off and give up into the dead letters the same way.

Fair and concurrent (issue 10: four messages to a hanging dispatcher used to hold up everyone
else's for 82 s). The main thread owns the database session; a pool of
``DISPATCH_CONCURRENCY`` threads does the sending and nothing else:

1. claim: in one short transaction, lease up to as many due entries as there are idle threads,
   round-robin across endpoints (``orders.dispatch.lease_due``), leaving out the endpoints that
   are busy (``orders/endpoints.py``: at ``DISPATCH_PER_ENDPOINT`` sends in flight, or their
   breaker open), and commit;
2. send: each entry goes to a thread when its endpoint admits it (otherwise it waits in the
   main thread for its turn); courier messages with short timeouts
   (``DISPATCH_CONNECT_TIMEOUT_S``, ``DISPATCH_READ_TIMEOUT_S``), the endpoint checked again
   before each call (``catalog/outbound.py``); emails as before (``MAIL_TIMEOUT``);
3. record: the main thread records each result as it comes in, in a short transaction of its
   own (on SQLite the write lock is held for that alone, never over a network call), and
   claims again for the threads that came free, at once or after ``--poll`` seconds at most
   (1 s by default: an entry queued while the worker is idle waits that long at most; an idle
   check is one read, the write lock is taken only when something is due).

A dispatcher that times out or refuses connections ``DISPATCH_BREAKER_FAILURES`` times in a row
is left alone for ``DISPATCH_BREAKER_COOL_DOWN_S``: its claimed entries are given back, due when
the cool-down ends, with no attempt counted; then one probe decides (see
``orders/endpoints.py``). So a hanging dispatcher holds at most ``DISPATCH_PER_ENDPOINT``
threads, for one read timeout each, and only until its breaker opens; the others keep theirs.

SIGTERM or SIGINT stops the claiming: entries waiting for their turn are given back (due at
once), the sends in flight finish and are recorded, then the worker exits 0. A worker that dies
instead leaves its entries leased; they are due again when the lease (``DISPATCH_LEASE_S``)
ends. On PostgreSQL run as many workers as you like (the claim skips rows another worker has
locked); on SQLite run one. Concurrency 1, a per-endpoint limit of 1 and no breaker
(``DISPATCH_BREAKER_FAILURES=0``) send one entry at a time, as the worker did before.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email
import email.policy
import logging
import signal
import threading
from collections import deque
from collections.abc import Collection, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import click
import requests
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from catalog import db, outbound
from catalog.db import DbSession, plain_session, utcnow
from orders.dispatch import (
    LEASE,
    Courier,
    FailureReason,
    Outcome,
    any_due,
    courier_of,
    deliver,
    lease_due,
    leased,
    record,
    release,
)
from orders.endpoints import Admission, Endpoints
from orders.models import OutboxEmail, OutboxEntry, OutboxMessage
from storefront import mail
from storefront.database import start_writing

log = logging.getLogger("gerai.dispatch")

EMAIL_ENDPOINT = "email"
# One claim takes up to DISPATCH_PER_ENDPOINT × this of an endpoint's entries (fewer claim
# transactions for a backlog); the extra ones wait in the worker, leased, for their turn. An
# endpoint with entries waiting is not claimed for again until they are gone.
CLAIM_AHEAD = 4
UNREACHABLE = frozenset({FailureReason.TIMEOUT.value, FailureReason.CONNECTION.value})


@dataclass(frozen=True)
class Settings:
    """How the worker sends; :meth:`from_config` reads the ``DISPATCH_*`` settings."""

    connect_timeout_s: float = 3.0
    read_timeout_s: float = 5.0
    concurrency: int = 8
    per_endpoint: int = 2
    breaker_failures: int = 3
    breaker_cool_down_s: float = 60.0
    lease: timedelta = LEASE
    allow_private: bool = False
    ports: tuple[int, ...] = outbound.HTTPS_PORTS

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], read_timeout_s: float | None = None
    ) -> Settings:
        return cls(
            connect_timeout_s=float(config["DISPATCH_CONNECT_TIMEOUT_S"]),
            read_timeout_s=read_timeout_s or float(config["DISPATCH_READ_TIMEOUT_S"]),
            concurrency=int(config["DISPATCH_CONCURRENCY"]),
            per_endpoint=int(config["DISPATCH_PER_ENDPOINT"]),
            breaker_failures=int(config["DISPATCH_BREAKER_FAILURES"]),
            breaker_cool_down_s=float(config["DISPATCH_BREAKER_COOL_DOWN_S"]),
            lease=timedelta(seconds=float(config["DISPATCH_LEASE_S"])),
            allow_private=bool(config["OUTBOUND_ALLOW_PRIVATE"]),
            ports=tuple(config["OUTBOUND_PORTS"]),
        )


@dataclass
class Job:
    """A leased entry on its way: what a thread needs to send it, read beforehand."""

    entry_id: int
    endpoint: str
    lease_until: datetime
    claimed_at: datetime
    courier: Courier | None = None  # a courier message
    mime: str = ""  # an email
    probe: bool = False


@dataclass(frozen=True)
class Sent:
    job: Job
    outcome: Outcome
    final: bool
    attempted_at: datetime


@dataclass
class Totals:
    sent: int = 0
    failed: int = 0
    deferred: int = 0


def endpoint_of(entry: OutboxEntry) -> str:
    if isinstance(entry, OutboxMessage):
        return f"gallery:{entry.gallery_id}"
    return EMAIL_ENDPOINT


def job_of(entry: OutboxEntry, claimed_at: datetime, lease_until: datetime) -> Job:
    """Read what sending ``entry`` needs (loads a message's gallery)."""
    job = Job(entry.id, endpoint_of(entry), lease_until, claimed_at)
    if isinstance(entry, OutboxEmail):
        job.mime = entry.payload["mime"]
    else:
        assert isinstance(entry, OutboxMessage)  # the table's channels are courier and email
        job.courier = courier_of(entry)
    return job


def send_job(
    job: Job, http: requests.Session, settings: Settings, now: datetime | None = None
) -> Sent:
    """Send one job, touching no database (an email needs the app context, for its settings)."""
    attempted_at = now or utcnow()
    if job.courier is not None:
        outcome, final = deliver(
            job.courier,
            http,
            timeout=settings.read_timeout_s,
            connect_timeout=settings.connect_timeout_s,
            allow_private=settings.allow_private,
            ports=settings.ports,
        )
    else:
        message = email.message_from_string(job.mime, policy=email.policy.default)
        outcome, final = mail.transmit(message)
    return Sent(job, outcome, final, attempted_at)


def record_sent(session: DbSession, sent: Sent) -> bool | None:
    """Record a result in a transaction of its own and commit: True delivered, False failed,
    None when the lease was lost (the entry is someone else's now; nothing is written)."""
    try:
        start_writing(session)  # SQLite: the write lock, for this short transaction only
        entry = leased(session, sent.job.entry_id, sent.job.lease_until)
        if entry is None:
            log.warning("dispatch: entry %s was taken over; result not recorded", sent.job.entry_id)
            session.commit()
            return None
        record(session, entry, sent.outcome, sent.attempted_at, final=sent.final)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return sent.outcome.delivered


def give_back(session: DbSession, jobs: Collection[Job], due: datetime) -> int:
    """Release leased, unsent jobs, due at ``due``, in one transaction; how many were ours."""
    if not jobs:
        return 0
    try:
        start_writing(session)
        count = sum(release(session, job.entry_id, job.lease_until, due) for job in jobs)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return count


def dispatch_next(
    session: DbSession,
    http: requests.Session,
    timeout: float,
    now: datetime | None = None,
    *,
    allow_private: bool = False,
    ports: Collection[int] = outbound.HTTPS_PORTS,
) -> bool | None:
    """Lease, send and record the oldest due entry, one at a time in the calling thread (tests
    and scripts): True sent, False failed, None when nothing is due.

    ``now`` (tests) pretends the clock says so, for what is due and when to retry;
    ``allow_private`` and ``ports`` are the ``OUTBOUND_*`` settings (``catalog/outbound.py``).
    """
    real = plain_session(session)
    settings = Settings(
        connect_timeout_s=min(3.0, timeout),
        read_timeout_s=timeout,
        allow_private=allow_private,
        ports=tuple(ports),
    )
    claimed_at = now or utcnow()
    try:
        start_writing(real)
        entries = lease_due(real, claimed_at, 1, per_endpoint=1, lease=settings.lease)
        jobs = [job_of(e, claimed_at, claimed_at + settings.lease) for e in entries]
        real.commit()
    except BaseException:
        real.rollback()
        raise
    if not jobs:
        return None
    return record_sent(real, send_job(jobs[0], http, settings, now))


def new_http_session() -> requests.Session:
    """A connection pool: keep-alive to each gallery's dispatcher (one per sending thread)."""
    http = requests.Session()
    http.headers["User-Agent"] = "Gerai-dispatch/1"
    return http


@dataclass
class Dispatcher:
    """The worker's loop (see the module docstring). Keeps its endpoints' breakers between
    :meth:`run` calls; ``now`` (tests) pretends the clock says so for claiming and recording."""

    app: Flask
    session: DbSession
    settings: Settings
    poll_s: float = 1.0
    batch: int = 100  # entries claimed at most in one transaction
    now: datetime | None = None
    endpoints: Endpoints = field(init=False)
    totals: Totals = field(default_factory=Totals)
    _futures: dict[Future[Sent], Job] = field(default_factory=dict)
    _waiting: dict[str, deque[Job]] = field(default_factory=dict)
    _local: threading.local = field(default_factory=threading.local)
    _sessions: list[requests.Session] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        s = self.settings
        self.endpoints = Endpoints(s.per_endpoint, s.breaker_failures, s.breaker_cool_down_s)

    def _clock(self) -> datetime:
        return self.now or utcnow()

    def run(self, stopping: threading.Event, *, once: bool = False) -> Totals:
        """Send until ``stopping`` is set (or, with ``once``, until nothing is due or in flight);
        what was sent and failed in this run."""
        before = Totals(self.totals.sent, self.totals.failed, self.totals.deferred)
        real = plain_session(self.session)
        pool = ThreadPoolExecutor(self.settings.concurrency, thread_name_prefix="dispatch")
        try:
            while True:
                self._record_finished(real)
                self._start_waiting(real, pool)
                if stopping.is_set():
                    self._give_back_waiting(real)
                    if not self._futures:
                        break
                    wait(self._futures, timeout=self.poll_s, return_when=FIRST_COMPLETED)
                    continue
                claimed = self._claim(real)
                self._start_waiting(real, pool)
                if not self._futures and not self._waiting:
                    if claimed:
                        continue  # all given back (breakers open), or all failed at once
                    if once:
                        break
                    stopping.wait(self.poll_s)
                    continue
                if claimed and len(self._futures) < self.settings.concurrency:
                    continue  # idle threads: claim again at once, something may be due still
                wait(self._futures, timeout=self.poll_s, return_when=FIRST_COMPLETED)
        finally:
            if self._futures or self._waiting:  # an error: let the threads end, give back
                pool.shutdown(wait=True)
                with contextlib.suppress(SQLAlchemyError):
                    self._record_finished(real)
                    self._give_back_waiting(real)
            pool.shutdown(wait=True)
            real.expunge_all()
        return Totals(
            self.totals.sent - before.sent,
            self.totals.failed - before.failed,
            self.totals.deferred - before.deferred,
        )

    def close(self) -> None:
        for http in self._sessions:
            http.close()
        self._sessions.clear()

    # the steps

    def _claim(self, real: DbSession) -> int:
        free = min(self.settings.concurrency - len(self._futures), self.batch)
        if free <= 0:
            return 0
        busy = self.endpoints.busy() | {k for k, q in self._waiting.items() if q}
        galleries = [int(key.split(":", 1)[1]) for key in busy if key.startswith("gallery:")]
        claimed_at = self._clock()
        lease_until = claimed_at + self.settings.lease
        try:
            skip_email = EMAIL_ENDPOINT in busy
            if not any_due(real, claimed_at, skip_galleries=galleries, skip_email=skip_email):
                real.commit()  # end the read; no write lock taken while idle
                return 0
            start_writing(real)
            entries = lease_due(
                real,
                claimed_at,
                free,
                per_endpoint=self.settings.per_endpoint * CLAIM_AHEAD,
                lease=self.settings.lease,
                skip_galleries=galleries,
                skip_email=skip_email,
            )
            jobs = [job_of(entry, claimed_at, lease_until) for entry in entries]
            real.commit()
        except BaseException:
            real.rollback()
            raise
        finally:
            real.expunge_all()
        for job in jobs:
            self._waiting.setdefault(job.endpoint, deque()).append(job)
        return len(jobs)

    def _start_waiting(self, real: DbSession, pool: ThreadPoolExecutor) -> None:
        """Hand each waiting job to a thread if its endpoint admits it; give back the jobs of
        endpoints whose breaker is open."""
        deferred: dict[float, list[Job]] = {}
        for key in list(self._waiting):
            queue = self._waiting[key]
            while queue and len(self._futures) < self.settings.concurrency:
                admission = self.endpoints.admit(key)
                if admission is Admission.WAIT:
                    break
                job = queue.popleft()
                if admission is Admission.DEFER:
                    deferred.setdefault(self.endpoints.reopens_in(key), []).append(job)
                    continue
                job.probe = admission is Admission.PROBE
                self._futures[pool.submit(self._send, job)] = job
            if not queue:
                del self._waiting[key]
        for seconds, jobs in deferred.items():
            due = self._clock() + timedelta(seconds=seconds)
            self.totals.deferred += give_back(real, jobs, due)
            real.expunge_all()
            log.info("dispatch: %s deferred until %s (breaker open)", len(jobs), due)

    def _send(self, job: Job) -> Sent:
        """In a pool thread: its own HTTP session, and the app context an email needs."""
        http = getattr(self._local, "http", None)
        if http is None:
            http = self._local.http = new_http_session()
            with self._lock:
                self._sessions.append(http)
        with self.app.app_context():
            return send_job(job, http, self.settings, self.now)

    def _record_finished(self, real: DbSession) -> None:
        for future in [f for f in self._futures if f.done()]:
            job = self._futures.pop(future)
            try:
                sent = future.result()
            except Exception:  # a bug, not a network error: the lease brings the entry back
                log.exception("dispatch: sending entry %s failed", job.entry_id)
                self.endpoints.finished(job.endpoint, unreachable=False, probe=job.probe)
                continue
            unreachable = sent.outcome.status_code is None and sent.outcome.error in UNREACHABLE
            self.endpoints.finished(job.endpoint, unreachable=unreachable, probe=job.probe)
            delivered = record_sent(real, sent)
            real.expunge_all()  # keep the identity map small over a long run
            if delivered is not None:
                self.totals.sent += delivered
                self.totals.failed += not delivered

    def _give_back_waiting(self, real: DbSession) -> None:
        jobs = [job for queue in self._waiting.values() for job in queue]
        self._waiting.clear()
        if jobs:
            give_back(real, jobs, min(job.claimed_at for job in jobs))
            real.expunge_all()


@contextlib.contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGTERM or SIGINT, so the loop can stop between two claims."""
    stopping = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopping  # signals reach only the main thread; nothing to install
        return

    def _stop(signum: int, _frame: object) -> None:
        log.info("dispatch worker: %s, stopping after the sends in flight", signum)
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
    help="Entries claimed at most in one transaction.",
)
@click.option(
    "--concurrency",
    default=None,
    type=click.IntRange(1, 256),
    help="Sends in flight at once (DISPATCH_CONCURRENCY).",
)
@click.option(
    "--poll",
    default=1.0,
    type=click.FloatRange(0.05, 3600),
    help="Seconds to wait when nothing is due, and between claims while sends are in flight.",
)
@click.option(
    "--timeout",
    default=None,
    type=click.FloatRange(0.1, 120),
    help="Seconds to wait for a dispatcher's answer (DISPATCH_READ_TIMEOUT_S).",
)
@with_appcontext
def dispatch_worker_command(
    once: bool, batch: int, concurrency: int | None, poll: float, timeout: float | None
) -> None:
    """Send due courier messages (signed webhooks) and emails, retrying with back-off."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = Settings.from_config(app.config, timeout)
    if concurrency:
        settings = dataclasses.replace(settings, concurrency=concurrency)
    dispatcher = Dispatcher(app, db.session, settings, poll_s=poll, batch=batch)
    with stop_on_signals() as stopping:
        while True:
            try:
                dispatcher.run(stopping, once=once)
                break
            except SQLAlchemyError:
                if once:
                    raise
                log.exception("dispatch worker: database error, trying again in %s s", poll)
                db.session.remove()
                if stopping.wait(poll):
                    break
    dispatcher.close()
    db.session.remove()
    totals = dispatcher.totals
    click.echo(
        f"Dispatch worker stopped: {totals.sent} sent, {totals.failed} failed "
        f"(to be retried or dead), {totals.deferred} deferred."
    )
