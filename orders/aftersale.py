"""Money back for delivered goods: the shopper brings an item back, or it arrived damaged.

A manager refunds some units of one order line of a delivered or collected shipment. The
refund is a :class:`LineRefund`: the units, the money (unit price x units), and the
cooperative's commission on that money given back with the sale, so the member's settlement
loses only their own share. A card order's money goes back through Stripe's Refunds API (a
Refund keyed by the LineRefund, sent after the commit like every refund); a cash-on-delivery
order's money is paid back at the counter, which the LineRefund records.

Rules, so that money is never given back twice nor for more than was bought:

- the line is locked (PostgreSQL) and its units already refunded are counted under the lock,
  so two managers at once cannot refund more units than were bought;
- a form's one-time ``submission`` key is unique: the same form sent twice finds the first;
- the commission given back is computed on the running total of the line's refunds, so a line
  refunded in several steps gives back exactly the commission it carried, to the rupiah.

Units given back in good condition can go back on the shelf (a restock in the stock ledger,
referencing the shipment); damaged ones do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from catalog.db import DbSession, is_valid_id
from catalog.i18n import N_
from catalog.models import Gallery, MovementKind, Product
from catalog.stock import change_stock
from orders.exceptions import CancelRefused, OrderError
from orders.models import (
    LineRefund,
    OrderLine,
    PaymentMethod,
    Refund,
    RefundMethod,
    Shipment,
)
from orders.refunds import received_payment, request_refund
from orders.states import COMPLETED

NO_REASON = N_("Say why the money is given back.")
NO_SUCH_LINE = N_("No such order line.")


class ReturnRefused(OrderError):
    """A refund of delivered goods that breaks a rule; ``field`` names the input."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class LineNotFound(OrderError):
    """The line is not the cooperative's, or its shipment was not delivered (the view: 404)."""


@dataclass(frozen=True)
class ReturnInput:
    line_id: int
    quantity: int
    reason: str
    submission: str
    restock: bool = False
    actor: str = ""
    actor_id: int | None = None


def commission_on(amount: int, rate_percent: int) -> int:
    """The cooperative's commission on ``amount`` rupiah, rounded half up to the rupiah: the
    one rounding rule of settlements (``orders.settlement`` does the same sum in SQL)."""
    return (amount * rate_percent + 50) // 100


def refunded_units(session: DbSession, line_id: int) -> int:
    stmt = select(func.coalesce(func.sum(LineRefund.quantity), 0)).where(
        LineRefund.order_line_id == line_id
    )
    return int(session.scalar(stmt) or 0)


def _refunded_amount(session: DbSession, line_id: int) -> int:
    stmt = select(func.coalesce(func.sum(LineRefund.amount), 0)).where(
        LineRefund.order_line_id == line_id
    )
    return int(session.scalar(stmt) or 0)


def units_left(session: DbSession, shipment: Shipment) -> dict[int, int]:
    """Each line's units still refundable: none unless the shipment was delivered or
    collected."""
    if shipment.status not in COMPLETED:
        return {}
    stmt = (
        select(LineRefund.order_line_id, func.sum(LineRefund.quantity))
        .where(LineRefund.order_line_id.in_([line.id for line in shipment.lines]))
        .group_by(LineRefund.order_line_id)
    )
    refunded = {row[0]: int(row[1]) for row in session.execute(stmt)}
    return {line.id: line.quantity - refunded.get(line.id, 0) for line in shipment.lines}


def returnable_line(session: DbSession, cooperative_id: int, line_id: int) -> OrderLine:
    """A line of the cooperative's delivered or collected shipments; LineNotFound otherwise."""
    if not is_valid_id(line_id):
        raise LineNotFound(NO_SUCH_LINE)
    line = session.scalar(
        select(OrderLine)
        .join(OrderLine.shipment)
        .join(Shipment.gallery)
        .where(OrderLine.id == line_id, Gallery.cooperative_id == cooperative_id)
        .options(selectinload(OrderLine.order), selectinload(OrderLine.shipment))
    )
    if line is None or line.shipment.status not in COMPLETED:
        raise LineNotFound(NO_SUCH_LINE)
    return line


def _lock_line(session: DbSession, line: OrderLine) -> None:
    session.execute(
        select(OrderLine.id).where(OrderLine.id == line.id).with_for_update(of=OrderLine)
    )


def by_submission(session: DbSession, submission: str) -> LineRefund | None:
    return session.scalar(select(LineRefund).where(LineRefund.submission == submission[:64]))


def refund_delivered(session: DbSession, cooperative_id: int, data: ReturnInput) -> LineRefund:
    """Give money back for ``data.quantity`` units of a delivered line; flushes, never commits.

    Returns the refund recorded before under the same submission (a form sent twice). Raises
    LineNotFound, ReturnRefused (nothing written) or CancelRefused from the card refund rules.
    The caller sends the card refund after committing (``orders.refunds.send_refund``).
    """
    earlier = by_submission(session, data.submission)
    if earlier is not None:
        return earlier
    line = returnable_line(session, cooperative_id, data.line_id)
    reason = " ".join(data.reason.split())
    if not reason:
        raise ReturnRefused("reason", NO_REASON)
    _lock_line(session, line)
    left = line.quantity - refunded_units(session, line.id)
    if left <= 0:
        raise ReturnRefused("quantity", N_("Every unit of this line was refunded already."))
    if not 0 < data.quantity <= left:
        raise ReturnRefused("quantity", N_("Choose between 1 and %(left)s units."), left=left)
    amount = line.unit_price * data.quantity
    before = _refunded_amount(session, line.id)
    rate = line.commission_rate_percent
    returned = LineRefund(
        order_line_id=line.id,
        member_id=line.member_id,
        quantity=data.quantity,
        amount=amount,
        commission=commission_on(before + amount, rate) - commission_on(before, rate),
        method=_method(line),
        restocked=data.restock,
        reason=reason[:255],
        actor=data.actor[:60],
        submission=data.submission[:64],
    )
    try:
        with session.begin_nested():
            session.add(returned)
            session.flush()
    except IntegrityError:  # the same form, sent again at the same moment: it won
        found = by_submission(session, data.submission)
        if found is None:
            raise
        return found
    if returned.method is RefundMethod.CARD:
        returned.refund_id = _card_refund(session, line, returned, data).id
    if data.restock:
        _back_on_shelf(session, line, data)
    session.flush()
    return returned


def _method(line: OrderLine) -> RefundMethod:
    if line.order.payment_method == PaymentMethod.CARD:
        return RefundMethod.CARD
    return RefundMethod.CASH


def _card_refund(
    session: DbSession, line: OrderLine, returned: LineRefund, data: ReturnInput
) -> Refund:
    payment = received_payment(line.order, returned.amount)
    if payment is None:
        raise CancelRefused(N_("This payment was not received, so there is nothing to refund."))
    return request_refund(
        session,
        payment,
        returned.amount,
        shipment=None,
        reason=returned.reason,
        actor=data.actor,
        returned=returned,
    )


def _back_on_shelf(session: DbSession, line: OrderLine, data: ReturnInput) -> None:
    product = session.get(Product, line.product_id)
    if product is None:
        return
    change_stock(
        session,
        product,
        data.quantity,
        MovementKind.RESTOCK,
        reason=f"{line.order.code}: {data.reason}"[:255],
        actor_id=data.actor_id,
        shipment_id=line.shipment_id,
    )


def refunds_of_shipment(session: DbSession, shipment_id: int) -> Sequence[LineRefund]:
    """The refunds of delivered goods of one shipment, oldest first."""
    return session.scalars(
        select(LineRefund)
        .join(LineRefund.line)
        .where(OrderLine.shipment_id == shipment_id)
        .options(selectinload(LineRefund.refund), selectinload(LineRefund.line))
        .order_by(LineRefund.id)
    ).all()
