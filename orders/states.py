"""The state machines of orders, shipments, card payments and outbox messages.

Each entity has one transition table here and one function that moves it: the function checks
the table, raises InvalidTransition for anything else, sets ``status`` and writes the entity's
event row in the same flush. Nothing else assigns ``status`` (tests/test_status_assignments.py
walks the code to keep it so).

- Shipments: ``SHIPMENT_STEPS`` (who may take each step, for which delivery method) and
  ``set_shipment_status``, which writes the ShipmentEvent shoppers and managers see. Callers
  hold the shipment (the courier code locks its row first), so the move is a plain assignment.
- Orders: ``ORDER_TRANSITIONS`` and ``move_order``, a conditional UPDATE (confirmation and
  cancellation race: payment webhook, success page, sweeper, shopper), writing an OrderEvent.
  The shipments' own events carry the shopper's timeline; the OrderEvent records the order's
  move even when no shipment moves with it (a failed shipment's order cancelled later).
- Card payments: ``PAYMENT_TRANSITIONS`` and ``move_payment``, a conditional UPDATE for the
  same races, writing a PaymentEvent.
- Card refunds: ``REFUND_TRANSITIONS`` and ``move_refund``, a conditional UPDATE (the answer
  to Stripe's call and its webhooks report the same change), writing a RefundEvent.
- Outbox messages: ``OUTBOX_TRANSITIONS`` and ``move_outbox``, run by the one worker that holds
  the message (or the manager retrying a dead one), writing an OutboxEvent; each HTTP try is
  recorded apart as a DeliveryAttempt.

The conditional moves return False when the row was no longer in a state the table lets move
(another racer got there first); they raise InvalidTransition only when asked for a move the
table never allows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Update, update

from catalog.db import DbSession, saved, updated_rows, utcnow
from catalog.i18n import N_
from orders import actors
from orders.actors import ActorKind
from orders.exceptions import InvalidTransition
from orders.models import (
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderStatus,
    OutboxEntry,
    OutboxEvent,
    OutboxStatus,
    Payment,
    PaymentEvent,
    PaymentStatus,
    Refund,
    RefundEvent,
    RefundStatus,
    Shipment,
    ShipmentEvent,
    ShipmentStatus,
)

OS = OrderStatus
S = ShipmentStatus
A = ActorKind
Graph = Mapping[S, frozenset[S]]
_T = TypeVar("_T")

# --- Shipments -----------------------------------------------------------------------------

BOTH = frozenset(DeliveryMethod)
DELIVERY = frozenset({DeliveryMethod.DELIVERY})
PICKUP = frozenset({DeliveryMethod.PICKUP})
GALLERY = frozenset({A.MANAGER})
RIDERS = frozenset({A.COURIER, A.DISPATCHER})  # Gerai's courier page, a dispatcher's reports
CANCELLERS = frozenset({A.SHOPPER, A.PAYMENT, A.SWEEPER})  # who cancels the whole order
# A manager cancels a shipment (orders.cancellation) until it is handed to a courier: once a
# driver is assigned, the dispatcher has sent someone, and calling them off is not Gerai's move.
GALLERY_CANCELS = CANCELLERS | GALLERY


@dataclass(frozen=True)
class Step:
    """One allowed shipment move: from, to, who may take it, for which delivery methods.

    The system (untagged callers: maintenance, tests) may take any step; a tagged actor only
    the steps that name it.
    """

    source: ShipmentStatus
    target: ShipmentStatus
    actors: frozenset[ActorKind]
    methods: frozenset[DeliveryMethod] = BOTH
    # A step that takes a finished shipment back into the flow (the gallery arranging a failed
    # delivery again, orders.redispatch): taken only when the caller asks for it (``reopen``).
    reopens: bool = False


SHIPMENT_STEPS: tuple[Step, ...] = (
    Step(S.PENDING, S.CONFIRMED, frozenset({A.PAYMENT})),
    Step(S.PENDING, S.CANCELLED, CANCELLERS),
    Step(S.CONFIRMED, S.PACKING, GALLERY),
    Step(S.CONFIRMED, S.CANCELLED, GALLERY_CANCELS),
    Step(S.PACKING, S.READY, GALLERY),
    Step(S.PACKING, S.CANCELLED, GALLERY_CANCELS),
    Step(S.READY, S.COURIER_ASSIGNED, RIDERS, DELIVERY),
    Step(S.READY, S.COLLECTED, GALLERY, PICKUP),
    Step(S.READY, S.FAILED, frozenset({A.DISPATCHER})),
    Step(S.READY, S.CANCELLED, GALLERY_CANCELS),
    Step(S.COURIER_ASSIGNED, S.PICKED_UP, RIDERS, DELIVERY),
    Step(S.COURIER_ASSIGNED, S.READY, frozenset({A.DISPATCHER}), DELIVERY),  # no driver after all
    Step(S.COURIER_ASSIGNED, S.FAILED, RIDERS, DELIVERY),
    Step(S.COURIER_ASSIGNED, S.CANCELLED, CANCELLERS, DELIVERY),
    Step(S.PICKED_UP, S.DELIVERED, RIDERS, DELIVERY),
    Step(S.PICKED_UP, S.FAILED, RIDERS, DELIVERY),
    Step(S.PICKED_UP, S.CANCELLED, CANCELLERS, DELIVERY),
    Step(S.FAILED, S.READY, GALLERY, DELIVERY, reopens=True),  # deliver again, or pick up
)


def _graph(steps: Iterable[Step]) -> dict[S, frozenset[S]]:
    targets: dict[S, set[S]] = {status: set() for status in S}
    for step in steps:
        targets[step.source].add(step.target)
    return {status: frozenset(found) for status, found in targets.items()}


# The shopper has the goods: the lines count as sold in the member's settlement from now on.
COMPLETED = frozenset({S.DELIVERED, S.COLLECTED})

SHIPMENT_TRANSITIONS: dict[ShipmentStatus, frozenset[ShipmentStatus]] = _graph(
    step for step in SHIPMENT_STEPS if not step.reopens
)
# A shipment is finished when the table lets it go nowhere on its own (only a reopening step).
FINISHED = frozenset(status for status, targets in SHIPMENT_TRANSITIONS.items() if not targets)


def _kind(actor: str | ActorKind) -> ActorKind:
    return actor if isinstance(actor, ActorKind) else actors.parse(actor).kind


def shipment_steps(
    method: DeliveryMethod, actor: str | ActorKind = A.SYSTEM, *, reopen: bool = False
) -> tuple[Step, ...]:
    """The steps ``actor`` may take on a shipment delivered by ``method``, in table order
    (reopening steps only when ``reopen``)."""
    kind = _kind(actor)
    return tuple(
        step
        for step in SHIPMENT_STEPS
        if method in step.methods
        and (kind == A.SYSTEM or kind in step.actors)
        and (reopen or not step.reopens)
    )


def shipment_graph(
    method: DeliveryMethod, actor: str | ActorKind = A.SYSTEM, *, reopen: bool = False
) -> Graph:
    """Where each state may go, for one delivery method and actor."""
    return _graph(shipment_steps(method, actor, reopen=reopen))


def reachable(graph: Graph, source: S, target: S) -> bool:
    """Whether ``target`` can be reached from ``source`` in one or more steps of ``graph``."""
    seen: set[S] = set()
    todo = list(graph[source])
    while todo:
        status = todo.pop()
        if status == target:
            return True
        if status not in seen:
            seen.add(status)
            todo.extend(graph[status])
    return False


def can_move_shipment(
    shipment: Shipment,
    new: ShipmentStatus,
    actor: str | ActorKind = A.SYSTEM,
    *,
    reopen: bool = False,
) -> bool:
    graph = shipment_graph(shipment.delivery_method, actor, reopen=reopen)
    return new in graph[shipment.status]


def next_steps(shipment: Shipment, actor: str | ActorKind) -> tuple[ShipmentStatus, ...]:
    """The states ``actor`` may move the shipment to now: which buttons a page shows."""
    return tuple(
        step.target
        for step in shipment_steps(shipment.delivery_method, actor)
        if step.source == shipment.status
    )


def set_shipment_status(
    session: DbSession,
    shipment: Shipment,
    new: ShipmentStatus,
    *,
    note: str = "",
    actor: str = "",
    reopen: bool = False,
) -> ShipmentEvent:
    """Move a shipment along the table as ``actor``, recording the step, or raise.

    ``reopen`` allows the table's reopening steps too (a finished shipment arranged again).
    """
    if not can_move_shipment(shipment, new, actor, reopen=reopen):
        raise InvalidTransition(
            N_("A shipment that is %(old)s cannot become %(new)s."),
            old=shipment.status,
            new=new,
        )
    shipment.status = new
    if new in COMPLETED:
        shipment.completed_at = utcnow()
    return shipment_note(session, shipment, note, actor)


def shipment_note(session: DbSession, shipment: Shipment, note: str, actor: str) -> ShipmentEvent:
    """A timeline entry at the shipment's current state (after a move, or a note alone)."""
    event = ShipmentEvent(shipment=shipment, status=shipment.status, **_told(note, actor))
    return saved(session, event)


def _told(note: str, actor: str) -> dict[str, str]:
    """An event row's note and actor, cut to fit their columns."""
    return {"note": note[:255], "actor": actor[:60]}


def _won(
    session: DbSession,
    row: Order | Payment | Refund,
    move: Update,
    expire: list[str],
    event: OrderEvent | PaymentEvent | RefundEvent,
) -> bool:
    """Run ``move``, a conditional UPDATE of ``row`` from the states that allow the step, so of
    several racers exactly one wins; the winner adds ``event``. True if this call moved it."""
    matched = updated_rows(session, move)
    session.expire(row, expire)
    if matched != 1:
        return False
    saved(session, event)
    return True


# --- Orders ---------------------------------------------------------------------------------

ORDER_REFUSED = N_("An order that is %(old)s cannot become %(new)s.")
ORDER_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OS.PENDING_PAYMENT: frozenset({OS.CONFIRMED, OS.CANCELLED}),
    OS.CONFIRMED: frozenset({OS.COMPLETED, OS.CANCELLED}),
    OS.COMPLETED: frozenset(),
    OS.CANCELLED: frozenset(),
}


def _sources(
    table: Mapping[_T, frozenset[_T]], new: _T, only_from: Collection[_T] | None, message: str
) -> list[_T]:
    """The states the table lets move to ``new`` (narrowed to ``only_from``), or raise.

    Asking for a move the table never allows is a programming error, raised whatever the row
    holds; the conditional UPDATE then decides between the allowed sources.
    """
    allowed = [old for old, targets in table.items() if new in targets]
    wanted = allowed if only_from is None else [old for old in allowed if old in only_from]
    refused = [] if only_from is None else [old for old in only_from if old not in allowed]
    if refused or not wanted:
        old = ", ".join(str(state) for state in (refused or only_from or table))
        raise InvalidTransition(message, old=old, new=new)
    return wanted


def move_order(
    session: DbSession,
    order: Order,
    new: OrderStatus,
    *,
    actor: str = "",
    note: str = "",
    only_from: Collection[OrderStatus] | None = None,
) -> bool:
    """Move the order to ``new`` if its row is still in a state that allows it; True if we did.

    One conditional UPDATE, so of several racers exactly one wins and writes the OrderEvent.
    """
    sources = _sources(ORDER_TRANSITIONS, new, only_from, ORDER_REFUSED)
    move = (
        update(Order)
        .where(Order.id == order.id, Order.status.in_(sources))
        .values(status=new, updated_at=utcnow())
    )
    event = OrderEvent(order_id=order.id, status=new, **_told(note, actor))
    return _won(session, order, move, ["status", "updated_at"], event)


# --- Card payments --------------------------------------------------------------------------

PAYMENT_REFUSED = N_("A payment that is %(old)s cannot become %(new)s.")
PAYMENT_TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    # A late payment is still recorded: the shopper's money must be traced (and refunded).
    PaymentStatus.PENDING: frozenset(
        {PaymentStatus.PAID, PaymentStatus.EXPIRED, PaymentStatus.FAILED}
    ),
    PaymentStatus.EXPIRED: frozenset({PaymentStatus.PAID}),
    PaymentStatus.FAILED: frozenset({PaymentStatus.PAID}),
    # Refunds move a paid payment by the sum Stripe reports succeeded (orders.refunds); a
    # refund that fails after it succeeded (Stripe allows it) moves it back.
    PaymentStatus.PAID: frozenset({PaymentStatus.PARTLY_REFUNDED, PaymentStatus.REFUNDED}),
    PaymentStatus.PARTLY_REFUNDED: frozenset({PaymentStatus.REFUNDED, PaymentStatus.PAID}),
    PaymentStatus.REFUNDED: frozenset({PaymentStatus.PARTLY_REFUNDED, PaymentStatus.PAID}),
}


def move_payment(
    session: DbSession,
    payment: Payment,
    new: PaymentStatus,
    *,
    actor: str = "",
    note: str = "",
    only_from: Collection[PaymentStatus] | None = None,
) -> bool:
    """Settle the payment as ``new`` if its row still allows it (racers settle it once)."""
    sources = _sources(PAYMENT_TRANSITIONS, new, only_from, PAYMENT_REFUSED)
    values: dict[str, Any] = {"paid_at": utcnow()} if new == PaymentStatus.PAID else {}
    move = (
        update(Payment)
        .where(Payment.id == payment.id, Payment.status.in_(sources))
        .values(status=new, **values)
    )
    event = PaymentEvent(payment_id=payment.id, status=new, **_told(note, actor))
    return _won(session, payment, move, ["status", "paid_at"], event)


# --- Refunds -------------------------------------------------------------------------------

R = RefundStatus
REFUND_REFUSED = N_("A refund that is %(old)s cannot become %(new)s.")
REFUND_TRANSITIONS: dict[RefundStatus, frozenset[RefundStatus]] = {
    R.REQUESTED: frozenset({R.PENDING, R.REQUIRES_ACTION, R.SUCCEEDED, R.FAILED, R.CANCELED}),
    R.PENDING: frozenset({R.REQUIRES_ACTION, R.SUCCEEDED, R.FAILED, R.CANCELED}),
    R.REQUIRES_ACTION: frozenset({R.PENDING, R.SUCCEEDED, R.FAILED, R.CANCELED}),
    R.SUCCEEDED: frozenset({R.FAILED}),  # Stripe: a card refund can still fail afterwards
    R.FAILED: frozenset(),
    R.CANCELED: frozenset(),
}


def move_refund(
    session: DbSession,
    refund: Refund,
    new: RefundStatus,
    *,
    actor: str = "",
    note: str = "",
    only_from: Collection[RefundStatus] | None = None,
    values: Mapping[str, Any] | None = None,
) -> bool:
    """Move the refund to ``new`` if its row still allows it: a webhook and the answer to the
    call that made it may both report the same change, and it is applied once. ``values`` are
    columns set in the same UPDATE (Stripe's refund id, the error)."""
    sources = _sources(REFUND_TRANSITIONS, new, only_from, REFUND_REFUSED)
    extra = dict(values or {})
    move = (
        update(Refund)
        .where(Refund.id == refund.id, Refund.status.in_(sources))
        .values(status=new, updated_at=utcnow(), **extra)
    )
    event = RefundEvent(refund_id=refund.id, status=new, **_told(note, actor))
    return _won(session, refund, move, ["status", "updated_at", *extra], event)


# --- Outbox messages ------------------------------------------------------------------------

OUTBOX_TRANSITIONS: dict[OutboxStatus, frozenset[OutboxStatus]] = {
    OutboxStatus.PENDING: frozenset({OutboxStatus.SENT, OutboxStatus.DEAD}),
    OutboxStatus.DEAD: frozenset({OutboxStatus.PENDING}),  # a person retries it
    OutboxStatus.SENT: frozenset(),
}


def move_outbox(
    session: DbSession, message: OutboxEntry, new: OutboxStatus, *, note: str = "", actor: str = ""
) -> OutboxEvent:
    """Move a message or email the caller holds (claimed by its worker, or dead) along the table."""
    if new not in OUTBOX_TRANSITIONS[message.status]:
        raise InvalidTransition(
            N_("A message that is %(old)s cannot become %(new)s."), old=message.status, new=new
        )
    message.status = new
    return saved(session, OutboxEvent(message=message, status=new, **_told(note, actor)))
