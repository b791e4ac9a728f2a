"""Emails leave through the outbox: a mail server that is down or slow delays no request and
loses no email. The requests write the emails in their own commit; the dispatch worker sends
them with the courier messages' back-off once the server is back, each exactly once."""

from __future__ import annotations

import socket
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from orders.dispatch import BACKOFF, JITTER, MAX_ATTEMPTS
from orders.models import DeliveryAttempt, OrderStatus, OutboxEmail, OutboxStatus
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.storefront.test_mail import Inbox, free_port, send_due_emails
from tests.storefront.test_notifications import RINA, add_to_cart, check_out, manager, place_cod
from tests.webforms import form_for

MAIL_TIMEOUT_S = 5


@pytest.fixture
def mail_port(app: Flask, monkeypatch: pytest.MonkeyPatch) -> int:
    """The app sends through SMTP on a port of 127.0.0.1 where, for now, nobody answers."""
    port = free_port()
    for key, value in {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_TIMEOUT": MAIL_TIMEOUT_S,
        "PUBLIC_BASE_URL": "https://gerai.example",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return port


@pytest.fixture
def hanging_server(mail_port: int) -> Iterator[socket.socket]:
    """A mail server that takes the connection and never says a word (a slow one)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", mail_port))
        listener.listen(16)
        yield listener


def start_inbox(port: int) -> tuple[Inbox, Controller]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return handler, controller


def timed(action):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    result = action()
    return result, time.monotonic() - started


def outbox(db_session) -> list[OutboxEmail]:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return list(db_session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_orders_placed_and_cancelled_while_smtp_is_down_email_everyone_once_when_it_returns(
    app, web, db_session, mail_port, hanging_server
):
    keripik = factories.product(db_session, name="Keripik Tempe Uji", price=15_000)
    ani = manager(db_session, keripik.gallery.cooperative, email="ani@kop.example")
    db_session.commit()
    to_cancel = place_cod(db_session, keripik)

    # The server hangs: no request waits for it.
    add_to_cart(web, keripik, 2)
    placed, placing_s = timed(lambda: check_out(web, db_session, [keripik]))
    page = web.get(f"/pesanan/{to_cancel.code}?token={to_cancel.access_token}")
    _, cancelling_s = timed(form_for(page, f"/pesanan/{to_cancel.code}/batal").submit)
    assert placing_s < MAIL_TIMEOUT_S and cancelling_s < MAIL_TIMEOUT_S
    assert placed.status is OrderStatus.CONFIRMED
    assert fresh(db_session, to_cancel).status is OrderStatus.CANCELLED
    waiting = outbox(db_session)
    expected = {
        (RINA, f"Pesanan {placed.code}"),  # placed
        (ani.email, f"Pesanan baru {placed.code}"),
        (RINA, f"Pesanan {to_cancel.code} dibatalkan"),
        (ani.email, f"Pesanan {to_cancel.code} untuk"),  # withdrawn: do not pack it
    }
    assert len(waiting) == len(expected)
    assert all(e.status is OutboxStatus.PENDING and e.attempts == 0 for e in waiting)

    # The server is down: the worker tries, records the failure and schedules the retry.
    hanging_server.close()
    tried_at = datetime.now(UTC)
    assert send_due_emails(app, tried_at) == 0
    waiting = outbox(db_session)
    assert [(e.status, e.attempts, e.last_error) for e in waiting] == [
        (OutboxStatus.PENDING, 1, "connection")
    ] * len(expected)
    for entry in waiting:
        [attempt] = db_session.scalars(
            select(DeliveryAttempt).where(DeliveryAttempt.message_id == entry.id)
        ).all()
        assert attempt.status_code is None and attempt.error == "connection"
        retry_in = entry.next_attempt_at.replace(tzinfo=UTC) - tried_at
        assert BACKOFF[0] <= retry_in <= BACKOFF[0] * (1 + JITTER)

    # It comes back: nothing before the retry time, everything once at it, nothing after.
    inbox, controller = start_inbox(mail_port)
    try:
        assert send_due_emails(app, tried_at + timedelta(seconds=1)) == 0
        retry_at = tried_at + BACKOFF[0] * (1 + JITTER) + timedelta(seconds=1)
        assert send_due_emails(app, retry_at) == len(expected)
        assert send_due_emails(app, retry_at + timedelta(days=2)) == 0
    finally:
        controller.stop()

    got = Counter(
        (m["To"].addresses[0].addr_spec, prefix)
        for m in inbox.messages
        for to, prefix in expected
        if m["Subject"].startswith(prefix) and m["To"].addresses[0].addr_spec == to
    )
    assert got == Counter(expected)  # every email, each exactly once
    assert len(inbox.messages) == len(expected)
    sent = outbox(db_session)
    assert {e.status for e in sent} == {OutboxStatus.SENT} and {e.attempts for e in sent} == {2}
    message_ids = sorted(m["Message-ID"] for m in inbox.messages)
    assert message_ids == sorted(f"<{e.message_id}@gerai.example>" for e in sent)


def test_an_email_gives_up_into_the_dead_letters_after_the_last_attempt(
    app, web, db_session, mail_port
):
    order = place_cod(db_session, factories.product(db_session))
    page = web.get(f"/pesanan/{order.code}?token={order.access_token}")
    form_for(page, f"/pesanan/{order.code}/batal").submit()  # the shopper is emailed
    [entry] = outbox(db_session)

    moment = datetime.now(UTC)
    for _ in range(MAX_ATTEMPTS):
        assert send_due_emails(app, moment) == 0
        moment += timedelta(days=1)  # past any back-off

    [entry] = outbox(db_session)
    assert entry.status is OutboxStatus.DEAD and entry.attempts == MAX_ATTEMPTS
    inbox, controller = start_inbox(mail_port)
    try:
        assert send_due_emails(app, moment + timedelta(days=30)) == 0  # dead stays dead
    finally:
        controller.stop()
    assert inbox.envelopes == []


class Refusing(Inbox):
    async def handle_RCPT(self, _server, session, envelope, address, _options):  # type: ignore[no-untyped-def]
        return "550 5.1.1 No such mailbox here"


def test_a_recipient_the_server_refuses_for_good_is_not_retried(app, web, db_session, mail_port):
    order = place_cod(db_session, factories.product(db_session))
    page = web.get(f"/pesanan/{order.code}?token={order.access_token}")
    form_for(page, f"/pesanan/{order.code}/batal").submit()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=mail_port)
    controller.start()
    try:
        assert send_due_emails(app) == 0
    finally:
        controller.stop()

    [entry] = outbox(db_session)
    assert entry.status is OutboxStatus.DEAD and entry.attempts == 1
    [attempt] = entry.delivery_attempts
    assert attempt.status_code == 550 and "No such mailbox" in attempt.response_excerpt
