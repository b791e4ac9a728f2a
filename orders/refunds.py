"""Card refunds through Stripe's Refunds API: one shipment's share, or a whole payment.

The money rule: a payment's ``refunded_amount`` is the rupiah promised back (refunds requested,
pending, needing action or succeeded). It is raised by one conditional UPDATE that matches only
while the sum stays within what was paid, and a CHECK on the table says the same, so two
managers, a double click or a retry can never promise more than the shopper paid. A refund that
Stripe reports failed or canceled gives its amount back to the promise.

The order of work, so that money is never lost nor refunded twice:

1. ``request_refund`` (in the transaction that cancels the shipment) writes the Refund row,
   ``requested``, with its idempotency key ``refund-shipment-<id>-<attempt>`` (or
   ``refund-payment-<id>-<attempt>``), and raises the promise. That transaction commits.
2. ``send_refund`` (after the commit: ``storefront.database.commit_then``) calls Stripe with
   the key and records the answer. If the answer is lost (network, Stripe's 5xx), the row stays
   ``requested`` and the payment record shows "retry": the retry sends the same key, so Stripe
   answers with the refund it already made, never a second one. If Stripe says no for good,
   the row is ``failed`` with Stripe's words; a retry is a new attempt with a new key.
3. Stripe's ``refund.*`` and ``charge.refunded`` webhooks move the row to Stripe's status,
   each event once (``StripeEvent``) and each change once (``move_refund``'s conditional
   UPDATE). The payment's state follows the sum Stripe reports succeeded:
   paid → partly_refunded → refunded.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from catalog.db import DbSession, saved, updated_rows
from catalog.i18n import N_
from catalog.money import rupiah
from orders import actors
from orders.exceptions import CancelRefused, PaymentError, RefundRefused
from orders.models import (
    LineRefund,
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundEvent,
    RefundStatus,
    Shipment,
)
from orders.payments import MINOR_PER_RUPIAH, PaymentOutcome, StripeGateway, StripeRefund
from orders.states import REFUND_TRANSITIONS, move_payment, move_refund

log = logging.getLogger(__name__)

RS = RefundStatus
# Refunds whose amount is promised back (counted in Payment.refunded_amount).
PROMISED = frozenset({RS.REQUESTED, RS.PENDING, RS.REQUIRES_ACTION, RS.SUCCEEDED})
GIVEN_UP = frozenset({RS.FAILED, RS.CANCELED})
# Payments money can be given back on: received, and not all of it refunded yet.
RECEIVED = frozenset({PaymentStatus.PAID, PaymentStatus.PARTLY_REFUNDED, PaymentStatus.REFUNDED})

TOO_MUCH = N_("A refund of %(amount)s is more than is left to refund on this payment (%(left)s).")
NOT_RECEIVED = N_("This payment was not received, so there is nothing to refund.")
IN_PROGRESS = N_("A refund for this is already under way.")
STRIPE_REASON = "requested_by_customer"


def shipment_share(shipment: Shipment) -> int:
    """What the shopper paid for one gallery's part: its lines and its delivery fee."""
    return sum(line.line_total for line in shipment.lines) + shipment.delivery_fee


def lock_payment(session: DbSession, payment: Payment) -> Payment:
    """The payment row, read again and locked (PostgreSQL) until the transaction ends: every
    refund change of one payment goes one at a time, payment row first, then the refund."""
    stmt = (
        select(Payment)
        .where(Payment.id == payment.id)
        .with_for_update(of=Payment)
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).one()


def left_to_refund(payment: Payment) -> int:
    return payment.amount - payment.refunded_amount if payment.status in RECEIVED else 0


def received_payment(order: Order, amount: int) -> Payment | None:
    """The order's card payment that can carry a refund of ``amount`` (normally its only one)."""
    received = [p for p in order.payments if p.status in RECEIVED]
    fitting = [p for p in received if left_to_refund(p) >= amount]
    chosen = fitting or received
    return chosen[0] if chosen else None


def _target(
    payment: Payment,
    shipment: Shipment | None,
    returned: LineRefund | None = None,
    *,
    delivery_fee: bool = False,
) -> tuple[str, Any]:
    """The key prefix of a refund's target and the filter for earlier refunds of it: delivered
    goods brought back (one LineRefund), a shipment's delivery fee (picked up instead), one
    shipment's share, or the payment itself. Targets are told apart by their keys, so a
    shipment's fee refunded earlier does not stand in the way of cancelling it later."""
    if returned is not None:
        prefix = f"refund-return-{returned.id}"
    elif shipment is not None and delivery_fee:
        prefix = f"refund-fee-{shipment.id}"
    elif shipment is not None:
        prefix = f"refund-shipment-{shipment.id}"
    else:
        prefix = f"refund-payment-{payment.id}"
    return prefix, Refund.idempotency_key.startswith(f"{prefix}-", autoescape=True)


def request_refund(
    session: DbSession,
    payment: Payment,
    amount: int,
    *,
    shipment: Shipment | None,
    reason: str,
    actor: str,
    returned: LineRefund | None = None,
    delivery_fee: bool = False,
) -> Refund:
    """Record a refund of ``amount`` rupiah on ``payment`` (for delivered goods brought back,
    ``returned``; for ``shipment``'s share; or the payment itself) and promise it; flush.
    Stripe is asked later (:func:`send_refund`).

    CancelRefused if the payment was not received, if a refund of the same target is still
    under way, or if the amount is more than is left to refund.
    """
    payment = lock_payment(session, payment)
    if payment.status not in RECEIVED:
        raise CancelRefused(NOT_RECEIVED)
    left = payment.amount - payment.refunded_amount
    if amount <= 0 or amount > left:
        raise CancelRefused(TOO_MUCH, amount=rupiah(max(amount, 0)), left=rupiah(max(left, 0)))
    prefix, same_target = _target(payment, shipment, returned, delivery_fee=delivery_fee)
    earlier = session.scalars(
        select(Refund).where(Refund.payment_id == payment.id, same_target)
    ).all()
    if any(refund.status in PROMISED for refund in earlier):
        raise CancelRefused(IN_PROGRESS)
    attempt = max((refund.attempt for refund in earlier), default=0) + 1
    refund = Refund(
        payment_id=payment.id,
        shipment_id=shipment.id if shipment is not None else None,
        order_line_id=returned.order_line_id if returned is not None else None,
        attempt=attempt,
        amount=amount,
        status=RS.REQUESTED,
        idempotency_key=f"{prefix}-{attempt}",
        reason=reason[:255],
        actor=actor[:60],
    )
    try:
        with session.begin_nested():
            promised = updated_rows(
                session,
                update(Payment)
                .where(Payment.id == payment.id)
                .where(Payment.refunded_amount + amount <= Payment.amount)
                .values(refunded_amount=Payment.refunded_amount + amount),
            )
            if promised != 1:
                raise CancelRefused(TOO_MUCH, amount=rupiah(amount), left=rupiah(left))
            session.add(refund)
            session.flush()
    except IntegrityError as error:  # the same key from a concurrent request: it won
        raise CancelRefused(IN_PROGRESS) from error
    session.expire(payment, ["refunded_amount", "refunds"])
    saved(session, RefundEvent(refund_id=refund.id, status=RS.REQUESTED, actor=actor[:60]))
    return refund


def send_refund(
    session: DbSession, gateway: StripeGateway, refund: Refund, *, actor: str = ""
) -> Refund:
    """Ask Stripe for a refund still ``requested`` (first time or again, with the same key)
    and record the answer; flush. PaymentError if Stripe could not be reached: the refund
    stays requested, to be retried. Any other status: nothing to send."""
    if refund.status != RS.REQUESTED:
        return refund
    payment = refund.payment
    intent = payment.payment_intent or gateway.retrieve_session(payment.session_id).payment_intent
    if not intent:
        raise PaymentError(N_("Stripe does not show this payment as paid."))
    payment.payment_intent = intent[:255]
    metadata = {"order_code": payment.order.code, "gerai_refund_id": str(refund.id)}
    if refund.shipment_id is not None:
        metadata["shipment_id"] = str(refund.shipment_id)
    params: dict[str, Any] = {
        "payment_intent": intent,
        "amount": refund.amount * MINOR_PER_RUPIAH,
        "reason": STRIPE_REASON,
        "metadata": metadata,
    }
    try:
        answer = gateway.create_refund(params, idempotency_key=refund.idempotency_key)
    except RefundRefused as refused:
        note = refused.detail or refused.message
        set_refund_status(session, refund, RS.FAILED, actor=actor, note=note, error=note)
        session.flush()
        return refund
    record_answer(session, refund, answer, actor=actor)
    session.flush()
    return refund


def record_answer(
    session: DbSession, refund: Refund, answer: StripeRefund, *, actor: str = ""
) -> bool:
    """Take Stripe's view of the refund (from the call's answer or a webhook); True if it
    moved the refund."""
    try:
        status = RS(answer.status)
    except ValueError:
        status = RS.PENDING
    if status == RS.REQUESTED:
        status = RS.PENDING
    if refund.stripe_refund_id is None:
        refund.stripe_refund_id = answer.id[:255]
    return set_refund_status(
        session,
        refund,
        status,
        actor=actor,
        note=answer.failure_reason,
        error=answer.failure_reason,
    )


def set_refund_status(
    session: DbSession,
    refund: Refund,
    new: RefundStatus,
    *,
    actor: str = "",
    note: str = "",
    error: str = "",
) -> bool:
    """Move the refund if the table allows it from where it is now, keep the payment's promise
    and state in step; False (nothing changed) for a stale or repeated report."""
    payment = lock_payment(session, refund.payment)
    session.refresh(refund, ["status"])
    old = refund.status
    if new == old or new not in REFUND_TRANSITIONS[old]:
        return False
    values = {"error": error[:255]} if error else None
    if not move_refund(
        session, refund, new, actor=actor, note=note, only_from={old}, values=values
    ):
        return False
    if new in GIVEN_UP and old not in GIVEN_UP:
        updated_rows(
            session,
            update(Payment)
            .where(Payment.id == payment.id)
            .values(refunded_amount=Payment.refunded_amount - refund.amount),
        )
        session.expire(payment, ["refunded_amount"])
    sync_payment_status(session, payment, actor=actor)
    return True


def refunded_sum(session: DbSession, payment: Payment) -> int:
    """Rupiah Stripe reports succeeded on the payment."""
    stmt = select(func.coalesce(func.sum(Refund.amount), 0)).where(
        Refund.payment_id == payment.id, Refund.status == RS.SUCCEEDED
    )
    return int(session.scalar(stmt) or 0)


def payment_state_for(amount: int, succeeded: int) -> PaymentStatus:
    if succeeded <= 0:
        return PaymentStatus.PAID
    return PaymentStatus.REFUNDED if succeeded >= amount else PaymentStatus.PARTLY_REFUNDED


def sync_payment_status(session: DbSession, payment: Payment, *, actor: str = "") -> None:
    """Move a received payment to the state its succeeded refunds say."""
    session.flush()
    session.refresh(payment, ["status"])
    if payment.status not in RECEIVED:
        return
    target = payment_state_for(payment.amount, refunded_sum(session, payment))
    if target != payment.status:
        move_payment(session, payment, target, actor=actor, only_from={payment.status})


def retry_refund(session: DbSession, refund: Refund, *, actor: str) -> Refund:
    """The refund to send again: the same one while Stripe has not answered (same key), or a
    new attempt (new key) after Stripe said failed or canceled. CancelRefused otherwise."""
    lock_payment(session, refund.payment)
    session.refresh(refund)
    if refund.status == RS.REQUESTED:
        return refund
    if refund.status not in GIVEN_UP:
        raise CancelRefused(N_("This refund is already with Stripe."))
    returned = session.scalar(select(LineRefund).where(LineRefund.refund_id == refund.id))
    again = request_refund(
        session,
        refund.payment,
        refund.amount,
        shipment=refund.shipment,
        reason=refund.reason,
        actor=actor,
        returned=returned,
        delivery_fee=refund.idempotency_key.startswith("refund-fee-"),
    )
    if returned is not None:
        returned.refund_id = again.id
    return again


def owed_back(payment: Payment) -> int:
    """Rupiah of a received payment on a cancelled order that no refund covers yet: a payment
    that came after its order was cancelled (``paid_after_cancel``), or an order the shopper
    cancelled after paying. What the "refund" button of the payment record gives back."""
    if payment.order.status != OrderStatus.CANCELLED:
        return 0
    return left_to_refund(payment)


def refund_paid_after_cancel(
    session: DbSession, payment: Payment, *, actor: str, reason: str
) -> Refund:
    """Refund all that is left of a payment for a cancelled order (one refund, keyed by the
    payment); flush. CancelRefused if nothing is owed."""
    payment = lock_payment(session, payment)
    amount = owed_back(payment)
    if amount <= 0:
        raise CancelRefused(N_("Nothing is left to refund on this payment."))
    return request_refund(session, payment, amount, shipment=None, reason=reason, actor=actor)


# --- Stripe's refund events ----------------------------------------------------------------


def _our_refund(session: DbSession, answer: StripeRefund) -> Refund | None:
    found = session.scalar(select(Refund).where(Refund.stripe_refund_id == answer.id))
    if found is not None:
        return found
    ours = answer.metadata.get("gerai_refund_id", "")
    if not ours.isdigit():
        return None
    candidate = session.get(Refund, int(ours))
    if candidate is None or candidate.stripe_refund_id not in (None, answer.id):
        return None
    return candidate


def apply_stripe_refund(session: DbSession, obj: Mapping[str, Any], actor: str) -> PaymentOutcome:
    answer = StripeRefund.from_stripe(obj)
    refund = _our_refund(session, answer)
    if refund is None:
        log.warning("Stripe refund %s is not one Gerai made", answer.id)
        return PaymentOutcome.UNKNOWN_REFUND
    moved = record_answer(session, refund, answer, actor=actor)
    return PaymentOutcome.REFUND_UPDATED if moved else PaymentOutcome.REFUND_UNCHANGED


def on_refund_event(session: DbSession, kind: str, obj: Mapping[str, Any]) -> PaymentOutcome:
    """``refund.*`` carries a Refund; ``charge.refunded`` a Charge with its latest refunds."""
    if obj.get("object") != "charge":
        return apply_stripe_refund(session, obj, actors.PAYMENT)
    listed = (obj.get("refunds") or {}).get("data") or []
    outcomes = [apply_stripe_refund(session, item, actors.PAYMENT) for item in listed]
    if PaymentOutcome.REFUND_UPDATED in outcomes:
        return PaymentOutcome.REFUND_UPDATED
    return PaymentOutcome.REFUND_UNCHANGED
