"""The dispatch worker's logic: send outbox messages to galleries' courier dispatchers.

A message is claimed, sent as signed JSON (Standard Webhooks: ``webhook-id``,
``webhook-timestamp``, ``webhook-signature``), its attempt recorded, and the transaction
committed by the caller: one message per transaction, so a worker that dies loses at most the
message in flight. Sending comes before recording, so a worker killed between the two sends
that message again later with the same ``webhook-id``: delivery is at least once, and receivers
drop duplicates by the id.

Several workers may share the outbox on PostgreSQL: :func:`claim_due` takes the rows with
``SELECT … FOR UPDATE SKIP LOCKED``, so a message locked by one worker is invisible to the
others until that worker commits. A commit releases every lock the transaction holds, which is
why the worker claims one message per transaction. SQLite has no row locks (the clause is left
out there): run one worker against SQLite.

Emails share the outbox, the claim, :func:`record` (back-off and dead letters) and the worker
loop; only their sending differs: ``storefront.mail.send_outbox_email`` speaks SMTP and records
its outcome here, with the SMTP reply code where a courier message has its HTTP status.

Functions here flush, never commit.
"""

from __future__ import annotations

import enum
import json
import logging
import random
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import select
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
    OutboxEntry,
    OutboxMessage,
    OutboxStatus,
    Shipment,
)
from orders.states import move_outbox

DEFAULT_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_S = 5.0
EXCERPT_CHARS = 300  # of the response body, kept with the attempt for the manager's log
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
    locked against other workers (PostgreSQL)."""
    stmt = (
        select(OutboxEntry)
        .where(OutboxEntry.status == OutboxStatus.PENDING, OutboxEntry.next_attempt_at <= now)
        .order_by(OutboxEntry.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # SQLite: no clause, see the module docstring
    )
    return list(session.scalars(stmt))


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


def post(
    http: requests.Session, url: str, body: bytes, headers: dict[str, str], timeout: float
) -> Outcome:
    """POST once, never following redirects; network errors become an Outcome, not exceptions."""
    started = time.monotonic()
    try:
        with http.post(
            url,
            data=body,
            headers=headers,
            timeout=(min(CONNECT_TIMEOUT_S, timeout), timeout),
            allow_redirects=False,
            stream=True,  # read only the start of the answer, however long it is
        ) as response:
            status, excerpt = response.status_code, _excerpt(response)
    except requests.Timeout:
        log.warning("dispatch: %s did not answer within %g s", url, timeout)
        return Outcome(None, FailureReason.TIMEOUT, "", _ms_since(started))
    except (requests.RequestException, Urllib3Error, OSError) as error:
        log.warning("dispatch: could not reach %s: %s: %s", url, type(error).__name__, error)
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


def _blocked(url: str, allow_private: bool, ports: Collection[int]) -> bool:
    """Whether the endpoint may not be called now (checked after a fresh name resolution)."""
    try:
        outbound.resolve_for_send(url, allow_private=allow_private, ports=ports)
    except outbound.BlockedURL as error:
        log.warning("dispatch: refused to call %s: %s", url, error.detail)
        return True
    return False


def transmit(
    message: OutboxMessage,
    http: requests.Session,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    allow_private: bool = False,
    ports: Collection[int] = outbound.HTTPS_PORTS,
) -> tuple[Outcome, bool]:
    """Send a claimed message once, writing nothing: what came back, and whether it is final
    (the gallery cannot be sent to at all, so retrying is no use).

    The endpoint is checked again first (``allow_private`` and ``ports``: the ``OUTBOUND_*``
    settings): one that is, or now resolves to, an inward address is not called, and the
    attempt fails as ``blocked_address`` (retried, since a name may resolve elsewhere later).
    The signature carries the wall-clock time of sending, which receivers compare with their
    own clock.
    """
    gallery = message.gallery
    problem = _unsendable(gallery)
    if problem:
        return Outcome(None, problem, "", 0), True
    if _blocked(gallery.courier_endpoint_url or "", allow_private, ports):
        return Outcome(None, FailureReason.BLOCKED_ADDRESS, "", 0), False
    body = serialise(message.payload)
    headers = signing.sign(
        gallery.courier_secret or "", message.message_id, datetime.now(UTC), body
    )
    return post(http, gallery.courier_endpoint_url or "", body.encode(), headers, timeout), False


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
