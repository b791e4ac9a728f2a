"""Card payments: the real ``stripe`` library over HTTP to a fake Stripe, webhooks and sweeper."""

from __future__ import annotations

import logging
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.db import begin_write, make_engine, utcnow
from catalog.models import MovementKind, Product, StockMovement
from orders.exceptions import PaymentError
from orders.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ShipmentStatus,
    StripeEvent,
)
from orders.payments import (
    CARD_MAX_RUPIAH,
    SESSION_MAX_LIFE,
    SESSION_MIN_LIFE,
    StripeGateway,
    as_utc,
    card_payment_allowed,
    confirm_from_success_page,
    expire_stale_orders,
    handle_event,
    session_expiry,
    start_checkout,
    withdraw_checkout,
)
from storefront import migrate
from tests import factories
from tests.databases import fresh_database, is_postgres
from tests.stripe_fake import SECRET_KEY, FakeStripe, place_card_order

URLS = {
    "success_url": "https://gerai.test/pembayaran/selesai?session_id={CHECKOUT_SESSION_ID}",
    "cancel_url": "https://gerai.test/pembayaran/batal",
}
LATER = timedelta(hours=3)


@pytest.fixture
def gateway(fake_stripe):  # type: ignore[no-untyped-def]
    return StripeGateway(SECRET_KEY, api_base=fake_stripe.url)


@pytest.fixture
def products(db_session):  # type: ignore[no-untyped-def]
    return [factories.product(db_session, price=price, stock=5) for price in (25_000, 40_000)]


def shopper_finishes(
    fake_stripe: FakeStripe,
    payment: Payment,
    kind: str = "checkout.session.completed",
    *,
    paid: bool = True,
    **changes: Any,
) -> dict[str, Any]:
    """The shopper finishes on Stripe's page, paid or (a delayed method) with the payment still
    processing, the session then differing by ``changes``; Stripe's ``kind`` event about it."""
    finish = fake_stripe.pay if paid else fake_stripe.complete_unpaid
    finish(payment.session_id).update(changes)
    return fake_stripe.event(kind, payment.session_id)


@pytest.fixture
def paying(db_session, gateway, products):  # type: ignore[no-untyped-def]
    """A card order of two products with its Checkout Session opened."""
    order = place_card_order(db_session, products)
    payment = start_checkout(db_session, gateway, order, **URLS)
    db_session.commit()
    return order, payment


def releases(session, order) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(
        select(func.count()).where(
            StockMovement.kind == MovementKind.RELEASE,
            StockMovement.reason.like(f"{order.code}%"),
        )
    )


def stocks(session, products) -> list[int]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return [p.stock for p in products]


# --- amounts and limits -------------------------------------------------------------------


def test_card_is_offered_up_to_stripes_twelve_digit_idr_maximum():
    assert CARD_MAX_RUPIAH == 9_999_999_999  # 999999999999 hundredths
    assert card_payment_allowed(25_000)
    assert card_payment_allowed(CARD_MAX_RUPIAH)
    assert not card_payment_allowed(CARD_MAX_RUPIAH + 1)
    assert not card_payment_allowed(0)


def test_session_expiry_is_kept_within_stripes_30_minutes_to_24_hours():
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert session_expiry(now + timedelta(hours=1), now) == now + timedelta(hours=1)
    assert session_expiry(now + timedelta(minutes=5), now) == now + SESSION_MIN_LIFE
    assert session_expiry(now + timedelta(days=3), now) == now + SESSION_MAX_LIFE
    assert timedelta(minutes=30) < SESSION_MIN_LIFE < SESSION_MAX_LIFE < timedelta(hours=24)


# --- opening the Checkout Session ---------------------------------------------------------


def test_checkout_session_carries_idr_hundredths_delivery_fees_metadata_and_expiry(
    db_session, gateway, fake_stripe, products
):
    order = place_card_order(db_session, products, delivery=True, email="Rina@Example.com")
    assert order.delivery_total == 22_000  # two galleries, Rp 11.000 each
    payment = start_checkout(db_session, gateway, order, locale="id", **URLS)

    sent = fake_stripe.requests[-1]
    assert sent.method == "POST" and sent.path == "/v1/checkout/sessions"
    assert sent.headers["Idempotency-Key"] == f"gerai-{order.code}-1"
    params = sent.params
    amounts = [
        (i["price_data"]["currency"], int(i["price_data"]["unit_amount"]), int(i["quantity"]))
        for i in params["line_items"]
    ]
    assert sorted(amounts) == [
        ("idr", 1_100_000, 1),
        ("idr", 1_100_000, 1),
        ("idr", 2_500_000, 1),
        ("idr", 4_000_000, 1),
    ]
    names = [i["price_data"]["product_data"]["name"] for i in params["line_items"]]
    assert sorted(names[:2]) == sorted(f"{p.name} (bungkus 250 g)" for p in products)
    assert all(name.startswith("Ongkos kirim Galeri Uji") for name in names[2:])
    assert params["metadata"] == {"order_code": order.code}
    assert params["payment_intent_data"] == {"metadata": {"order_code": order.code}}
    assert params["client_reference_id"] == order.code
    assert params["customer_email"] == "rina@example.com"
    assert params["payment_method_types"] == ["card"] and params["mode"] == "payment"
    assert params["locale"] == "id"
    assert params["success_url"].endswith("session_id={CHECKOUT_SESSION_ID}")
    assert int(params["expires_at"]) == int(as_utc(order.expires_at).timestamp())

    session = fake_stripe.only_session()
    assert session["amount_total"] == order.total * 100 == 8_700_000
    assert (payment.session_id, payment.checkout_url) == (session["id"], session["url"])
    assert (payment.amount, payment.status) == (order.total, PaymentStatus.PENDING)


def test_a_second_call_reuses_the_open_session(db_session, gateway, fake_stripe, paying):
    order, payment = paying
    again = start_checkout(db_session, gateway, order, **URLS)
    assert again.id == payment.id
    assert len(fake_stripe.requests) == 1 and len(fake_stripe.sessions) == 1


def test_a_lost_answer_is_retried_with_the_same_idempotency_key(
    db_session, gateway, fake_stripe, products
):
    order = place_card_order(db_session, products)
    db_session.commit()
    first = start_checkout(db_session, gateway, order, **URLS).session_id
    db_session.rollback()  # the request died after Stripe answered: no Payment row kept
    assert db_session.scalar(select(Payment).where(Payment.order_id == order.id)) is None
    second = start_checkout(db_session, gateway, order, **URLS).session_id
    assert first == second and len(fake_stripe.sessions) == 1
    keys = {r.headers["Idempotency-Key"] for r in fake_stripe.requests}
    assert keys == {f"gerai-{order.code}-1"}


def test_orders_that_cannot_be_paid_by_card_are_refused(db_session, gateway, products):
    order = place_card_order(db_session, products)
    order.expires_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(PaymentError, match="run out"):
        start_checkout(db_session, gateway, order, **URLS)
    order.expires_at = utcnow() + timedelta(hours=1)
    order.payment_method = PaymentMethod.COD
    with pytest.raises(PaymentError, match="not waiting"):
        start_checkout(db_session, gateway, order, **URLS)
    order.payment_method = PaymentMethod.CARD
    order.total = CARD_MAX_RUPIAH + 1
    with pytest.raises(PaymentError, match="not possible"):
        start_checkout(db_session, gateway, order, **URLS)
    db_session.rollback()


def test_stripe_unreachable_is_a_payment_error(db_session, products):
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = StripeGateway(SECRET_KEY, api_base=f"http://127.0.0.1:{port}", max_network_retries=0)
    order = place_card_order(db_session, products)
    with pytest.raises(PaymentError):
        start_checkout(db_session, down, order, **URLS)


# --- webhooks -----------------------------------------------------------------------------


def test_completed_and_paid_confirms_the_order_and_keeps_the_stock(
    db_session, fake_stripe, paying, products
):
    order, payment = paying
    event = shopper_finishes(fake_stripe, payment)
    assert handle_event(db_session, event) == "confirmed"
    db_session.expire_all()
    assert order.status is OrderStatus.CONFIRMED
    assert {s.status for s in order.shipments} == {ShipmentStatus.CONFIRMED}
    assert payment.status is PaymentStatus.PAID and payment.paid_at is not None
    assert stocks(db_session, products) == [4, 4] and releases(db_session, order) == 0
    recorded = db_session.get(StripeEvent, event["id"])
    assert (recorded.type, recorded.order_code, recorded.outcome) == (
        "checkout.session.completed",
        order.code,
        "confirmed",
    )


def test_a_replayed_event_changes_nothing(db_session, fake_stripe, paying):
    order, payment = paying
    event = shopper_finishes(fake_stripe, payment)
    assert handle_event(db_session, event) == "confirmed"
    events_before = sum(len(s.events) for s in order.shipments)
    assert handle_event(db_session, event) == "duplicate"
    db_session.expire_all()
    assert sum(len(s.events) for s in order.shipments) == events_before
    assert db_session.scalar(select(func.count()).select_from(StripeEvent)) == 1


def test_expired_cancels_and_gives_the_stock_back_exactly_once(
    db_session, fake_stripe, paying, products
):
    order, payment = paying
    fake_stripe.expire(payment.session_id)
    assert (
        handle_event(db_session, fake_stripe.event("checkout.session.expired", payment.session_id))
        == "cancelled"
    )
    again = fake_stripe.event("checkout.session.expired", payment.session_id)
    assert handle_event(db_session, again) == "already_final"
    db_session.expire_all()
    assert order.status is OrderStatus.CANCELLED and payment.status is PaymentStatus.EXPIRED
    assert order.cancel_reason == "The time to pay by card ran out."
    assert stocks(db_session, products) == [5, 5]
    assert releases(db_session, order) == 2  # one movement per line, once


def test_delayed_payment_waits_then_succeeds(db_session, fake_stripe, paying):
    order, payment = paying
    completed = shopper_finishes(fake_stripe, payment, paid=False)
    assert handle_event(db_session, completed) == "awaiting_payment"
    db_session.expire_all()
    assert order.status is OrderStatus.PENDING_PAYMENT
    assert as_utc(order.expires_at) > utcnow() + timedelta(days=2)  # the sweeper leaves it
    assert expire_stale_orders(db_session, utcnow() + LATER) == 0
    succeeded = shopper_finishes(fake_stripe, payment, "checkout.session.async_payment_succeeded")
    assert handle_event(db_session, succeeded) == "confirmed"
    db_session.expire_all()
    assert order.status is OrderStatus.CONFIRMED and payment.status is PaymentStatus.PAID


def test_delayed_payment_that_fails_cancels(db_session, fake_stripe, paying, products):
    order, payment = paying
    failed = shopper_finishes(
        fake_stripe, payment, "checkout.session.async_payment_failed", paid=False
    )
    assert handle_event(db_session, failed) == "cancelled"
    db_session.expire_all()
    assert order.status is OrderStatus.CANCELLED and payment.status is PaymentStatus.FAILED
    assert order.cancel_reason == "The card payment failed."
    assert stocks(db_session, products) == [5, 5]


def test_unknown_order_and_other_events_are_recorded_and_answered(db_session, fake_stripe, caplog):
    fake_stripe.create_session(
        {"line_items": [], "metadata": {"order_code": "GR-NOPE00"}, "mode": "payment"}, None
    )
    session_id = next(iter(fake_stripe.sessions))
    with caplog.at_level(logging.WARNING, logger="orders.payments"):
        outcome = handle_event(
            db_session, fake_stripe.event("checkout.session.completed", session_id)
        )
    assert outcome == "unknown_order" and "GR-NOPE00" in caplog.text
    other = fake_stripe.event("payment_intent.created", session_id)
    assert handle_event(db_session, other) == "ignored"
    assert db_session.get(StripeEvent, other["id"]).outcome == "ignored"
    with pytest.raises(ValueError):
        handle_event(db_session, {"id": "evt_x", "type": "checkout.session.completed"})


def test_a_late_payment_does_not_bring_a_cancelled_order_back(
    db_session, fake_stripe, paying, products, caplog
):
    order, payment = paying
    expired = fake_stripe.event("checkout.session.expired", payment.session_id)
    assert handle_event(db_session, expired) == "cancelled"
    fake_stripe.pay(payment.session_id)
    with caplog.at_level(logging.WARNING, logger="orders.payments"):
        late = handle_event(
            db_session, fake_stripe.event("checkout.session.completed", payment.session_id)
        )
    assert late == "paid_after_cancel" and "refund" in caplog.text
    db_session.expire_all()
    assert order.status is OrderStatus.CANCELLED
    assert payment.status is PaymentStatus.PAID  # the money was taken: a person refunds it
    assert stocks(db_session, products) == [5, 5] and releases(db_session, order) == 2


def test_a_session_paid_for_another_amount_does_not_confirm(db_session, fake_stripe, paying):
    order, payment = paying
    event = shopper_finishes(fake_stripe, payment, amount_total=100)
    assert handle_event(db_session, event) == "amount_mismatch"
    db_session.expire_all()
    assert order.status is OrderStatus.PENDING_PAYMENT


# --- success page and webhook race --------------------------------------------------------


def test_success_page_confirms_first_then_the_webhook_changes_nothing(
    db_session, gateway, fake_stripe, paying
):
    order, payment = paying
    assert confirm_from_success_page(db_session, gateway, order, payment.session_id) == (
        "awaiting_payment"
    )
    fake_stripe.pay(payment.session_id)
    assert confirm_from_success_page(db_session, gateway, order, payment.session_id) == "confirmed"
    db_session.expire_all()
    paid_at = payment.paid_at
    events = sum(len(s.events) for s in order.shipments)
    webhook = fake_stripe.event("checkout.session.completed", payment.session_id)
    assert handle_event(db_session, webhook) == "already_confirmed"
    db_session.expire_all()
    assert order.status is OrderStatus.CONFIRMED and payment.paid_at == paid_at
    assert sum(len(s.events) for s in order.shipments) == events


def test_webhook_confirms_first_then_the_success_page_changes_nothing(
    db_session, gateway, fake_stripe, paying
):
    order, payment = paying
    webhook = shopper_finishes(fake_stripe, payment)
    assert handle_event(db_session, webhook) == "confirmed"
    assert confirm_from_success_page(db_session, gateway, order, payment.session_id) == (
        "already_confirmed"
    )


def test_success_page_ignores_a_session_of_another_order(
    db_session, gateway, fake_stripe, paying, products
):
    order, _payment = paying
    other = place_card_order(db_session, products)
    other_payment = start_checkout(db_session, gateway, other, **URLS)
    fake_stripe.pay(other_payment.session_id)
    assert confirm_from_success_page(db_session, gateway, order, other_payment.session_id) == (
        "wrong_order"
    )
    assert order.status is OrderStatus.PENDING_PAYMENT


# --- sweeper and cancelling -------------------------------------------------------------


def test_sweeper_releases_an_expired_order_once_even_with_the_expired_webhook(
    db_session, fake_stripe, paying, products
):
    order, payment = paying
    assert expire_stale_orders(db_session, utcnow()) == 0  # not yet due
    assert expire_stale_orders(db_session, utcnow() + LATER) == 1
    assert expire_stale_orders(db_session, utcnow() + LATER) == 0
    fake_stripe.expire(payment.session_id)
    expired = fake_stripe.event("checkout.session.expired", payment.session_id)
    assert handle_event(db_session, expired) == "already_final"
    db_session.expire_all()
    assert order.status is OrderStatus.CANCELLED and payment.status is PaymentStatus.EXPIRED
    assert stocks(db_session, products) == [5, 5] and releases(db_session, order) == 2


def test_sweeper_asks_stripe_and_confirms_a_payment_whose_webhook_was_lost(
    db_session, gateway, fake_stripe, paying
):
    order, payment = paying
    fake_stripe.pay(payment.session_id)
    assert expire_stale_orders(db_session, utcnow() + LATER, gateway=gateway) == 0
    db_session.expire_all()
    assert order.status is OrderStatus.CONFIRMED and payment.status is PaymentStatus.PAID


def test_shopper_cancel_closes_the_stripe_session_first(
    db_session, gateway, fake_stripe, paying, products
):
    order, payment = paying
    assert withdraw_checkout(db_session, gateway, order, reason="changed my mind") == "cancelled"
    assert fake_stripe.sessions[payment.session_id]["status"] == "expired"
    db_session.expire_all()
    assert order.status is OrderStatus.CANCELLED and payment.status is PaymentStatus.EXPIRED
    assert stocks(db_session, products) == [5, 5]


def test_shopper_cancel_after_paying_confirms_instead(db_session, gateway, fake_stripe, paying):
    order, payment = paying
    fake_stripe.pay(payment.session_id)
    assert withdraw_checkout(db_session, gateway, order, reason="too late") == "confirmed"
    db_session.expire_all()
    assert order.status is OrderStatus.CONFIRMED


# --- races on separate connections --------------------------------------------------------


@pytest.fixture(scope="module")
def race_engine(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A database of its own: the racers commit for real and must see each other's work."""
    with fresh_database(tmp_path_factory.mktemp("payrace")) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


def in_own_session(engine, work):  # type: ignore[no-untyped-def]
    with Session(engine, expire_on_commit=False) as session:
        begin_write(session)
        result = work(session)
        session.commit()
        return result


def race(engine, *racers):  # type: ignore[no-untyped-def]
    """Run each racer in its own thread and session, all released at the same moment."""
    start = threading.Barrier(len(racers))

    def run(work):  # type: ignore[no-untyped-def]
        start.wait()
        return in_own_session(engine, work)

    with ThreadPoolExecutor(len(racers)) as pool:
        return [f.result() for f in [pool.submit(run, work) for work in racers]]


def open_card_order(engine, gateway, product_id):  # type: ignore[no-untyped-def]
    """A committed card order for one item, its Checkout Session opened: (code, session id)."""

    def work(s):  # type: ignore[no-untyped-def]
        order = place_card_order(s, [s.get(Product, product_id)])
        return order.code, start_checkout(s, gateway, order, **URLS).session_id

    return in_own_session(engine, work)


def expiry_against_payment(engine, fake_stripe, code, session_id, by_webhook) -> bool:  # type: ignore[no-untyped-def]
    """One round: the paid webhook races the expired webhook or the sweeper; True if paid won."""
    expired_event = fake_stripe.event("checkout.session.expired", session_id)
    paid_event = fake_stripe.event("checkout.session.completed", session_id)
    paid_event["data"]["object"].update(status="complete", payment_status="paid")
    if by_webhook:
        expiry = partial(handle_event, event=expired_event)
    else:
        expiry = partial(expire_stale_orders, now=utcnow() + LATER)
    paid_outcome, _ = race(engine, partial(handle_event, event=paid_event), expiry)
    with Session(engine) as s:
        order = s.scalar(select(Order).where(Order.code == code))
        payment = s.scalar(select(Payment).where(Payment.session_id == session_id))
        assert payment.status is PaymentStatus.PAID  # the money was taken either way
        paid = order.status is OrderStatus.CONFIRMED
        if paid:
            assert paid_outcome == "confirmed" and releases(s, order) == 0
        else:
            assert order.status is OrderStatus.CANCELLED
            assert paid_outcome == "paid_after_cancel" and releases(s, order) == 1
        wanted = ShipmentStatus.CONFIRMED if paid else ShipmentStatus.CANCELLED
        assert {shipment.status for shipment in order.shipments} == {wanted}
        return paid


def check_expiry_against_late_payment(engine, gateway, fake_stripe) -> None:  # type: ignore[no-untyped-def]
    product_id = in_own_session(engine, lambda s: factories.product(s, stock=10).id)
    confirmed = 0
    for round_ in range(8):
        code, session_id = open_card_order(engine, gateway, product_id)
        confirmed += expiry_against_payment(engine, fake_stripe, code, session_id, round_ % 2)
    with Session(engine) as s:
        assert s.get(Product, product_id).stock == 10 - confirmed


def check_one_event_delivered_twice_at_once(engine, gateway, fake_stripe) -> None:  # type: ignore[no-untyped-def]
    product_id = in_own_session(engine, lambda s: factories.product(s, stock=3).id)
    _code, session_id = open_card_order(engine, gateway, product_id)
    fake_stripe.pay(session_id)
    event = fake_stripe.event("checkout.session.completed", session_id)
    outcomes = race(engine, lambda s: handle_event(s, event), lambda s: handle_event(s, event))
    assert sorted(outcomes) == ["confirmed", "duplicate"]


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_expiry_racing_a_late_payment_on_postgresql(race_engine, gateway, fake_stripe):
    check_expiry_against_late_payment(race_engine, gateway, fake_stripe)


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_one_event_delivered_twice_at_once_on_postgresql(race_engine, gateway, fake_stripe):
    check_one_event_delivered_twice_at_once(race_engine, gateway, fake_stripe)


@pytest.mark.skipif(is_postgres(), reason="the PostgreSQL variant runs instead")
def test_expiry_racing_a_late_payment_on_sqlite(race_engine, gateway, fake_stripe):
    """SQLite serialises writers (BEGIN IMMEDIATE); the outcome must be just as consistent."""
    check_expiry_against_late_payment(race_engine, gateway, fake_stripe)


@pytest.mark.skipif(is_postgres(), reason="the PostgreSQL variant runs instead")
def test_one_event_delivered_twice_at_once_on_sqlite(race_engine, gateway, fake_stripe):
    check_one_event_delivered_twice_at_once(race_engine, gateway, fake_stripe)
