"""Order emails: written to the outbox by the commit, sent by the dispatch worker to a real
local SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from flask import Flask, has_app_context
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import scoped_session

import config
from catalog import db
from config import ConfigError, DevelopmentConfig
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.models import (
    DeliveryMethod,
    Order,
    OutboxEmail,
    OutboxStatus,
    PaymentMethod,
    ShipmentStatus,
)
from storefront.dispatch_cli import dispatch_next
from storefront.mail import SUBJECTS, init_mail, order_link, queue_order_email
from tests import factories

RINA = "rina@gerai.example"


class Inbox:
    """An aiosmtpd handler that keeps every envelope it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, _server, _session, envelope: Envelope) -> str:  # type: ignore[no-untyped-def]
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.content, policy=email.policy.default)  # type: ignore[misc]
            for e in self.envelopes
        ]


def send_due_emails(app: Flask, now: datetime | None = None) -> int:
    """Run the dispatch worker over what is due (``flask dispatch-worker --once``), as it would
    at ``now``; how many entries it sent."""
    sent = 0
    with nullcontext() if has_app_context() else app.app_context(), requests.Session() as http:
        http.trust_env = False
        while (result := dispatch_next(db.session, http, 5.0, now)) is not None:
            sent += result
    return sent


class OutboxEmails(Sequence[EmailMessage]):
    """The emails the commits so far wrote to the outbox, oldest first: what the dispatch
    worker will send. Read from the table each time it is used."""

    def _messages(self) -> list[EmailMessage]:
        rows = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id))
        return [
            email.message_from_string(row.payload["mime"], policy=email.policy.default)  # type: ignore[misc]
            for row in rows
        ]

    def __len__(self) -> int:
        return len(self._messages())

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._messages()[index]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1 and a free port, stopped after the test."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port  # type: ignore[attr-defined]
    yield handler
    controller.stop()


@pytest.fixture
def smtp_app(app: Flask, inbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The test app sending through ``inbox``, inside an app context."""
    for key, value in {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": inbox.port,  # type: ignore[attr-defined]
        "MAIL_TIMEOUT": 5,
        "PUBLIC_BASE_URL": "https://gerai.example",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    with app.app_context():
        yield app


def place(session: scoped_session, email_address: str | None = RINA, **product_kw) -> Order:  # type: ignore[no-untyped-def]
    product = factories.product(session, **product_kw)
    request = CheckoutRequest(
        customer=Customer(name="Rina", phone="081234567890", email=email_address),
        lines=[LineRequest(product.id, 2)],
        choices={product.gallery_id: GalleryChoice(DeliveryMethod.PICKUP)},
        payment_method=PaymentMethod.COD,
    )
    return place_order(session, request)


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()  # type: ignore[attr-defined]


def test_placed_order_emails_the_shopper_once_after_commit(smtp_app, db_session, inbox):
    order = place(db_session)
    queue_order_email(db_session, "placed", order)
    db_session.flush()
    assert inbox.envelopes == []  # nothing before the commit

    db_session.commit()
    assert inbox.envelopes == []  # the commit wrote it to the outbox; no request sends mail
    assert send_due_emails(smtp_app) == 1

    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == [RINA]
    [message] = inbox.messages
    assert order.code in message["Subject"]
    text, html = parts(message)
    for body in (text, html):
        assert order.code in body
        assert "Rp 50.000" in body  # 2 × Rp 25.000, shown the Indonesian way
        assert order.access_token in body
    link = order_link(order)
    assert link.startswith("https://gerai.example/pesanan/")
    assert parse_qs(urlsplit(link).query)["token"] == [order.access_token]
    assert link in text


def test_message_is_well_formed_text_and_html_in_utf8(smtp_app, db_session, inbox):
    order = place(db_session, name="Gula Semut Aren – Pondok Aren")
    queue_order_email(db_session, "placed", order)
    db_session.commit()
    send_due_emails(smtp_app)

    [message] = inbox.messages
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert {p.get_content_charset() for p in message.iter_parts()} == {"utf-8"}
    assert message["Message-ID"].endswith("@gerai.example>")
    assert message["Date"]
    assert message["From"] == "Gerai <no-reply@gerai.example>"
    assert message["To"].addresses[0].addr_spec == RINA
    assert "Gula Semut Aren – Pondok Aren" in parts(message)[0]


def test_link_opens_the_order_page_when_it_is_registered(smtp_app, db_session):
    order = place(db_session)
    path = urlsplit(order_link(order)).path
    if "orders.detail" in smtp_app.view_functions:
        adapter = smtp_app.url_map.bind("gerai.example")
        assert adapter.match(path)[0] == "orders.detail"
    assert path == f"/pesanan/{order.code}"


def test_rolled_back_order_sends_nothing(smtp_app, db_session, inbox):
    order = place(db_session)
    queue_order_email(db_session, "placed", order)
    db_session.rollback()
    db_session.commit()
    send_due_emails(smtp_app)
    assert inbox.envelopes == []


def test_a_rollback_forgets_the_email_even_when_the_order_exists(smtp_app, db_session, inbox):
    order = place(db_session)
    db_session.commit()
    queue_order_email(db_session, "confirmed", order)
    db_session.rollback()

    db_session.commit()  # a later commit must not send the forgotten email
    send_due_emails(smtp_app)

    assert inbox.envelopes == []


def test_order_without_email_sends_nothing(smtp_app, db_session, inbox):
    order = place(db_session, email_address=None)
    queue_order_email(db_session, "placed", order)
    db_session.commit()
    send_due_emails(smtp_app)
    assert inbox.envelopes == []


def test_queued_twice_sends_once(smtp_app, db_session, inbox):
    order = place(db_session)
    queue_order_email(db_session, "placed", order)
    queue_order_email(db_session, "placed", order)
    db_session.commit()
    send_due_emails(smtp_app)
    assert len(inbox.envelopes) == 1


def test_savepoints_release_nothing_early_and_a_rolled_back_one_drops_its_email(
    smtp_app, db_session, inbox
):
    order = place(db_session)
    queue_order_email(db_session, "placed", order)
    with db_session.begin_nested():  # released savepoint: not the real commit
        pass
    assert inbox.envelopes == []
    savepoint = db_session.begin_nested()
    queue_order_email(db_session, "confirmed", order)
    savepoint.rollback()

    db_session.commit()
    send_due_emails(smtp_app)

    assert [order.code in m["Subject"] for m in inbox.messages] == [True]
    with force_locale("id"):
        assert inbox.messages[0]["Subject"] == gettext(SUBJECTS["placed"], code=order.code)


def test_smtp_server_down_is_logged_and_does_not_raise(smtp_app, db_session, caplog):
    smtp_app.config["MAIL_PORT"] = free_port()  # nobody listens there
    order = place(db_session)
    queue_order_email(db_session, "placed", order)

    with caplog.at_level(logging.ERROR, logger=smtp_app.logger.name):
        db_session.commit()
        assert send_due_emails(smtp_app) == 0

    assert any("Could not send 1 email" in r.getMessage() for r in caplog.records)
    assert db_session.get(Order, order.id) is not None  # the order stays committed
    db_session.expire_all()
    [waiting] = db_session.scalars(select(OutboxEmail)).all()
    assert waiting.status is OutboxStatus.PENDING and waiting.attempts == 1  # to be retried
    assert waiting.last_error == "connection"


def test_subject_and_body_are_indonesian_by_default(smtp_app, db_session, inbox):
    order = place(db_session)
    queue_order_email(db_session, "placed", order)
    queue_order_email(db_session, "placed", order, language="en")
    db_session.commit()
    send_due_emails(smtp_app)

    default, english = inbox.messages
    with force_locale("id"):
        assert default["Subject"] == gettext(SUBJECTS["placed"], code=order.code)
    with force_locale("en"):
        assert english["Subject"] == f"We received your order {order.code}"
    assert default["Subject"] != english["Subject"]  # translated (the catalogue is compiled)
    assert default["Content-Language"] == "id"
    assert english["Content-Language"] == "en"
    assert '<html lang="id">' in parts(default)[1]


def test_names_are_escaped_in_html_but_plain_in_text(smtp_app, db_session, inbox):
    order = place(db_session, name='Keripik <b>"Pedas"</b> & Manis')
    order.customer_name = "<script>alert(1)</script> Rina"
    queue_order_email(db_session, "placed", order)
    db_session.commit()
    send_due_emails(smtp_app)

    [message] = inbox.messages
    text, html = parts(message)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Rina" in html
    assert "Keripik &lt;b&gt;&#34;Pedas&#34;&lt;/b&gt; &amp; Manis" in html
    assert "<script>alert(1)</script> Rina" in text
    assert 'Keripik <b>"Pedas"</b> & Manis' in text


def test_courier_email_is_per_shipment(smtp_app, db_session, inbox):
    order = place(db_session)
    shipment = order.shipments[0]
    shipment.courier_name, shipment.courier_plate = "Pak Budi", "B 1234 XYZ"
    with pytest.raises(ValueError, match="shipment"):
        queue_order_email(db_session, "handed_to_courier", order)
    queue_order_email(db_session, "handed_to_courier", order, shipment=shipment)
    shipment.status = ShipmentStatus.DELIVERED
    queue_order_email(db_session, "delivered", order, shipment=shipment)
    db_session.commit()
    send_due_emails(smtp_app)

    courier, delivered = inbox.messages
    assert shipment.gallery.name in courier["Subject"]
    assert "Pak Budi" in parts(courier)[0] and "B 1234 XYZ" in parts(courier)[0]
    assert shipment.gallery.name in delivered["Subject"]
    assert shipment.gallery.kecamatan.name in parts(delivered)[0]


def test_log_backend_writes_the_message_to_the_app_log(smtp_app, db_session, inbox, caplog):
    smtp_app.config["MAIL_BACKEND"] = "log"
    order = place(db_session)
    queue_order_email(db_session, "placed", order)

    db_session.commit()
    with caplog.at_level(logging.INFO, logger=smtp_app.logger.name):
        assert send_due_emails(smtp_app) == 1

    assert inbox.envelopes == []
    [record] = [r for r in caplog.records if "MAIL_BACKEND=log" in r.getMessage()]
    assert record.levelno == logging.INFO
    assert order.code in record.getMessage() and RINA in record.getMessage()


def test_login_when_username_is_set(app, db_session, monkeypatch):
    from aiosmtpd.smtp import AuthResult

    logins = []

    def authenticator(_server, _session, _envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        logins.append((mechanism, auth_data.login, auth_data.password))
        return AuthResult(success=True)

    handler = Inbox()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticator,
        auth_require_tls=False,  # only on loopback in this test; real servers use TLS
    )
    controller.start()
    try:
        for key, value in {
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": controller.port,
            "MAIL_USERNAME": "gerai",
            "MAIL_PASSWORD": "rahasia",
        }.items():
            monkeypatch.setitem(app.config, key, value)
        with app.app_context():
            order = place(db_session)
            queue_order_email(db_session, "placed", order)
            db_session.commit()
            send_due_emails(app)
    finally:
        controller.stop()
    assert [(m, login, pw) for m, login, pw in logins] == [("PLAIN", b"gerai", b"rahasia")]
    assert len(handler.envelopes) == 1


def test_mail_settings_are_checked_at_start(app, monkeypatch):
    for bad, message in [
        ({"MAIL_BACKEND": "carrier-pigeon"}, "MAIL_BACKEND"),
        ({"MAIL_BACKEND": "smtp", "MAIL_SERVER": ""}, "MAIL_SERVER"),
        ({"MAIL_USE_TLS": True, "MAIL_USE_SSL": True}, "not both"),
    ]:
        with monkeypatch.context() as m:
            for key, value in bad.items():
                m.setitem(app.config, key, value)
            with pytest.raises(ConfigError, match=message):
                init_mail(app)


def test_backend_follows_mail_server_except_in_tests(monkeypatch):
    monkeypatch.delenv("MAIL_BACKEND", raising=False)
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    assert DevelopmentConfig().MAIL_BACKEND == "log"
    monkeypatch.setenv("MAIL_SERVER", "smtp.gerai.example")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    development = DevelopmentConfig()
    assert (development.MAIL_BACKEND, development.MAIL_PORT) == ("smtp", 587)
    assert config.TestingConfig().MAIL_BACKEND == "log"


def test_card_order_with_delivery_gets_placed_then_confirmed(smtp_app, db_session, inbox):
    from orders.lifecycle import confirm_order

    product = factories.product(db_session)
    request = CheckoutRequest(
        customer=Customer(
            name="Rina",
            phone="081234567890",
            email=RINA,
            address="Jl. Melati No. 3",
            lat=-6.3,
            lng=106.71,
        ),
        lines=[LineRequest(product.id, 1)],
        choices={product.gallery_id: GalleryChoice(DeliveryMethod.DELIVERY)},
        payment_method=PaymentMethod.CARD,
    )
    order = place_order(db_session, request, card_payments_enabled=True)
    queue_order_email(db_session, "placed", order, language="en")
    db_session.commit()
    assert confirm_order(db_session, order, actor="stripe")
    queue_order_email(db_session, "confirmed", order, language="en")
    db_session.commit()
    send_due_emails(smtp_app)

    placed, confirmed = (parts(m)[0] for m in inbox.messages)
    assert "waits for your card payment" in placed and "Pay before" in placed
    assert "Jl. Melati No. 3" in placed and "Ojek delivery" in placed
    fee = order.shipments[0].delivery_fee
    assert fee > 0 and f"Delivery: Rp {fee:,}".replace(",", ".") in placed
    assert f"card payment of Rp {order.total:,}".replace(",", ".") in confirmed
    assert "in cash" not in confirmed


def test_a_broken_template_is_logged_and_the_commit_stands(
    smtp_app, db_session, inbox, caplog, monkeypatch
):
    def broken(*_args, **_kw):  # type: ignore[no-untyped-def]
        raise RuntimeError("template bug")

    monkeypatch.setattr("storefront.mail.render_email", broken)
    order = place(db_session)
    queue_order_email(db_session, "placed", order)

    with caplog.at_level(logging.ERROR, logger=smtp_app.logger.name):
        db_session.commit()
    send_due_emails(smtp_app)

    assert inbox.envelopes == []
    assert any("Could not prepare the" in r.getMessage() for r in caplog.records)


def test_link_uses_the_request_host_without_public_base_url(app, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", None)
    with app.test_request_context("/", base_url="https://toko.gerai.example"):
        order = place(db_session)
        assert order_link(order).startswith("https://toko.gerai.example/pesanan/")


def test_closing_the_session_without_commit_forgets_the_email(smtp_app, db_session, inbox):
    order = place(db_session)
    db_session.commit()
    queue_order_email(db_session, "confirmed", order)
    db_session.close()  # ends the transaction without a rollback event

    db_session.commit()
    send_due_emails(smtp_app)

    assert inbox.envelopes == []


def test_signed_in_shopper_checking_out_on_the_web_gets_the_email(
    app, web, db_session, inbox, monkeypatch
):
    """The whole web path as the pages render it: log in, cart, checkout; the email goes out
    when the worker runs after the commit."""
    from tests.webforms import PASSWORD, form_for, log_in

    for key, value in {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": inbox.port,
        "MAIL_TIMEOUT": 5,
    }.items():  # type: ignore[attr-defined]
        monkeypatch.setitem(app.config, key, value)
    product = factories.product(db_session, price=12_000, stock=5)
    shopper = factories.user(db_session, password=PASSWORD, email="siti@gerai.example")
    db_session.commit()
    log_in(web, shopper)
    assert (
        form_for(web.get(f"/produk/{product.slug}"), "/keranjang/tambah").submit().status_int == 302
    )
    form = form_for(web.get("/pesan/"), "/pesan/")
    form["name"] = "Siti"
    form["phone"] = "0812-3456-7890"
    form["payment_method"] = "cod"
    form[f"delivery_{product.gallery_id}"] = "pickup"
    assert form.submit("action", value="place").status_int == 302
    send_due_emails(app)
    assert len(inbox.messages) == 1
    assert "siti@gerai.example" in inbox.messages[0]["To"]
