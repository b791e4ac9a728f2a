"""Card payments through Stripe Checkout: open a session, handle Stripe's events, sweep.

The order exists (pending_payment, its stock held) before its Checkout Session is created.
Stripe's webhook, the shopper's return to the success page and the expiry sweeper may all act
on the same order at once; each goes through ``orders.lifecycle``'s conditional updates, so
exactly one of them moves the order and the others change nothing.

A late payment does not bring a cancelled order back: once an order expired, its stock went
back on sale and may be sold already. A ``paid`` session for a cancelled order is recorded
(payment PAID, event outcome ``PAID_AFTER_CANCEL``) and logged as a warning; a manager refunds
it from the console (``orders.refunds.refund_paid_after_cancel``).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import stripe
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from catalog.db import DbSession, as_utc, utcnow
from catalog.i18n import N_
from orders import actors
from orders.exceptions import PaymentError, RefundRefused
from orders.lifecycle import cancel_order, confirm_order
from orders.models import Order, OrderStatus, Payment, PaymentMethod, PaymentStatus, StripeEvent
from orders.states import move_payment

log = logging.getLogger(__name__)

CURRENCY = "idr"
# IDR is a two-decimal currency for Stripe: Rp 25.000 is sent as 2500000.
MINOR_PER_RUPIAH = 100

# Stripe, "Supported currencies" > "Minimum and maximum charge amounts"
# (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts): "The amount value
# supports up to 12 digits for IDR, for a maximum charge of 9,999,999,999.99 IDR
# (999999999999)"; other currencies get 8 digits. IDR is the special case because a rupiah
# amount in hundredths is long. The same page warns that card networks may set lower limits
# (American Express: 9 digits, 999,999,999 in minor units = Rp 9.999.999,99); Checkout then
# declines that card and the shopper can use another one.
STRIPE_MAX_IDR_MINOR = 999_999_999_999
CARD_MAX_RUPIAH = STRIPE_MAX_IDR_MINOR // MINOR_PER_RUPIAH

# A Checkout Session's expires_at "must be between 30 minutes and 24 hours after the current
# time" (Stripe, "Manage limited inventory"). The margins absorb clock drift and request time.
SESSION_MIN_LIFE = timedelta(minutes=32)
SESSION_MAX_LIFE = timedelta(hours=24) - timedelta(minutes=5)
# A session completed with a delayed method (payment_status "unpaid") ends with an
# async_payment_succeeded/failed event; until then the sweeper leaves the order alone.
ASYNC_PAYMENT_WAIT = timedelta(days=3)
# The sweeper waits a little past expiry so a payment made in the last second can still arrive.
SWEEP_GRACE = timedelta(minutes=5)

REASON_EXPIRED = N_("The time to pay by card ran out.")
REASON_FAILED = N_("The card payment failed.")
ACTOR = actors.PAYMENT


class PaymentOutcome(enum.StrEnum):
    """What handling a Stripe event (or the shopper's return) did; stored with the event."""

    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    PAID_AFTER_CANCEL = "paid_after_cancel"  # recorded and logged: a person refunds it
    AMOUNT_MISMATCH = "amount_mismatch"
    CANCELLED = "cancelled"
    ALREADY_FINAL = "already_final"
    AWAITING_PAYMENT = "awaiting_payment"
    WRONG_ORDER = "wrong_order"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    UNKNOWN_ORDER = "unknown_order"
    REFUND_UPDATED = "refund_updated"
    REFUND_UNCHANGED = "refund_unchanged"
    UNKNOWN_REFUND = "unknown_refund"


@dataclass(frozen=True)
class CheckoutSession:
    """The part of Stripe's Checkout Session object that Gerai acts on."""

    id: str
    url: str
    status: str  # open, complete, expired
    payment_status: str  # paid, unpaid, no_payment_required
    order_code: str | None
    amount_total: int | None
    currency: str | None
    expires_at: datetime | None
    payment_intent: str = ""

    @classmethod
    def from_stripe(cls, obj: Mapping[str, Any]) -> CheckoutSession:
        metadata = obj.get("metadata") or {}
        expires = obj.get("expires_at")
        return cls(
            id=str(obj["id"]),
            url=obj.get("url") or "",
            status=obj.get("status") or "",
            payment_status=obj.get("payment_status") or "",
            order_code=metadata.get("order_code") or obj.get("client_reference_id"),
            amount_total=obj.get("amount_total"),
            currency=obj.get("currency"),
            expires_at=datetime.fromtimestamp(expires, UTC) if expires else None,
            payment_intent=_id_of(obj.get("payment_intent")),
        )

    @property
    def paid(self) -> bool:
        return self.payment_status == "paid"


def _id_of(value: Any) -> str:
    """An expandable field's id: the string itself, or the expanded object's ``id``."""
    if isinstance(value, Mapping):
        return str(value.get("id") or "")
    return str(value or "")


@dataclass(frozen=True)
class StripeRefund:
    """The part of Stripe's Refund object that Gerai acts on (amount in hundredths of IDR)."""

    id: str
    status: str
    amount: int
    failure_reason: str
    metadata: Mapping[str, str]

    @classmethod
    def from_stripe(cls, obj: Mapping[str, Any]) -> StripeRefund:
        return cls(
            id=str(obj["id"]),
            status=str(obj.get("status") or ""),
            amount=int(obj.get("amount") or 0),
            failure_reason=str(obj.get("failure_reason") or ""),
            metadata=dict(obj.get("metadata") or {}),
        )


class StripeGateway:
    """The few Checkout Session calls Gerai makes, through the official ``stripe`` library.

    ``api_base`` points the library at another address (a local fake in tests); None means
    Stripe itself. Stripe's errors become PaymentError. Short timeout, one retry (safe: POSTs
    carry idempotency keys): on SQLite the call runs under the write lock, whose waiters give
    up after 30 s.
    """

    def __init__(
        self,
        api_key: str,
        *,
        api_base: str | None = None,
        timeout: float = 8.0,
        max_network_retries: int = 1,
    ) -> None:
        self.client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base.rstrip("/")} if api_base else None,
            http_client=stripe.RequestsClient(timeout=timeout),
            max_network_retries=max_network_retries,
        )
        self._sessions = getattr(self.client, "v1", self.client).checkout.sessions
        self._refunds = getattr(self.client, "v1", self.client).refunds

    def create_refund(self, params: dict[str, Any], *, idempotency_key: str) -> StripeRefund:
        """Ask Stripe to refund; the same key for a retry gets the refund already made.

        RefundRefused when Stripe said no for good (nothing refunded; a new attempt needs a new
        key); PaymentError when the answer is unknown (network, Stripe's 5xx): retry, same key.
        """
        create: Callable[..., Any] = self._refunds.create  # its params type is a TypedDict
        try:
            made = create(params=params, options={"idempotency_key": idempotency_key})
        except stripe.InvalidRequestError as error:
            log.warning("Stripe refused refund %s: %s", idempotency_key, error)
            detail = str(getattr(error, "user_message", None) or error)[:255]
            raise RefundRefused(N_("Stripe refused the refund."), detail) from error
        except stripe.StripeError as error:
            raise _payment_error(error) from error
        return StripeRefund.from_stripe(plain(made))

    def retrieve_refund(self, refund_id: str) -> StripeRefund:
        try:
            return StripeRefund.from_stripe(plain(self._refunds.retrieve(refund_id)))
        except stripe.StripeError as error:
            raise _payment_error(error) from error

    def create_session(self, params: dict[str, Any], *, idempotency_key: str) -> CheckoutSession:
        return self._call(
            self._sessions.create, params=params, options={"idempotency_key": idempotency_key}
        )

    def retrieve_session(self, session_id: str) -> CheckoutSession:
        return self._call(self._sessions.retrieve, session_id)

    def expire_session(self, session_id: str) -> CheckoutSession:
        """Close an open session so it can no longer be paid; Stripe's view of it either way."""
        try:
            return CheckoutSession.from_stripe(plain(self._sessions.expire(session_id)))
        except stripe.InvalidRequestError:  # not open any more: completed or already expired
            return self.retrieve_session(session_id)
        except stripe.StripeError as error:
            raise _payment_error(error) from error

    @staticmethod
    def _call(method: Callable[..., Any], *args: Any, **kwargs: Any) -> CheckoutSession:
        try:
            return CheckoutSession.from_stripe(plain(method(*args, **kwargs)))
        except stripe.StripeError as error:
            raise _payment_error(error) from error


def plain(obj: Any) -> dict[str, Any]:
    """The library's objects as plain dicts (recent versions no longer subclass dict)."""
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _payment_error(error: stripe.StripeError) -> PaymentError:
    log.warning("Stripe call failed: %s", error)
    return PaymentError(N_("The card payment service cannot be reached. Try again in a moment."))


def paid_by_card(order: Order) -> int:
    """Rupiah the shopper has paid by card for ``order`` (a cancelled one is owed it back)."""
    received = (PaymentStatus.PAID, PaymentStatus.PARTLY_REFUNDED, PaymentStatus.REFUNDED)
    return sum(p.amount for p in order.payments if p.status in received)


def card_payment_allowed(total_rupiah: int) -> bool:
    """Whether Stripe can charge ``total_rupiah`` in one IDR amount (see STRIPE_MAX_IDR_MINOR)."""
    return 0 < total_rupiah * MINOR_PER_RUPIAH <= STRIPE_MAX_IDR_MINOR


def session_expiry(wanted: datetime | None, now: datetime) -> datetime:
    """The order's expiry moved into the window Stripe accepts for a Checkout Session."""
    wanted = as_utc(wanted) if wanted else now + SESSION_MIN_LIFE
    return min(max(wanted, now + SESSION_MIN_LIFE), now + SESSION_MAX_LIFE)


def _item(name: str, rupiah: int, quantity: int) -> dict[str, Any]:
    return {
        "price_data": {
            "currency": CURRENCY,
            "unit_amount": rupiah * MINOR_PER_RUPIAH,
            "product_data": {"name": name[:250]},
        },
        "quantity": quantity,
    }


def checkout_params(
    order: Order,
    *,
    success_url: str,
    cancel_url: str,
    now: datetime,
    locale: str | None = None,
    delivery_label: str = "Ongkos kirim %(gallery)s",
) -> dict[str, Any]:
    """The Checkout Session request for ``order``: its lines and delivery fees in IDR."""
    items = [
        _item(f"{line.product_name} ({line.unit})", line.unit_price, line.quantity)
        for line in order.lines
    ]
    for shipment in order.shipments:
        if shipment.delivery_fee:
            label = delivery_label % {"gallery": shipment.gallery.name}
            items.append(_item(label, shipment.delivery_fee, 1))
    params: dict[str, Any] = {
        "mode": "payment",
        "payment_method_types": ["card"],
        "line_items": items,
        "client_reference_id": order.code,
        "metadata": {"order_code": order.code},
        "payment_intent_data": {"metadata": {"order_code": order.code}},
        "expires_at": int(session_expiry(order.expires_at, now).timestamp()),
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    if order.email:
        params["customer_email"] = order.email
    if locale:
        params["locale"] = locale
    return params


def open_payment(session: DbSession, order: Order) -> Payment | None:
    """The order's Checkout Session still waiting to be paid, if any."""
    return session.scalar(
        select(Payment)
        .where(Payment.order_id == order.id, Payment.status == PaymentStatus.PENDING)
        .order_by(Payment.id.desc())
        .limit(1)
    )


def awaits_card_payment(order: Order) -> bool:
    """Whether the shopper may (still) pay ``order`` by card: a card order not yet paid."""
    return (
        order.payment_method == PaymentMethod.CARD and order.status == OrderStatus.PENDING_PAYMENT
    )


def _check_payable(order: Order, now: datetime) -> None:
    if not awaits_card_payment(order):
        raise PaymentError(N_("This order is not waiting for a card payment."))
    if order.expires_at is not None and as_utc(order.expires_at) <= now:
        raise PaymentError(N_("The time to pay for this order has run out."))
    if not card_payment_allowed(order.total):
        raise PaymentError(N_("Card payment is not possible for this total."))


def start_checkout(
    session: DbSession,
    gateway: StripeGateway,
    order: Order,
    *,
    success_url: str,
    cancel_url: str,
    locale: str | None = None,
    delivery_label: str = "Ongkos kirim %(gallery)s",
) -> Payment:
    """Open (or reuse) the Checkout Session for a pending card order and record it; flush."""
    now = utcnow()
    _check_payable(order, now)
    if (existing := open_payment(session, order)) is not None:
        return existing
    attempts = session.scalar(select(func.count()).where(Payment.order_id == order.id)) or 0
    params = checkout_params(
        order,
        success_url=success_url,
        cancel_url=cancel_url,
        now=now,
        locale=locale,
        delivery_label=delivery_label,
    )
    # The same key for the same order and attempt: a retry after a lost answer or a
    # double click gets the session Stripe already made instead of a second one.
    created = gateway.create_session(params, idempotency_key=f"gerai-{order.code}-{attempts + 1}")
    return record_checkout(session, order, created)


def record_checkout(session: DbSession, order: Order, created: CheckoutSession) -> Payment:
    """Store the session as the order's pending Payment; the order is held as long as it lives."""
    payment = _payment_row(session, order, created)
    if created.expires_at is not None:
        order.expires_at = created.expires_at
    session.flush()
    return payment


def _payment_row(session: DbSession, order: Order, checkout: CheckoutSession) -> Payment:
    """The Payment for ``checkout``, created if missing; safe when two requests race to insert."""
    found = session.scalar(select(Payment).where(Payment.session_id == checkout.id))
    if found is not None:
        return found
    payment = Payment(
        order_id=order.id,
        session_id=checkout.id,
        checkout_url=checkout.url,
        amount=order.total,
        status=PaymentStatus.PENDING,
    )
    try:
        with session.begin_nested():
            session.add(payment)
    except IntegrityError:  # the other racer stored the same session first
        return session.scalars(select(Payment).where(Payment.session_id == checkout.id)).one()
    session.expire(order, ["payments"])
    return payment


def _set_payment(
    session: DbSession,
    order: Order,
    checkout: CheckoutSession,
    status: PaymentStatus,
    actor: str = ACTOR,
) -> None:
    """Settle the session's Payment through its conditional move, so racers settle it once."""
    payment = _payment_row(session, order, checkout)
    move_payment(session, payment, status, actor=actor)
    if checkout.payment_intent and not payment.payment_intent:
        payment.payment_intent = checkout.payment_intent[:255]


def apply_paid(session: DbSession, order: Order, checkout: CheckoutSession) -> PaymentOutcome:
    """A paid session confirms its order, unless the order was cancelled first."""
    if checkout.amount_total != order.total * MINOR_PER_RUPIAH or checkout.currency != CURRENCY:
        log.error(
            "Stripe session %s for %s paid %s %s, order total is Rp %s: not confirmed",
            checkout.id,
            order.code,
            checkout.amount_total,
            checkout.currency,
            order.total,
        )
        return PaymentOutcome.AMOUNT_MISMATCH
    # The order row first, then the payment row: every racer locks them in this order.
    confirmed = confirm_order(session, order, actor=ACTOR)
    _set_payment(session, order, checkout, PaymentStatus.PAID)
    if confirmed:
        return PaymentOutcome.CONFIRMED
    if order.status == OrderStatus.CANCELLED:
        log.warning(
            "Order %s was paid (Stripe session %s) after it was cancelled: refund it (console)",
            order.code,
            checkout.id,
        )
        return PaymentOutcome.PAID_AFTER_CANCEL
    return PaymentOutcome.ALREADY_CONFIRMED


def _end_unpaid(
    session: DbSession, order: Order, checkout: CheckoutSession, status: PaymentStatus, reason: str
) -> PaymentOutcome:
    cancelled = cancel_order(session, order, reason=reason, actor=ACTOR, only_unpaid=True)
    _set_payment(session, order, checkout, status)
    return PaymentOutcome.CANCELLED if cancelled else PaymentOutcome.ALREADY_FINAL


def _on_completed(session: DbSession, order: Order, checkout: CheckoutSession) -> PaymentOutcome:
    if checkout.paid:
        return apply_paid(session, order, checkout)
    # A delayed payment method: Stripe reports the result later; keep the stock held until then.
    _payment_row(session, order, checkout)
    if order.status == OrderStatus.PENDING_PAYMENT:
        order.expires_at = utcnow() + ASYNC_PAYMENT_WAIT
    return PaymentOutcome.AWAITING_PAYMENT


def _on_expired(session: DbSession, order: Order, checkout: CheckoutSession) -> PaymentOutcome:
    return _end_unpaid(session, order, checkout, PaymentStatus.EXPIRED, REASON_EXPIRED)


def _on_async_failed(session: DbSession, order: Order, checkout: CheckoutSession) -> PaymentOutcome:
    return _end_unpaid(session, order, checkout, PaymentStatus.FAILED, REASON_FAILED)


EVENT_HANDLERS: dict[str, Callable[[DbSession, Order, CheckoutSession], PaymentOutcome]] = {
    "checkout.session.completed": _on_completed,
    "checkout.session.async_payment_succeeded": apply_paid,
    "checkout.session.expired": _on_expired,
    "checkout.session.async_payment_failed": _on_async_failed,
}


# Refund events (orders.refunds): a Refund object, or a Charge carrying its refunds.
REFUND_EVENTS = frozenset({"refund.created", "refund.updated", "refund.failed", "charge.refunded"})


def check_event(event: Mapping[str, Any]) -> None:
    """Raise ValueError unless ``event`` has the shape of a Stripe event."""
    data = event.get("data")
    if not (
        isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(data, Mapping)
        and isinstance(data.get("object"), Mapping)
    ):
        raise ValueError("not a Stripe event")


def handle_event(session: DbSession, event: Mapping[str, Any]) -> PaymentOutcome:
    """Act on one verified Stripe event, once per event id; the outcome is recorded and returned."""
    check_event(event)
    obj = event["data"]["object"]
    code = (obj.get("metadata") or {}).get("order_code") or obj.get("client_reference_id")
    code = str(code)[:12] if code else None
    record = StripeEvent(id=event["id"][:255], type=event["type"][:80], order_code=code)
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:  # delivered before (or right now, by a concurrent request)
        return PaymentOutcome.DUPLICATE
    outcome = _dispatch(session, event["type"], obj, record.order_code)
    record.outcome = outcome.value
    session.flush()
    return outcome


def _dispatch(
    session: DbSession, kind: str, obj: Mapping[str, Any], code: str | None
) -> PaymentOutcome:
    if kind in REFUND_EVENTS:
        from orders.refunds import on_refund_event  # refunds builds on this module

        return on_refund_event(session, kind, obj)
    handler = EVENT_HANDLERS.get(kind)
    if handler is None:
        return PaymentOutcome.IGNORED
    order = session.scalar(select(Order).where(Order.code == code)) if code else None
    if order is None:
        # Answered 200 all the same: Stripe would retry for days, and no retry can help.
        log.warning("Stripe event %s names no known order (%r)", kind, code)
        return PaymentOutcome.UNKNOWN_ORDER
    return handler(session, order, CheckoutSession.from_stripe(obj))


def confirm_from_success_page(
    session: DbSession, gateway: StripeGateway, order: Order, session_id: str
) -> PaymentOutcome:
    """Ask Stripe about the session the shopper returned from; confirm the order if paid.

    Same path as the webhook, so whichever comes first confirms and the other changes nothing.
    """
    checkout = gateway.retrieve_session(session_id)
    if checkout.order_code != order.code:
        log.warning("Session %s is not %s's but %r's", session_id, order.code, checkout.order_code)
        return PaymentOutcome.WRONG_ORDER
    if not checkout.paid:
        return PaymentOutcome.AWAITING_PAYMENT
    return apply_paid(session, order, checkout)


def _expire_payments(session: DbSession, order: Order, actor: str = ACTOR) -> None:
    """Every Checkout Session of the order still waiting is expired (each move conditional)."""
    pending = session.scalars(
        select(Payment)
        .where(Payment.order_id == order.id, Payment.status == PaymentStatus.PENDING)
        .order_by(Payment.id)
    ).all()
    for payment in pending:
        move_payment(session, payment, PaymentStatus.EXPIRED, actor=actor)


def withdraw_checkout(
    session: DbSession,
    gateway: StripeGateway,
    order: Order,
    *,
    reason: str,
    actor: str = actors.SHOPPER,
) -> PaymentOutcome:
    """Cancel a card order still waiting for payment, closing its Stripe session first.

    Closing it first means it cannot be paid after the order is gone; if Stripe says it was
    paid meanwhile, the order is confirmed instead. PaymentError (Stripe unreachable) leaves
    everything as it was.
    """
    payment = open_payment(session, order)
    if payment is not None:
        checkout = gateway.expire_session(payment.session_id)
        if checkout.paid:
            return apply_paid(session, order, checkout)
    if not cancel_order(session, order, reason=reason, actor=actor, only_unpaid=True):
        return PaymentOutcome.ALREADY_FINAL
    _expire_payments(session, order, actor)
    session.flush()
    return PaymentOutcome.CANCELLED


def _paid_meanwhile(session: DbSession, gateway: StripeGateway, order: Order) -> bool:
    """True (and the order confirmed) if Stripe has the order's session paid after all."""
    payment = open_payment(session, order)
    if payment is None:
        return False
    try:
        checkout = gateway.retrieve_session(payment.session_id)
    except PaymentError:
        return False  # its session expired at Stripe with the order; cancelling is safe
    return checkout.paid and apply_paid(session, order, checkout) == PaymentOutcome.CONFIRMED


def expire_stale_orders(
    session: DbSession,
    now: datetime,
    *,
    gateway: StripeGateway | None = None,
    grace: timedelta = SWEEP_GRACE,
) -> int:
    """Cancel card orders still unpaid past their expiry and give their stock back; flush.

    Works without any webhook. With a gateway, Stripe is asked first whether a session was
    paid after all (a lost webhook), and such an order is confirmed instead. Returns the number
    of orders this call cancelled.
    """
    stale = session.scalars(
        select(Order)
        .where(Order.status == OrderStatus.PENDING_PAYMENT, Order.expires_at < now - grace)
        .order_by(Order.id)
    ).all()
    cancelled = 0
    for order in stale:
        if gateway is not None and _paid_meanwhile(session, gateway, order):
            continue
        if cancel_order(
            session, order, reason=REASON_EXPIRED, actor=actors.SWEEPER, only_unpaid=True
        ):
            _expire_payments(session, order, actors.SWEEPER)
            cancelled += 1
    session.flush()
    return cancelled
