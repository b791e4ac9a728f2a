"""Cancelling shipments and refunding card payments: the real ``stripe`` library over HTTP to the
fake Stripe, the refund webhooks, the money rule (never more back than was paid) and races."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.db import begin_write, make_engine
from catalog.models import MovementKind, Product, StockMovement
from catalog.money import rupiah
from orders import actors
from orders.cancellation import cancel_shipments
from orders.exceptions import CancelRefused, PaymentError
from orders.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
    Shipment,
    ShipmentStatus,
)
from orders.payments import StripeGateway, handle_event, start_checkout
from orders.refunds import (
    PROMISED,
    refund_paid_after_cancel,
    request_refund,
    retry_refund,
    send_refund,
    shipment_share,
)
from storefront import migrate
from tests import factories
from tests.databases import fresh_database, is_postgres
from tests.stripe_fake import SECRET_KEY, FakeStripe, place_card_order

URLS = {"success_url": "https://gerai.test/ok", "cancel_url": "https://gerai.test/batal"}
MANAGER = actors.manager(1)


@pytest.fixture
def gateway(fake_stripe: FakeStripe) -> StripeGateway:
    return StripeGateway(SECRET_KEY, api_base=fake_stripe.url)


def paid_order(session: Any, gateway: StripeGateway, fake: FakeStripe, galleries: int = 2):  # type: ignore[no-untyped-def]
    """A confirmed card order of one product from each of ``galleries`` galleries of one
    cooperative, with delivery fees, paid through the fake Stripe."""
    coop = factories.cooperative(session)
    products = [
        factories.product(
            session, gallery=factories.gallery(session, cooperative=coop), price=p, stock=5
        )
        for p in (25_000, 40_000, 15_000)[:galleries]
    ]
    order = place_card_order(session, products, delivery=True, email="rina@example.com")
    payment = start_checkout(session, gateway, order, **URLS)
    fake.pay(payment.session_id)
    handle_event(session, fake.event("checkout.session.completed", payment.session_id))
    session.flush()
    assert order.status == OrderStatus.CONFIRMED and payment.status == PaymentStatus.PAID
    return order, payment, products


def releases_of(session: Any, shipment: Shipment) -> int:
    return session.scalar(
        select(func.count()).where(
            StockMovement.kind == MovementKind.RELEASE, StockMovement.shipment_id == shipment.id
        )
    )


def test_cancelling_one_part_refunds_its_share_once_and_the_rest_continues(
    db_session, gateway, fake_stripe
):
    order, payment, _products = paid_order(db_session, gateway, fake_stripe)
    first, second = order.shipments
    share = shipment_share(first)
    assert share == first.lines[0].line_total + 11_000 == first.subtotal + first.delivery_fee

    done = cancel_shipments(db_session, [first], reason="Barang rusak", actor=MANAGER)
    (refund,) = done.refunds
    assert (refund.amount, refund.status, refund.idempotency_key) == (
        share,
        RefundStatus.REQUESTED,
        f"refund-shipment-{first.id}-1",
    )
    assert first.status == ShipmentStatus.CANCELLED and first.cancel_reason == "Barang rusak"
    assert second.status == ShipmentStatus.CONFIRMED and order.status == OrderStatus.CONFIRMED
    assert releases_of(db_session, first) == 1 and releases_of(db_session, second) == 0
    db_session.expire_all()
    assert first.lines[0].product.stock == 5 and second.lines[0].product.stock == 4
    assert payment.refunded_amount == share

    send_refund(db_session, gateway, refund, actor=MANAGER)
    sent = fake_stripe.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/v1/refunds")
    assert sent.headers["Idempotency-Key"] == f"refund-shipment-{first.id}-1"
    assert int(sent.params["amount"]) == share * 100  # IDR in hundredths
    assert sent.params["payment_intent"] == payment.payment_intent
    assert refund.status == RefundStatus.SUCCEEDED and refund.stripe_refund_id.startswith("re_")
    assert payment.status == PaymentStatus.PARTLY_REFUNDED
    assert fake_stripe.refunded_total(payment.payment_intent) == share * 100

    with pytest.raises(CancelRefused):  # the double submit: cancelled already
        cancel_shipments(db_session, [first], reason="lagi", actor=MANAGER)
    assert db_session.scalar(select(func.count()).select_from(Refund)) == 1
    assert releases_of(db_session, first) == 1


def test_cancelling_every_part_cancels_the_order_and_refunds_it_all(
    db_session, gateway, fake_stripe
):
    order, payment, products = paid_order(db_session, gateway, fake_stripe)
    done = cancel_shipments(db_session, order.shipments, reason="Galeri tutup", actor=MANAGER)
    assert done.order_cancelled and order.status == OrderStatus.CANCELLED
    assert order.cancel_reason == "Galeri tutup"
    for refund in done.refunds:
        send_refund(db_session, gateway, refund)
    assert payment.status == PaymentStatus.REFUNDED
    assert sum(r.amount for r in done.refunds) == payment.amount == order.total
    db_session.expire_all()
    assert [p.stock for p in products] == [5, 5]
    # The order-wide release (the shopper's path) does not give anything back a second time.
    from orders.lifecycle import release_stock

    release_stock(db_session, order, reason="again")
    db_session.expire_all()
    assert [p.stock for p in products] == [5, 5]


def test_a_part_with_the_courier_is_not_cancelled_and_nothing_changes(
    db_session, gateway, fake_stripe
):
    order, payment, _ = paid_order(db_session, gateway, fake_stripe)
    first, second = order.shipments
    from orders.states import set_shipment_status

    for step in (ShipmentStatus.PACKING, ShipmentStatus.READY, ShipmentStatus.COURIER_ASSIGNED):
        set_shipment_status(db_session, second, step)
    with pytest.raises(CancelRefused):
        cancel_shipments(db_session, [first, second], reason="x", actor=MANAGER)
    db_session.expire_all()
    assert first.status == ShipmentStatus.CONFIRMED and payment.refunded_amount == 0
    assert db_session.scalar(select(func.count()).select_from(Refund)) == 0
    with pytest.raises(CancelRefused):  # a reason is required
        cancel_shipments(db_session, [first], reason="   ", actor=MANAGER)


def test_a_lost_answer_is_retried_with_the_same_key_and_refunds_once(
    db_session, gateway, fake_stripe
):
    order, payment, _ = paid_order(db_session, gateway, fake_stripe)
    (refund,) = cancel_shipments(db_session, order.shipments[:1], reason="x", actor=MANAGER).refunds
    fake_stripe.lose_refund_answers = 1  # Stripe refunds, the answer never arrives
    with pytest.raises(PaymentError):
        send_refund(db_session, gateway, refund)
    assert refund.status == RefundStatus.REQUESTED  # shown as "retry" in the console
    again = retry_refund(db_session, refund, actor=MANAGER)
    assert again is refund
    send_refund(db_session, gateway, again)
    assert refund.status == RefundStatus.SUCCEEDED
    keys = [r.headers["Idempotency-Key"] for r in fake_stripe.requests if r.path == "/v1/refunds"]
    assert keys == [refund.idempotency_key] * 2
    assert len(fake_stripe.refunds) == 1  # one refund at Stripe, not two
    assert fake_stripe.refunded_total(payment.payment_intent) == refund.amount * 100


def test_a_refused_refund_is_failed_visibly_and_a_retry_is_a_new_attempt(
    db_session, gateway, fake_stripe
):
    order, payment, _ = paid_order(db_session, gateway, fake_stripe)
    first = order.shipments[0]
    (refund,) = cancel_shipments(db_session, [first], reason="x", actor=MANAGER).refunds
    intent = fake_stripe.intents[payment.payment_intent]
    intent["refunded"] = intent["amount"]  # refunded in Stripe's dashboard meanwhile
    send_refund(db_session, gateway, refund)
    assert refund.status == RefundStatus.FAILED and "greater than" in refund.error
    db_session.expire_all()
    assert payment.refunded_amount == 0 and payment.status == PaymentStatus.PAID
    intent["refunded"] = 0
    second = retry_refund(db_session, refund, actor=MANAGER)
    assert second.idempotency_key == f"refund-shipment-{first.id}-2"
    send_refund(db_session, gateway, second)
    assert second.status == RefundStatus.SUCCEEDED
    with pytest.raises(CancelRefused):  # the succeeded one is not sent again
        retry_refund(db_session, second, actor=MANAGER)


def test_never_more_back_than_was_paid(db_session, gateway, fake_stripe):
    order, payment, _ = paid_order(db_session, gateway, fake_stripe)
    with pytest.raises(CancelRefused) as refused:
        request_refund(db_session, payment, payment.amount + 1, shipment=None, reason="", actor="")
    assert refused.value.params == {
        "amount": rupiah(payment.amount + 1),
        "left": rupiah(payment.amount),
    }  # shown the way money is shown everywhere: "Rp 62.001"
    request_refund(db_session, payment, payment.amount - 5, shipment=None, reason="", actor="")
    with pytest.raises(CancelRefused):  # a second one for the same target, still under way
        request_refund(db_session, payment, 5, shipment=None, reason="", actor="")
    with pytest.raises(CancelRefused):
        request_refund(db_session, payment, 6, shipment=order.shipments[0], reason="", actor="")
    # The CHECK constraint holds even against a write that skips the rule.
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(
            update(Payment)
            .where(Payment.id == payment.id)
            .values(refunded_amount=Payment.amount + 1)
        )


def test_refund_webhooks_update_the_status_once(db_session, gateway, fake_stripe):
    order, payment, _ = paid_order(db_session, gateway, fake_stripe)
    fake_stripe.refund_status = "pending"
    (refund,) = cancel_shipments(db_session, order.shipments[:1], reason="x", actor=MANAGER).refunds
    send_refund(db_session, gateway, refund)
    assert refund.status == RefundStatus.PENDING and payment.status == PaymentStatus.PAID
    fake_stripe.move_refund(refund.stripe_refund_id, "succeeded")
    event = fake_stripe.refund_event("refund.updated", refund.stripe_refund_id)
    assert handle_event(db_session, event) == "refund_updated"
    assert handle_event(db_session, event) == "duplicate"
    charge = fake_stripe.charge_refunded_event(payment.payment_intent)
    assert handle_event(db_session, charge) == "refund_unchanged"
    assert refund.status == RefundStatus.SUCCEEDED
    assert [e.status for e in refund.events] == ["requested", "pending", "succeeded"]
    assert payment.status == PaymentStatus.PARTLY_REFUNDED
    # Stripe: a card refund can still fail later; the money is owed again, the state follows.
    fake_stripe.move_refund(refund.stripe_refund_id, "failed", "expired_or_canceled_card")
    handle_event(db_session, fake_stripe.refund_event("refund.failed", refund.stripe_refund_id))
    assert refund.status == RefundStatus.FAILED and payment.status == PaymentStatus.PAID
    db_session.expire_all()
    assert payment.refunded_amount == 0


def test_a_refund_event_before_the_answer_is_matched_by_its_metadata(
    db_session, gateway, fake_stripe
):
    order, _payment, _ = paid_order(db_session, gateway, fake_stripe)
    (refund,) = cancel_shipments(db_session, order.shipments[:1], reason="x", actor=MANAGER).refunds
    fake_stripe.lose_refund_answers = 1
    with pytest.raises(PaymentError):
        send_refund(db_session, gateway, refund)
    (made,) = fake_stripe.refunds
    assert handle_event(db_session, fake_stripe.refund_event("refund.created", made)) == (
        "refund_updated"
    )
    assert refund.stripe_refund_id == made and refund.status == RefundStatus.SUCCEEDED


def test_paid_after_cancel_is_refunded_whole_once(db_session, gateway, fake_stripe):
    product = factories.product(db_session, price=30_000, stock=3)
    order = place_card_order(db_session, [product], email="rina@example.com")
    payment = start_checkout(db_session, gateway, order, **URLS)
    handle_event(db_session, fake_stripe.event("checkout.session.expired", payment.session_id))
    fake_stripe.pay(payment.session_id)
    event = fake_stripe.event("checkout.session.completed", payment.session_id)
    assert handle_event(db_session, event) == "paid_after_cancel"
    refund = refund_paid_after_cancel(db_session, payment, actor=MANAGER, reason="Dibayar telat")
    assert refund.amount == payment.amount and refund.shipment_id is None
    assert refund.idempotency_key == f"refund-payment-{payment.id}-1"
    with pytest.raises(CancelRefused):  # a second click
        refund_paid_after_cancel(db_session, payment, actor=MANAGER, reason="again")
    send_refund(db_session, gateway, refund)
    assert payment.status == PaymentStatus.REFUNDED
    assert len(fake_stripe.refunds) == 1


# --- a property: random partial cancellations and refund outcomes --------------------------

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["cancel", "cancel_all", "send", "fail", "retry", "webhook", "lose"]),
        st.integers(0, 2),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_random_cancellations_and_refunds_keep_the_money_and_stock_straight(
    db_session, gateway, fake_stripe, steps
):
    fake_stripe.reset()
    db_session.expunge_all()  # each example starts afresh: the last one was rolled back
    with db_session.begin_nested() as outer:
        order, payment, products = paid_order(db_session, gateway, fake_stripe, galleries=3)
        for action, n in steps:
            _apply(db_session, gateway, fake_stripe, order, action, n)
            _check(db_session, order, payment, products, fake_stripe)
        outer.rollback()


def _apply(session, gateway, fake, order, action, n) -> None:  # type: ignore[no-untyped-def]
    shipment = order.shipments[n]
    refunds = session.scalars(select(Refund).order_by(Refund.id)).all()
    try:
        if action == "cancel":
            cancel_shipments(session, [shipment], reason="acak", actor=MANAGER)
        elif action == "cancel_all":
            cancel_shipments(session, order.shipments, reason="semua", actor=MANAGER)
        elif action in ("send", "lose") and refunds:
            fake.lose_refund_answers = 1 if action == "lose" else 0
            send_refund(session, gateway, refunds[n % len(refunds)])
        elif action == "fail" and refunds:
            refund = refunds[n % len(refunds)]
            if refund.stripe_refund_id and refund.status != RefundStatus.FAILED:
                fake.move_refund(refund.stripe_refund_id, "failed", "lost_or_stolen_card")
                handle_event(session, fake.refund_event("refund.failed", refund.stripe_refund_id))
        elif action == "retry" and refunds:
            send_refund(
                session, gateway, retry_refund(session, refunds[n % len(refunds)], actor="")
            )
        elif action == "webhook" and refunds and refunds[n % len(refunds)].stripe_refund_id:
            rid = refunds[n % len(refunds)].stripe_refund_id
            handle_event(session, fake.refund_event("refund.updated", rid))
    except (CancelRefused, PaymentError):
        pass
    finally:
        fake.lose_refund_answers = 0


def _check(session, order, payment, products, fake) -> None:  # type: ignore[no-untyped-def]
    session.expire_all()
    refunds = session.scalars(select(Refund).where(Refund.payment_id == payment.id)).all()
    promised = sum(r.amount for r in refunds if r.status not in ("failed", "canceled"))
    succeeded = sum(r.amount for r in refunds if r.status == RefundStatus.SUCCEEDED)
    assert payment.refunded_amount == promised <= payment.amount
    assert fake.refunded_total(payment.payment_intent) <= payment.amount * 100
    if succeeded == 0:
        assert payment.status == PaymentStatus.PAID
    elif succeeded < payment.amount:
        assert payment.status == PaymentStatus.PARTLY_REFUNDED
    else:
        assert payment.status == PaymentStatus.REFUNDED
    for shipment in order.shipments:
        cancelled = shipment.status == ShipmentStatus.CANCELLED
        assert releases_of(session, shipment) == (len(shipment.lines) if cancelled else 0)
        live = [r for r in refunds if r.shipment_id == shipment.id and r.status in PROMISED]
        assert len(live) <= (1 if cancelled else 0)
    for product in products:
        assert product.stock == 5 - (0 if _cancelled(order, product) else 1)
    all_cancelled = all(s.status == ShipmentStatus.CANCELLED for s in order.shipments)
    assert (order.status == OrderStatus.CANCELLED) == all_cancelled


def _cancelled(order: Order, product: Product) -> bool:
    return any(
        s.status == ShipmentStatus.CANCELLED and any(li.product_id == product.id for li in s.lines)
        for s in order.shipments
    )


# --- two managers at the same moment ---------------------------------------------------------


@pytest.fixture(scope="module")
def race_engine(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A database of its own: the racers commit for real and must see each other's work."""
    with fresh_database(tmp_path_factory.mktemp("refundrace")) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


def _in_own_session(engine, work):  # type: ignore[no-untyped-def]
    with Session(engine, expire_on_commit=False) as session:
        begin_write(session)
        try:
            result = work(session)
        except CancelRefused:
            session.rollback()
            return "refused"
        session.commit()
        return result


def _race(engine, *racers):  # type: ignore[no-untyped-def]
    start = threading.Barrier(len(racers))

    def run(work):  # type: ignore[no-untyped-def]
        start.wait()
        return _in_own_session(engine, work)

    with ThreadPoolExecutor(len(racers)) as pool:
        return [f.result() for f in [pool.submit(run, work) for work in racers]]


def check_two_managers_cancel_the_same_part(engine, gateway, fake) -> None:  # type: ignore[no-untyped-def]
    order_id = _in_own_session(engine, lambda s: paid_order(s, gateway, fake)[0].id)

    def cancel(manager: int):  # type: ignore[no-untyped-def]
        def work(s):  # type: ignore[no-untyped-def]
            shipment = s.get(Order, order_id).shipments[0]
            done = cancel_shipments(s, [shipment], reason="ganda", actor=actors.manager(manager))
            return len(done.refunds)

        return work

    assert sorted(_race(engine, cancel(1), cancel(2)), key=str) == [1, "refused"]
    with Session(engine) as s:
        order = s.get(Order, order_id)
        first = order.shipments[0]
        assert first.status == ShipmentStatus.CANCELLED and releases_of(s, first) == 1
        (refund,) = s.scalars(select(Refund).where(Refund.shipment_id == first.id)).all()
        assert order.payments[0].refunded_amount == refund.amount == shipment_share(first)
        assert first.lines[0].product.stock == 5


def check_two_managers_cancel_the_two_parts(engine, gateway, fake) -> None:  # type: ignore[no-untyped-def]
    """Each cancels one part at the same moment: the order ends cancelled, all refunded."""
    order_id = _in_own_session(engine, lambda s: paid_order(s, gateway, fake)[0].id)

    def cancel(index: int):  # type: ignore[no-untyped-def]
        def work(s):  # type: ignore[no-untyped-def]
            shipment = s.get(Order, order_id).shipments[index]
            return cancel_shipments(s, [shipment], reason="dua", actor=MANAGER).order_cancelled

        return work

    assert sorted(_race(engine, cancel(0), cancel(1))) == [False, True]
    with Session(engine) as s:
        order = s.get(Order, order_id)
        assert order.status == OrderStatus.CANCELLED
        assert order.payments[0].refunded_amount == order.total


def check_two_clicks_refund_a_late_payment(engine, gateway, fake) -> None:  # type: ignore[no-untyped-def]
    def late(s):  # type: ignore[no-untyped-def]
        product = factories.product(s, price=30_000, stock=3)
        order = place_card_order(s, [product])
        payment = start_checkout(s, gateway, order, **URLS)
        handle_event(s, fake.event("checkout.session.expired", payment.session_id))
        fake.pay(payment.session_id)
        handle_event(s, fake.event("checkout.session.completed", payment.session_id))
        return payment.id

    payment_id = _in_own_session(engine, late)

    def click(s):  # type: ignore[no-untyped-def]
        return refund_paid_after_cancel(
            s, s.get(Payment, payment_id), actor=MANAGER, reason="telat"
        ).amount

    outcomes = _race(engine, click, click)
    assert sorted(outcomes, key=str) == [30_000, "refused"]
    with Session(engine) as s:
        payment = s.get(Payment, payment_id)
        assert payment.refunded_amount == 30_000 and len(payment.refunds) == 1


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_two_managers_cancel_the_same_part_on_postgresql(race_engine, gateway, fake_stripe):
    for _ in range(3):
        check_two_managers_cancel_the_same_part(race_engine, gateway, fake_stripe)
        check_two_managers_cancel_the_two_parts(race_engine, gateway, fake_stripe)


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_two_clicks_refund_a_late_payment_once_on_postgresql(race_engine, gateway, fake_stripe):
    for _ in range(3):
        check_two_clicks_refund_a_late_payment(race_engine, gateway, fake_stripe)


@pytest.mark.skipif(is_postgres(), reason="the PostgreSQL variant runs instead")
def test_two_managers_cancel_the_same_part_on_sqlite(race_engine, gateway, fake_stripe):
    check_two_managers_cancel_the_same_part(race_engine, gateway, fake_stripe)
    check_two_managers_cancel_the_two_parts(race_engine, gateway, fake_stripe)
    check_two_clicks_refund_a_late_payment(race_engine, gateway, fake_stripe)
