"""The dispatch worker's logic: send outbox messages to galleries' courier dispatchers.

A message is sent as signed JSON (Standard Webhooks: ``webhook-id``, ``webhook-timestamp``,
``webhook-signature``) and its attempt recorded. Sending comes before recording, so a worker
killed between the two sends that message again later with the same ``webhook-id``: delivery
is at least once, and receivers drop duplicates by the id.

Leases, not open transactions. No transaction (and on SQLite no write lock) is held across a
network call. :func:`lease_due` claims a batch of due entries in one short transaction and
leases them: their ``next_attempt_at`` moves to the end of the lease (``now + lease``), so
they are no longer due for anyone else, and the caller commits at once. The sends then run
outside any transaction; each result is recorded in a short transaction of its own, and only
by the holder of the lease: :func:`leased` finds the entry still pending with
``next_attempt_at`` exactly at that lease's end (the lease's end is its token). A worker that
crashes leaves its entries leased; when the lease runs out they are due again and another
worker (or the restarted one) sends them with the same ``webhook-id``. A send that outlives its
lease (it cannot, with the worker's timeouts, unless the process stalls) finds the entry taken
over and records nothing. The lease lives in the existing column, so the state machine has no
"in flight" state and no migration was needed; the status still moves only through
``orders.states.move_outbox``.

Fairness. The claim is round-robin across endpoints: the oldest due entry of each endpoint
first, then the second of each, at most ``per_endpoint`` of each, so one gallery's backlog
cannot fill a batch. An endpoint is a gallery's courier dispatcher; all emails are one more
endpoint (the mail server). The worker passes the endpoints it cannot send to now (at their
concurrency limit, or their circuit breaker open: ``orders/endpoints.py``) to leave out.

Several workers may share the outbox on PostgreSQL: the claim locks the chosen rows with
``SELECT … FOR UPDATE SKIP LOCKED`` and re-checks that they are due, so two workers never lease
the same entry. SQLite has no row locks (the clause is left out there); the worker takes the
write lock for each claim and record, which makes them atomic: run one worker against SQLite.

Emails share the outbox, the claim, :func:`record` (back-off and dead letters) and the worker
loop; only their sending differs: ``storefront.mail.transmit`` speaks SMTP, with the SMTP reply
code where a courier message has its HTTP status.

Functions here flush, never commit.
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import random
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import requests.adapters
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from urllib3.exceptions import HTTPError as Urllib3Error

from catalog import outbound
from catalog.db import DbSession
from catalog.exceptions import NotFound
from catalog.i18n import N_
from catalog.models import Gallery
from orders import actors, signing
from orders.exceptions import OrderError
from orders.models import (
    DeliveryAttempt,
    Order,
    OutboxChannel,
    OutboxEntry,
    OutboxMessage,
    OutboxStatus,
    Shipment,
)
from orders.states import move_outbox

DEFAULT_TIMEOUT_S = 10.0  # the read timeout of ``transmit`` when none is given
CONNECT_TIMEOUT_S = 5.0
LEASE = timedelta(minutes=2)  # how long a claimed entry stays the claiming worker's
EXCERPT_CHARS = 300  # of the answer, kept with the attempt for operators; no page shows it
_READ_BYTES = 4 * EXCERPT_CHARS  # enough for 300 characters of UTF-8; the rest is not read
MAX_ID = 2**31 - 1
WORKER = actors.ActorKind.SYSTEM.value  # the tag of the worker's moves: a process

log = logging.getLogger(__name__)

# Wait after the 1st, 2nd, … failed attempt. They add up to 22 h 42 min 30 s (27 h 15 min with
# the most jitter), so a message gives up about a day after its first try, with 9 attempts.
BACKOFF: tuple[timedelta, ...] = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
JITTER = 0.2  # up to 20 % more, so galleries' failed messages do not all come back at once

_jitter_source = random.Random()  # noqa: S311 - spreads retries; nothing secret depends on it


class FailureReason(enum.StrEnum):
    """Why an attempt failed, as kept with it: the manager's log shows these in plain words,
    the technical detail (exception text, address) goes to the worker's log only."""

    TIMEOUT = "timeout"
    CONNECTION = "connection"
    HTTP_STATUS = "http_status"
    NO_ENDPOINT = "no_endpoint"
    NO_SECRET = "no_secret"  # noqa: S105 - a reason code, not a secret
    BAD_SECRET = "bad_secret"  # noqa: S105 - a reason code, not a secret
    BLOCKED_ADDRESS = "blocked_address"  # the endpoint is, or now resolves to, an inward address


class NotRetryable(OrderError):
    """Only a dead message of a gallery that still has a courier endpoint can be retried."""


@dataclass(frozen=True)
class Outcome:
    """What one HTTP attempt gave: a status code or an error, the start of the answer, time."""

    status_code: int | None
    error: str
    excerpt: str
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


# Claiming


def claim_due(session: DbSession, now: datetime, limit: int) -> list[OutboxEntry]:
    """Pending entries due at ``now`` (courier messages and emails alike), oldest first,
    locked against other workers (PostgreSQL) until the caller's transaction ends; no lease
    (tests, scripts). The worker claims with :func:`lease_due`."""
    stmt = (
        select(OutboxEntry)
        .where(OutboxEntry.status == OutboxStatus.PENDING, OutboxEntry.next_attempt_at <= now)
        .order_by(OutboxEntry.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # SQLite: no clause, see the module docstring
    )
    return list(session.scalars(stmt))


def _due(now: datetime, skip_galleries: Collection[int], skip_email: bool) -> list[Any]:
    """The conditions on an entry due at ``now``, less the endpoints left out."""
    table = OutboxEntry.__table__
    due: list[Any] = [table.c.status == OutboxStatus.PENDING, table.c.next_attempt_at <= now]
    if skip_galleries:
        due.append(
            or_(
                table.c.channel == OutboxChannel.EMAIL.value,
                table.c.gallery_id.not_in(list(skip_galleries)),
            )
        )
    if skip_email:
        due.append(table.c.channel != OutboxChannel.EMAIL.value)
    return due


def any_due(
    session: DbSession,
    now: datetime,
    *,
    skip_galleries: Collection[int] = (),
    skip_email: bool = False,
) -> bool:
    """Whether any entry is due at ``now`` (the endpoints left out aside): one read, so the
    worker takes the write lock only when there is something to claim."""
    table = OutboxEntry.__table__
    stmt = select(table.c.id).where(*_due(now, skip_galleries, skip_email)).limit(1)
    return session.scalar(stmt) is not None


def lease_due(
    session: DbSession,
    now: datetime,
    limit: int,
    *,
    per_endpoint: int,
    lease: timedelta = LEASE,
    skip_galleries: Collection[int] = (),
    skip_email: bool = False,
) -> list[OutboxEntry]:
    """Claim up to ``limit`` due entries, round-robin across endpoints and at most
    ``per_endpoint`` of each, and lease them until ``now + lease`` (see the module docstring);
    flushes. Entries for ``skip_galleries`` (and emails, with ``skip_email``) are left alone.

    The caller commits at once, before sending anything. On PostgreSQL a row another worker is
    claiming at the same moment is skipped; the choice is made again without it (a few times),
    so a worker does not go idle just because a neighbour took the rows it picked first.
    """
    table = OutboxEntry.__table__
    due = _due(now, skip_galleries, skip_email)
    taken: list[OutboxEntry] = []
    passed_over: list[int] = []  # picked, but locked by another worker
    for _ in range(3):
        want = limit - len(taken)
        rank = func.row_number().over(
            partition_by=(table.c.channel, table.c.gallery_id), order_by=table.c.id
        )
        ranked = select(table.c.id, rank.label("rank")).where(*due)
        if passed_over or taken:
            ranked = ranked.where(table.c.id.not_in(passed_over + [e.id for e in taken]))
        inner = ranked.subquery()
        ids: list[int] = list(
            session.scalars(
                select(inner.c.id)
                .where(inner.c.rank <= per_endpoint)
                .order_by(inner.c.rank, inner.c.id)
                .limit(want)
            )
        )
        if not ids:
            break
        locked = list(
            session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.id.in_(ids), *due)
                .order_by(OutboxEntry.id)
                .with_for_update(skip_locked=True)  # SQLite: no clause, see the docstring
            )
        )
        order = {entry_id: n for n, entry_id in enumerate(ids)}
        taken += sorted(locked, key=lambda e: order[e.id])  # the round-robin order
        if len(locked) == len(ids) or len(taken) >= limit:
            break
        got = {e.id for e in locked}
        passed_over += [entry_id for entry_id in ids if entry_id not in got]
    until = now + lease
    for entry in taken:
        entry.next_attempt_at = until
    session.flush()
    return taken


def leased(session: DbSession, entry_id: int, lease_until: datetime) -> OutboxEntry | None:
    """The entry, locked and fresh from the database, if the lease ending at ``lease_until``
    is still its current one (pending, due exactly then); None when it was taken over."""
    entry = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.id == entry_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if entry is None or entry.status is not OutboxStatus.PENDING:
        return None
    due = entry.next_attempt_at
    if (due if due.tzinfo else due.replace(tzinfo=UTC)) != lease_until:
        return None
    return entry


def release(session: DbSession, entry_id: int, lease_until: datetime, due: datetime) -> bool:
    """Give a leased entry back unsent, due at ``due``, without counting an attempt (the
    worker is stopping, or the endpoint's breaker is open); flushes. False if no longer ours."""
    entry = leased(session, entry_id, lease_until)
    if entry is None:
        return False
    entry.next_attempt_at = due
    session.flush()
    return True


# Sending


def backoff_delay(failed_attempts: int) -> timedelta | None:
    """How long to wait after this many failed attempts, with jitter; None means give up."""
    if failed_attempts > len(BACKOFF):
        return None
    base = BACKOFF[failed_attempts - 1]
    return base * (1 + _jitter_source.uniform(0, JITTER))


def serialise(payload: dict) -> str:
    """The JSON body, made once: the text signed is exactly the text sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _excerpt(response: requests.Response) -> str:
    try:
        head = response.raw.read(_READ_BYTES, decode_content=True) or b""
    except (requests.RequestException, Urllib3Error, OSError):
        return ""
    return head.decode("utf-8", "replace")[:EXCERPT_CHARS]


class PinnedAdapter(requests.adapters.HTTPAdapter):
    """Connects to one checked address while TLS still proves the host name: the name goes in
    SNI and the certificate must be valid for it (urllib3's ``server_hostname`` and
    ``assert_hostname``), so pinning weakens nothing."""

    def __init__(self, host: str) -> None:
        self._host = host
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs |= {"server_hostname": self._host, "assert_hostname": self._host}
        super().init_poolmanager(*args, **kwargs)


def _pinned(destination: outbound.Destination) -> tuple[str, dict[str, str]]:
    """The URL with the approved address in place of the name, and the Host header."""
    parts = urlsplit(destination.url)
    address = destination.address or destination.host
    netloc = f"[{address}]" if ":" in address else address
    default_port = 443 if parts.scheme == "https" else 80
    host = destination.host
    if parts.port is not None and parts.port != default_port:
        netloc, host = f"{netloc}:{parts.port}", f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), {"Host": host}


def post(
    http: requests.Session,
    url: str | outbound.Destination,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    connect_timeout: float = CONNECT_TIMEOUT_S,
) -> Outcome:
    """POST once, never following redirects; network errors become an Outcome, not exceptions.
    ``timeout`` bounds each wait for the answer, ``connect_timeout`` (at most ``timeout``) the
    connection's set-up. A :class:`~catalog.outbound.Destination` with an address is called
    at that address only (a session of its own, with ``http``'s certificate settings)."""
    started = time.monotonic()
    target = url.url if isinstance(url, outbound.Destination) else url
    pinned = isinstance(url, outbound.Destination) and url.address is not None
    try:
        with contextlib.ExitStack() as stack:
            session = http
            if pinned:
                assert isinstance(url, outbound.Destination) and url.address is not None
                session = stack.enter_context(requests.Session())
                session.trust_env = False  # no proxy from the environment: the address is it
                session.verify = http.verify
                session.mount("https://", PinnedAdapter(url.host))
                target, host_header = _pinned(url)
                headers = headers | host_header
            response = stack.enter_context(
                session.post(
                    target,
                    data=body,
                    headers=headers,
                    timeout=(min(connect_timeout, timeout), timeout),
                    allow_redirects=False,
                    stream=True,  # read only the start of the answer, however long it is
                )
            )
            status, excerpt = response.status_code, _excerpt(response)
    except requests.Timeout:
        log.warning("dispatch: %s did not answer within %g s", target, timeout)
        return Outcome(None, FailureReason.TIMEOUT, "", _ms_since(started))
    except (requests.RequestException, Urllib3Error, OSError) as error:
        log.warning("dispatch: could not reach %s: %s: %s", target, type(error).__name__, error)
        return Outcome(None, FailureReason.CONNECTION, "", _ms_since(started))
    refused = "" if 200 <= status < 300 else FailureReason.HTTP_STATUS.value
    return Outcome(status, refused, excerpt, _ms_since(started))


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _unsendable(gallery: Gallery) -> str:
    """Why a message to this gallery cannot be sent at all, or '' when it can."""
    if not gallery.courier_endpoint_url:
        return FailureReason.NO_ENDPOINT
    if not gallery.courier_secret:
        return FailureReason.NO_SECRET
    try:
        signing.check_secret(gallery.courier_secret)
    except signing.UnusableSecret as error:
        log.warning("dispatch: gallery %s has an invalid secret (%s)", gallery.id, error)
        return FailureReason.BAD_SECRET
    return ""


def _checked(url: str, allow_private: bool, ports: Collection[int]) -> outbound.Destination | None:
    """Where to send, checked after a fresh name resolution; None when it may not be called."""
    try:
        return outbound.resolve_for_send(url, allow_private=allow_private, ports=ports)
    except outbound.BlockedURL as error:
        log.warning("dispatch: refused to call %s: %s", url, error.detail)
        return None


@dataclass(frozen=True)
class Courier:
    """What sending one courier message needs, read from the database beforehand, so a thread
    can send it without touching the session: the endpoint, the secret, the id and the body;
    or ``problem``, why it cannot be sent at all."""

    url: str
    secret: str
    message_id: str
    body: str
    problem: str = ""


def courier_of(message: OutboxMessage) -> Courier:
    """The sending data of a claimed message (loads its gallery)."""
    gallery = message.gallery
    problem = _unsendable(gallery)
    return Courier(
        url=gallery.courier_endpoint_url or "",
        secret=gallery.courier_secret or "",
        message_id=message.message_id,
        body="" if problem else serialise(message.payload),
        problem=problem,
    )


def deliver(
    courier: Courier,
    http: requests.Session,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    connect_timeout: float = CONNECT_TIMEOUT_S,
    allow_private: bool = False,
    ports: Collection[int] = outbound.HTTPS_PORTS,
) -> tuple[Outcome, bool]:
    """Send once, touching no database: what came back, and whether it is final (the gallery
    cannot be sent to at all, so retrying is no use).

    The endpoint is checked again first (``allow_private`` and ``ports``: the ``OUTBOUND_*``
    settings): one that is, or now resolves to, an inward address is not called, and the
    attempt fails as ``blocked_address`` (retried, since a name may resolve elsewhere later).
    The signature carries the wall-clock time of sending, which receivers compare with their
    own clock.
    """
    if courier.problem:
        return Outcome(None, courier.problem, "", 0), True
    destination = _checked(courier.url, allow_private, ports)
    if destination is None:
        return Outcome(None, FailureReason.BLOCKED_ADDRESS, "", 0), False
    headers = signing.sign(courier.secret, courier.message_id, datetime.now(UTC), courier.body)
    outcome = post(http, destination, courier.body.encode(), headers, timeout, connect_timeout)
    return outcome, False


def transmit(
    message: OutboxMessage,
    http: requests.Session,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    allow_private: bool = False,
    ports: Collection[int] = outbound.HTTPS_PORTS,
) -> tuple[Outcome, bool]:
    """Send a claimed message once, writing nothing: :func:`deliver` of :func:`courier_of`."""
    return deliver(
        courier_of(message), http, timeout=timeout, allow_private=allow_private, ports=ports
    )


def record(
    session: DbSession,
    message: OutboxEntry,
    outcome: Outcome,
    now: datetime,
    *,
    final: bool = False,
) -> DeliveryAttempt:
    """Log the attempt; 2xx sends the message, else it waits its back-off or, at the end, dies."""
    attempt = DeliveryAttempt(
        message=message,
        attempted_at=now,
        status_code=outcome.status_code,
        error=outcome.error[:500],
        response_excerpt=outcome.excerpt[:EXCERPT_CHARS],
        duration_ms=outcome.duration_ms,
    )
    session.add(attempt)
    message.attempts += 1
    if outcome.delivered:
        move_outbox(session, message, OutboxStatus.SENT, actor=WORKER)
        message.sent_at, message.last_error = now, ""
    else:
        message.last_error = outcome.error[:500]
        delay = None if final else backoff_delay(message.attempts)
        if delay is None:
            move_outbox(session, message, OutboxStatus.DEAD, note=outcome.error, actor=WORKER)
        else:
            message.next_attempt_at = now + delay
    session.flush()
    return attempt


# Dead letters


def dead_letters(
    session: DbSession, cooperative_id: int, limit: int = 200
) -> Sequence[OutboxMessage]:
    """The cooperative's messages that gave up, newest first, with their gallery loaded."""
    stmt = (
        select(OutboxMessage)
        .join(OutboxMessage.gallery)
        .where(Gallery.cooperative_id == cooperative_id, OutboxMessage.status == OutboxStatus.DEAD)
        .options(joinedload(OutboxMessage.gallery), selectinload(OutboxMessage.delivery_attempts))
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    )
    return session.scalars(stmt).unique().all()


def order_codes(session: DbSession, messages: Sequence[OutboxMessage]) -> dict[int, str]:
    """The order code of each message's shipment, by shipment id, in one query."""
    ids = {m.shipment_id for m in messages if m.shipment_id is not None}
    if not ids:
        return {}
    stmt = select(Shipment.id, Order.code).join(Shipment.order).where(Shipment.id.in_(ids))
    return dict(session.execute(stmt).tuples().all())


def message_of(session: DbSession, cooperative_id: int, message_id: int) -> OutboxMessage:
    """One of the cooperative's outbox messages; another cooperative's is NotFound."""
    message = session.get(OutboxMessage, message_id) if 0 < message_id <= MAX_ID else None
    if message is None or message.gallery.cooperative_id != cooperative_id:
        raise NotFound("outbox message")
    return message


def retry_dead(
    session: DbSession, message: OutboxMessage, now: datetime, *, actor: str = ""
) -> OutboxMessage:
    """Send a dead message again, due now, with a fresh back-off schedule; flushes.

    The attempt counter restarts at zero, so the message gets another day of tries (the
    person retrying has usually just fixed the endpoint); its attempts stay in the log, and
    its ``webhook-id`` stays the same, so a receiver that did get it can still drop it.
    """
    if message.status is not OutboxStatus.DEAD:
        raise NotRetryable(N_("Only a message that gave up can be sent again."))
    if _unsendable(message.gallery):
        raise NotRetryable(
            N_("Set the gallery's courier endpoint and signing secret first, then retry.")
        )
    move_outbox(session, message, OutboxStatus.PENDING, actor=actor)
    message.attempts = 0
    message.next_attempt_at = now
    message.last_error = ""
    session.flush()
    return message
