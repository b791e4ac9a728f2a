"""Card payment pages and Stripe's webhook, through the app, with the fake Stripe behind them.

The shopper's buttons (pay by card, pay again, cancel) are pressed as the pages render them
(WebTest); Stripe's webhook posts, forged links and missing tokens are sent by hand.
"""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from webtest import TestResponse

from catalog.db import utcnow
from config import card_payments_enabled
from orders.models import Order, OrderStatus, Payment, PaymentStatus, StripeEvent
from orders.payments import CARD_MAX_RUPIAH
from storefront.shop.order_hooks import card_option
from tests import factories
from tests.storefront.manage_helpers import csrf_from, fresh
from tests.stripe_fake import place_card_order, signed_webhook
from tests.webforms import flash_text, form_for

WEBHOOK = "/api/v1/stripe/webhook"


@pytest.fixture
def products(db_session):  # type: ignore[no-untyped-def]
    return [factories.product(db_session, price=price, stock=4) for price in (30_000, 12_000)]


@pytest.fixture
def order(db_session, products):  # type: ignore[no-untyped-def]
    placed = place_card_order(db_session, products, delivery=True)
    db_session.commit()
    return placed


def order_page(order) -> str:  # type: ignore[no-untyped-def]
    return f"/pesanan/{order.code}?token={order.access_token}"


def pay(web, order):  # type: ignore[no-untyped-def]
    """Press "Pay by card" on the order's page."""
    return form_for(web.get(order_page(order)), f"/pesanan/{order.code}/bayar").submit()


def forged_pay(client, order, token):  # type: ignore[no-untyped-def]
    """A pay request no page renders: a wrong token, or card payment switched off."""
    csrf = csrf_from(client, order_page(order))
    return client.post(f"/pesanan/{order.code}/bayar?token={token}", data={"csrf_token": csrf})


def opened(web, order, fake_stripe) -> dict:  # type: ignore[no-untyped-def]
    """Pay by card: the Stripe session the shopper was sent to."""
    response = pay(web, order)
    assert response.status_int == 303
    session = fake_stripe.only_session()
    assert response.headers["Location"] == session["url"]
    return session


def post_event(client, payload, **signing):  # type: ignore[no-untyped-def]
    body, headers = signed_webhook(payload, **signing)
    return client.post(WEBHOOK, data=body, headers=headers)


def fresh_order(db_session, order):  # type: ignore[no-untyped-def]
    return fresh(db_session, order)


def stocks(db_session, products) -> list[int]:  # type: ignore[no-untyped-def]
    return [fresh(db_session, p).stock for p in products]


def payment_for(db_session, session: dict) -> Payment:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.scalar(select(Payment).where(Payment.session_id == session["id"]))


def done_url(order, session_id: str) -> str:  # type: ignore[no-untyped-def]
    return (
        f"/pembayaran/selesai?order={order.code}&token={order.access_token}&session_id={session_id}"
    )


# --- is card offered -----------------------------------------------------------------------


def test_without_stripe_keys_the_card_option_is_hidden(app, client, db_session, order):
    assert not card_payments_enabled(app.config)
    with app.test_request_context():
        assert card_option(25_000) == (False, None)
    page = client.get(order_page(order)).get_data(as_text=True)
    assert f"/pesanan/{order.code}/bayar" not in page  # no button to press
    response = forged_pay(client, order, order.access_token)  # a page left open from before
    assert response.status_code == 303
    assert f"/pesanan/{order.code}" in response.headers["Location"]
    assert fresh_order(db_session, order).status is OrderStatus.PENDING_PAYMENT


def test_with_stripe_keys_card_is_offered_up_to_the_idr_maximum(stripe_app):
    assert card_payments_enabled(stripe_app.config)
    with stripe_app.test_request_context():
        assert card_option(25_000) == (True, None)
        allowed, reason = card_option(CARD_MAX_RUPIAH + 1)
    assert not allowed and reason


# --- off to Stripe --------------------------------------------------------------------------


def test_pay_sends_the_shopper_to_stripe_once(stripe_app, web, db_session, order, fake_stripe):
    session = opened(web, order, fake_stripe)
    assert session["amount_total"] == order.total * 100
    assert session["metadata"] == {"order_code": order.code}
    args = f"order={order.code}&token={order.access_token}"
    assert session["success_url"].endswith(
        f"/pembayaran/selesai?{args}&session_id={{CHECKOUT_SESSION_ID}}"
    )
    assert session["cancel_url"].endswith(f"/pembayaran/batal?{args}")
    items = fake_stripe.line_items[session["id"]]
    assert len(items) == 4  # two products, two galleries' delivery fees
    again = pay(web, order)
    assert again.status_int == 303 and again.headers["Location"] == session["url"]
    assert len(fake_stripe.sessions) == 1
    assert payment_for(db_session, session).order_id == order.id


def test_return_links_use_the_public_base_url(stripe_app, web, order, fake_stripe, monkeypatch):
    monkeypatch.setitem(stripe_app.config, "PUBLIC_BASE_URL", "https://gerai.example")
    session = opened(web, order, fake_stripe)
    assert session["success_url"].startswith("https://gerai.example/pembayaran/selesai?")
    assert session["cancel_url"].startswith("https://gerai.example/pembayaran/batal?")


def test_an_order_past_its_time_is_not_sent_to_stripe(
    stripe_app, web, db_session, order, fake_stripe
):
    fresh_order(db_session, order).expires_at = utcnow() - timedelta(minutes=1)
    db_session.commit()
    response = pay(web, order)
    assert response.status_int == 303 and f"/pesanan/{order.code}" in response.headers["Location"]
    landed = response.follow()
    assert "flash-error" in landed.text
    assert flash_text(landed) == "Waktu pembayaran pesanan ini sudah habis."
    assert fake_stripe.sessions == {}
    assert fresh_order(db_session, order).status is OrderStatus.PENDING_PAYMENT


def test_pay_needs_the_orders_link_and_a_csrf_token(stripe_app, client, order, fake_stripe):
    assert forged_pay(client, order, "not-the-token").status_code == 404
    no_csrf = client.post(f"/pesanan/{order.code}/bayar?token={order.access_token}")
    assert no_csrf.status_code == 400
    assert fake_stripe.sessions == {}


def test_stripe_unreachable_leaves_the_order_pending(stripe_app, web, db_session, order):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        stripe_app.config["STRIPE_API_BASE"] = f"http://127.0.0.1:{probe.getsockname()[1]}"
    response = pay(web, order)
    assert response.status_int == 303
    assert f"/pesanan/{order.code}" in response.headers["Location"]
    assert "flash-error" in response.follow().text
    assert fresh_order(db_session, order).status is OrderStatus.PENDING_PAYMENT
    assert db_session.scalar(select(func.count()).where(Payment.order_id == order.id)) == 0


# --- the webhook ---------------------------------------------------------------------------


def test_paid_webhook_confirms_and_a_replay_changes_nothing(
    stripe_app, client, web, db_session, order, fake_stripe, products
):
    session = opened(web, order, fake_stripe)
    fake_stripe.pay(session["id"])
    event = fake_stripe.event("checkout.session.completed", session["id"])
    first = post_event(client, event)
    assert first.status_code == 200
    assert first.get_json() == {"received": True, "outcome": "confirmed"}
    replay = post_event(client, event)
    assert replay.get_json()["outcome"] == "duplicate"
    assert fresh_order(db_session, order).status is OrderStatus.CONFIRMED
    assert stocks(db_session, products) == [3, 3]
    assert db_session.scalar(select(func.count()).select_from(StripeEvent)) == 1


def test_expired_webhook_cancels_and_gives_the_stock_back(
    stripe_app, client, web, db_session, order, fake_stripe, products
):
    session = opened(web, order, fake_stripe)
    fake_stripe.expire(session["id"])
    response = post_event(client, fake_stripe.event("checkout.session.expired", session["id"]))
    assert response.get_json()["outcome"] == "cancelled"
    assert fresh_order(db_session, order).status is OrderStatus.CANCELLED
    assert stocks(db_session, products) == [4, 4]


@pytest.mark.parametrize(
    "signing",
    [
        {"secret": "whsec_someone_else"},
        {"timestamp": int(time.time()) - 600},  # older than the library's 300 s tolerance
    ],
    ids=["wrong-secret", "stale"],
)
def test_badly_signed_webhooks_are_refused(stripe_app, client, web, order, fake_stripe, signing):
    session = opened(web, order, fake_stripe)
    fake_stripe.pay(session["id"])
    response = post_event(
        client, fake_stripe.event("checkout.session.completed", session["id"]), **signing
    )
    assert response.status_code == 400 and response.is_json


def test_unsigned_tampered_or_malformed_webhooks_are_refused(stripe_app, client, db_session):
    event = {"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": {}}
    body, headers = signed_webhook(event)
    assert client.post(WEBHOOK, data=body).status_code == 400  # no Stripe-Signature
    tampered = body.replace(b"evt_1", b"evt_2")
    assert client.post(WEBHOOK, data=tampered, headers=headers).status_code == 400
    not_json, not_json_headers = signed_webhook(b"{not json")
    assert client.post(WEBHOOK, data=not_json, headers=not_json_headers).status_code == 400
    response = client.post(WEBHOOK, data=body, headers=headers)  # signed, but no object inside
    assert response.status_code == 400 and response.get_json()["code"] == 400
    assert db_session.scalar(select(func.count()).select_from(StripeEvent)) == 0


def test_an_event_for_an_unknown_order_is_answered_200(stripe_app, client, fake_stripe):
    fake_stripe.create_session({"line_items": [], "metadata": {"order_code": "GR-ZZZZZZ"}}, None)
    session_id = next(iter(fake_stripe.sessions))
    response = post_event(client, fake_stripe.event("checkout.session.completed", session_id))
    assert response.status_code == 200 and response.get_json()["outcome"] == "unknown_order"


def test_without_a_webhook_secret_the_endpoint_is_unavailable(app, client):
    body, headers = signed_webhook({"id": "evt_1"})
    assert client.post(WEBHOOK, data=body, headers=headers).status_code == 503


# --- back from Stripe ------------------------------------------------------------------------


def test_success_page_confirms_before_the_webhook_which_then_changes_nothing(
    stripe_app, client, web, db_session, order, fake_stripe
):
    session = opened(web, order, fake_stripe)
    fake_stripe.pay(session["id"])
    page = client.get(done_url(order, session["id"]))
    assert page.status_code == 200 and b'data-state="paid"' in page.data
    paid_at = payment_for(db_session, session).paid_at
    assert fresh_order(db_session, order).status is OrderStatus.CONFIRMED
    event = fake_stripe.event("checkout.session.completed", session["id"])
    assert post_event(client, event).get_json()["outcome"] == "already_confirmed"
    payment = payment_for(db_session, session)
    assert payment.status is PaymentStatus.PAID and payment.paid_at == paid_at


def test_webhook_confirms_before_the_success_page_which_then_changes_nothing(
    stripe_app, client, web, db_session, order, fake_stripe
):
    session = opened(web, order, fake_stripe)
    fake_stripe.pay(session["id"])
    event = fake_stripe.event("checkout.session.completed", session["id"])
    assert post_event(client, event).get_json()["outcome"] == "confirmed"
    requests_before = len(fake_stripe.requests)
    page = client.get(done_url(order, session["id"]))
    assert b'data-state="paid"' in page.data
    assert len(fake_stripe.requests) == requests_before  # already confirmed: Stripe not asked


def test_success_page_waits_while_stripe_has_no_payment(
    stripe_app, client, web, order, fake_stripe
):
    session = opened(web, order, fake_stripe)
    page = client.get(done_url(order, session["id"]))
    assert page.status_code == 200 and b'data-state="waiting"' in page.data
    assert (
        client.get(done_url(order, session["id"]).replace("token=", "token=x")).status_code == 404
    )


def cancelled_page(web, order):  # type: ignore[no-untyped-def]
    """Where Stripe sends a shopper who did not pay."""
    return web.get(f"/pembayaran/batal?order={order.code}&token={order.access_token}")


def assert_cancelled_for_free(
    db_session: Session, landed: TestResponse, order: Order, stripe_session: dict[str, Any]
) -> None:
    """The shopper is told the order is cancelled at no cost, Stripe's session is closed and the
    order is cancelled."""
    assert flash_text(landed) == f"Pesanan {order.code} dibatalkan. Tidak ada biaya."
    assert stripe_session["status"] == "expired"
    assert fresh_order(db_session, order).status is OrderStatus.CANCELLED


def test_cancel_page_offers_to_pay_again_or_cancel(
    stripe_app, web, db_session, order, fake_stripe, products
):
    session = opened(web, order, fake_stripe)
    page = cancelled_page(web, order)
    assert 'data-state="waiting"' in page.text
    again = form_for(page, f"/pesanan/{order.code}/bayar").submit()
    assert again.status_int == 303 and again.headers["Location"] == session["url"]
    response = form_for(page, "/pembayaran/batal").submit()
    assert response.status_int == 303
    landed = response.follow()
    assert_cancelled_for_free(db_session, landed, order, fake_stripe.sessions[session["id"]])
    assert stocks(db_session, products) == [4, 4]


def test_cancel_on_the_order_page_closes_the_stripe_session(
    stripe_app, web, db_session, order, fake_stripe, products
):
    session = opened(web, order, fake_stripe)
    form = form_for(web.get(order_page(order)), f"/pesanan/{order.code}/batal")
    handed_on = form.submit()
    assert handed_on.status_int == 307  # the browser repeats the same POST at the new address
    landed = web.post(handed_on.headers["Location"], dict(form.submit_fields())).follow()
    assert_cancelled_for_free(db_session, landed, order, fake_stripe.sessions[session["id"]])
    assert stocks(db_session, products) == [4, 4]


def test_cancel_refused_when_stripe_cannot_be_reached_changes_nothing(
    stripe_app, web, db_session, order, fake_stripe, products
):
    opened(web, order, fake_stripe)
    page = cancelled_page(web, order)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        stripe_app.config["STRIPE_API_BASE"] = f"http://127.0.0.1:{probe.getsockname()[1]}"
    landed = form_for(page, "/pembayaran/batal").submit().follow()
    assert "flash-error" in landed.text
    assert flash_text(landed) == "Pesanan tidak bisa dibatalkan saat ini. Silakan coba lagi."
    assert fresh_order(db_session, order).status is OrderStatus.PENDING_PAYMENT
    assert stocks(db_session, products) == [3, 3]


# --- the sweeper command --------------------------------------------------------------------


def test_expire_orders_command_releases_overdue_orders(
    stripe_app, client, web, runner, db_session, order, fake_stripe, products
):
    opened(web, order, fake_stripe)
    fresh_order(db_session, order).expires_at = utcnow() - timedelta(hours=1)
    db_session.commit()
    result = runner.invoke(args=["expire-orders"])
    assert result.exit_code == 0, result.output
    assert "1 unpaid order(s) expired" in result.output
    assert fresh_order(db_session, order).status is OrderStatus.CANCELLED
    assert stocks(db_session, products) == [4, 4]
    assert "0 unpaid" in runner.invoke(args=["expire-orders"]).output
