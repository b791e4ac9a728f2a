"""Orders: what a shopper bought, from which galleries, how it is paid and delivered.

An order holds one shipment per gallery; the shipment, not the order, carries delivery state,
courier and cash-on-delivery amounts. Order lines snapshot name, price, member and commission
so later edits of a product never rewrite history.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON, Boolean, Date, Float, Integer, String, Text

from catalog.db import (
    Base,
    Entity,
    UtcDateTime,
    created_at_column,
    string_enum,
    updated_at_column,
    utcnow,
)
from catalog.models import Gallery, Kelurahan, Member, Product


class OrderStatus(enum.StrEnum):
    PENDING_PAYMENT = "pending_payment"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ShipmentStatus(enum.StrEnum):
    PENDING = "pending"  # the order waits for its card payment
    CONFIRMED = "confirmed"
    PACKING = "packing"
    READY = "ready"
    COURIER_ASSIGNED = "courier_assigned"
    PICKED_UP = "picked_up"
    DELIVERED = "delivered"
    COLLECTED = "collected"  # picked up at the gallery by the shopper
    FAILED = "failed"
    CANCELLED = "cancelled"


class DeliveryMethod(enum.StrEnum):
    DELIVERY = "delivery"
    PICKUP = "pickup"


class PaymentMethod(enum.StrEnum):
    COD = "cod"
    CARD = "card"


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    PARTLY_REFUNDED = "partly_refunded"
    REFUNDED = "refunded"


class RefundStatus(enum.StrEnum):
    """A refund's state: Gerai's own first step, then Stripe's statuses for a Refund object."""

    REQUESTED = "requested"  # recorded; Stripe has not (knowingly) answered yet: send or retry
    PENDING = "pending"
    REQUIRES_ACTION = "requires_action"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


class Order(Entity):
    __tablename__ = "shop_order"

    code: Mapped[str] = mapped_column(String(12), unique=True)
    access_token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(
        string_enum(OrderStatus, "order_status"), index=True
    )
    payment_method: Mapped[PaymentMethod] = mapped_column(
        string_enum(PaymentMethod, "payment_method")
    )
    customer_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(255), default="")
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    subtotal: Mapped[int] = mapped_column(Integer)
    delivery_total: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    stock_released_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancel_reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    kelurahan: Mapped[Kelurahan | None] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.id", cascade="all, delete-orphan"
    )
    shipments: Mapped[list[Shipment]] = relationship(
        back_populates="order", order_by="Shipment.id", cascade="all, delete-orphan"
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="order", order_by="Payment.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", order_by="OrderEvent.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("subtotal >= 0 AND delivery_total >= 0", name="amounts_not_negative"),
        CheckConstraint("total = subtotal + delivery_total", name="total_adds_up"),
    )


# The condition of a shipment whose cash the courier still holds, written out in SQL for the
# partial index: a query uses that index only when it states the same terms (orders.cash).
CASH_OPEN_SQL = "status = 'delivered' AND cod_amount > 0 AND cash_handed_over_at IS NULL"


class Shipment(Entity):
    """The part of an order one gallery packs and hands over (or the shopper collects)."""

    __tablename__ = "shipment"

    order_id: Mapped[int] = mapped_column(ForeignKey("shop_order.id"), index=True)
    gallery_id: Mapped[int] = mapped_column(ForeignKey("gallery.id"), index=True)
    status: Mapped[ShipmentStatus] = mapped_column(
        string_enum(ShipmentStatus, "shipment_status"), index=True
    )
    delivery_method: Mapped[DeliveryMethod] = mapped_column(
        string_enum(DeliveryMethod, "delivery_method")
    )
    delivery_fee: Mapped[int] = mapped_column(Integer, default=0)
    distance_km: Mapped[float | None] = mapped_column(Float)
    subtotal: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    cod_amount: Mapped[int] = mapped_column(Integer, default=0)
    cod_collected: Mapped[int | None] = mapped_column(Integer)
    courier_name: Mapped[str] = mapped_column(String(120), default="")
    courier_phone: Mapped[str] = mapped_column(String(20), default="")
    courier_plate: Mapped[str] = mapped_column(String(20), default="")
    courier_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The gallery handed this delivery to its own couriers (Gerai's courier page) after its
    # dispatcher found no driver or failed (orders.redispatch); asking the dispatcher again
    # clears it.
    own_couriers: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    # Set by the one call that gives this shipment's lines back to stock (orders.lifecycle).
    stock_released_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancel_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # When it was delivered or collected: the day its lines count in a member's settlement.
    # Set by the one transition function (orders.states.set_shipment_status).
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    # When the courier handed this delivery's cash over to the gallery: set with the
    # handover's item by orders.cash.record_handover. A delivered COD shipment without it is
    # cash the courier still holds (orders.cash.cash_outstanding, through ix_shipment_cash_open).
    cash_handed_over_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    order: Mapped[Order] = relationship(back_populates="shipments")
    gallery: Mapped[Gallery] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="shipment", order_by="OrderLine.id"
    )
    events: Mapped[list[ShipmentEvent]] = relationship(
        back_populates="shipment", order_by="ShipmentEvent.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("order_id", "gallery_id"),
        # A gallery's shipments of a period (the dashboard) and of a state (the orders desk).
        Index("ix_shipment_gallery_created", "gallery_id", "created_at", "status"),
        # (cod_amount: the desk's "cash outstanding" reads it from the index alone)
        Index("ix_shipment_desk", "gallery_id", "status", "created_at", "cod_amount"),
        # Only the delivered COD shipments whose cash is still with the courier: a few hundred
        # among a year's tens of thousands (the desk's problems, the couriers' balances). The
        # state and amount are columns too, so that SQLite's planner, which weighs the terms an
        # index matches, prefers it over ix_shipment_desk.
        Index(
            "ix_shipment_cash_open",
            "gallery_id",
            "status",
            "cod_amount",
            "completed_at",
            sqlite_where=text(CASH_OPEN_SQL),
            postgresql_where=text(CASH_OPEN_SQL),
        ),
        CheckConstraint("delivery_fee >= 0 AND subtotal >= 0", name="amounts_not_negative"),
        CheckConstraint("cod_amount >= 0", name="cod_not_negative"),
    )


class OrderLine(Entity):
    __tablename__ = "order_line"

    order_id: Mapped[int] = mapped_column(ForeignKey("shop_order.id"), index=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    product_name: Mapped[str] = mapped_column(String(160))
    unit: Mapped[str] = mapped_column(String(60))
    unit_price: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    line_total: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    member_name: Mapped[str] = mapped_column(String(160))
    commission_rate_percent: Mapped[int] = mapped_column(Integer)
    # The paid settlement (bagi hasil) that counted this line; set once, in the transaction
    # that marks the settlement paid, by an UPDATE that only matches while it is still empty.
    settlement_id: Mapped[int | None] = mapped_column(ForeignKey("settlement.id"), index=True)

    order: Mapped[Order] = relationship(back_populates="lines")
    shipment: Mapped[Shipment] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()

    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price > 0", name="price_positive"),
        CheckConstraint("line_total = unit_price * quantity", name="line_total_adds_up"),
        # The dashboard's sums read a period's lines from this index alone.
        Index(
            "ix_order_line_sale",
            "shipment_id",
            "order_id",
            "product_id",
            "member_id",
            "quantity",
            "line_total",
        ),
    )


class TimelineRow(Entity):
    """The columns every state machine's event row shares (orders.states writes them): what
    the entity moved to is the subclass's ``status``, beside the key of the row that moved.

    The shared columns come after the subclass's own, so each table keeps its column order.
    """

    __abstract__ = True

    note: Mapped[str] = mapped_column(String(255), default="", sort_order=1)
    actor: Mapped[str] = mapped_column(String(60), default="", sort_order=1)
    created_at: Mapped[datetime] = created_at_column(sort_order=1)


class ShipmentEvent(TimelineRow):
    """One step of a shipment's timeline, as the shopper and the manager see it."""

    __tablename__ = "shipment_event"

    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    status: Mapped[ShipmentStatus] = mapped_column(string_enum(ShipmentStatus, "shipment_status"))

    shipment: Mapped[Shipment] = relationship(back_populates="events")


class OrderEvent(TimelineRow):
    """One move of an order (confirmed, completed, cancelled), written by orders.states."""

    __tablename__ = "order_event"

    order_id: Mapped[int] = mapped_column(ForeignKey("shop_order.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(string_enum(OrderStatus, "order_status"))

    order: Mapped[Order] = relationship(back_populates="events")


class Payment(Entity):
    """A card payment attempt through Stripe Checkout."""

    __tablename__ = "payment"

    order_id: Mapped[int] = mapped_column(ForeignKey("shop_order.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20), default="stripe")
    session_id: Mapped[str] = mapped_column(String(255), unique=True)
    checkout_url: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[int] = mapped_column(Integer)
    status: Mapped[PaymentStatus] = mapped_column(string_enum(PaymentStatus, "payment_status"))
    created_at: Mapped[datetime] = created_at_column()
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Stripe's PaymentIntent of the paid session: what a refund names.
    payment_intent: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # Rupiah promised back: refunds requested, pending or succeeded (not failed or canceled).
    # Raised by a conditional UPDATE and bounded by the CHECK below: never more than was paid.
    refunded_amount: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    order: Mapped[Order] = relationship(back_populates="payments")
    events: Mapped[list[PaymentEvent]] = relationship(
        back_populates="payment", order_by="PaymentEvent.id", cascade="all, delete-orphan"
    )
    refunds: Mapped[list[Refund]] = relationship(
        back_populates="payment", order_by="Refund.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= amount", name="refunds_within_amount"
        ),
    )


class PaymentEvent(TimelineRow):
    """One move of a card payment (paid, expired, failed), written by orders.states."""

    __tablename__ = "payment_event"

    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    status: Mapped[PaymentStatus] = mapped_column(string_enum(PaymentStatus, "payment_status"))

    payment: Mapped[Payment] = relationship(back_populates="events")


class Refund(Entity):
    """Money given back on a card payment through Stripe's Refunds API: one shipment's share
    (its lines and delivery fee), or a whole payment that came after its order was cancelled.

    The idempotency key names the target and the attempt (``refund-shipment-<id>-<n>``): a
    retry of an unanswered call reuses it (Stripe answers with the refund it made, never a
    second one); only after Stripe said failed or canceled does a new attempt get a new key.
    """

    __tablename__ = "refund"

    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), index=True)
    # A refund of delivered goods (orders.aftersale): the line it gives money back for.
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_line.id"), index=True)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    amount: Mapped[int] = mapped_column(Integer)  # rupiah
    status: Mapped[RefundStatus] = mapped_column(string_enum(RefundStatus, "refund_status"))
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    reason: Mapped[str] = mapped_column(String(255), default="")
    actor: Mapped[str] = mapped_column(String(60), default="")
    error: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    payment: Mapped[Payment] = relationship(back_populates="refunds")
    shipment: Mapped[Shipment | None] = relationship()
    events: Mapped[list[RefundEvent]] = relationship(
        back_populates="refund", order_by="RefundEvent.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("attempt > 0", name="attempt_positive"),
    )


class RefundEvent(TimelineRow):
    """One move of a refund (sent, succeeded, failed...), written by orders.states."""

    __tablename__ = "refund_event"

    refund_id: Mapped[int] = mapped_column(ForeignKey("refund.id"), index=True)
    status: Mapped[RefundStatus] = mapped_column(string_enum(RefundStatus, "refund_status"))

    refund: Mapped[Refund] = relationship(back_populates="events")


class StripeEvent(Base):
    """A Stripe webhook event handled once: its id is the primary key."""

    __tablename__ = "stripe_event"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(80))
    order_code: Mapped[str | None] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(String(80), default="")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class CartItem(Entity):
    """A signed-in shopper's saved cart line (guests keep their cart in the session)."""

    __tablename__ = "cart_item"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = updated_at_column()

    __table_args__ = (
        UniqueConstraint("user_id", "product_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class OutboxChannel(enum.StrEnum):
    COURIER = "courier"  # a webhook to a gallery's courier dispatcher
    EMAIL = "email"  # an email rendered at commit, sent over SMTP


class OutboxEntry(Entity):
    """Something to send, written in the same transaction as the change it announces and sent
    later by the dispatch worker (the transactional outbox), with one state machine, back-off
    and dead-letter rule for every channel (orders.states, orders.dispatch).

    One table for both channels (single-table inheritance on ``channel``): a query on
    :class:`OutboxMessage` or :class:`OutboxEmail` sees only its own rows, a query on this class
    (the worker's claim) sees them all.
    """

    __tablename__ = "outbox_message"

    message_id: Mapped[str] = mapped_column(String(64), unique=True)  # webhook-id, Message-ID
    channel: Mapped[str] = mapped_column(String(20), server_default=OutboxChannel.COURIER.value)
    event_type: Mapped[str] = mapped_column(String(60))
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(
        string_enum(OutboxStatus, "outbox_status"), index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = created_at_column()
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    delivery_attempts: Mapped[list[DeliveryAttempt]] = relationship(
        back_populates="message", order_by="DeliveryAttempt.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[OutboxEvent]] = relationship(
        back_populates="message", order_by="OutboxEvent.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"polymorphic_on": "channel"}
    __table_args__ = (
        CheckConstraint("channel IN ('courier', 'email')", name="channel_known"),
        CheckConstraint("channel <> 'courier' OR gallery_id IS NOT NULL", name="courier_gallery"),
    )


class OutboxMessage(OutboxEntry):
    """A message to a gallery's courier dispatcher (a signed webhook)."""

    # NULL only on email rows (the table's courier_gallery check); never on a courier message.
    gallery_id: Mapped[int] = mapped_column(ForeignKey("gallery.id"), index=True, nullable=True)

    gallery: Mapped[Gallery] = relationship()

    __mapper_args__ = {"polymorphic_identity": OutboxChannel.COURIER.value}


class OutboxEmail(OutboxEntry):
    """An email, rendered when its transaction commits: the payload holds the whole message
    (``mime``), so the worker needs no templates or data to send it."""

    __mapper_args__ = {"polymorphic_identity": OutboxChannel.EMAIL.value}


class DeliveryAttempt(Entity):
    """One try at sending an outbox entry: when, what came back (``status_code`` is the HTTP
    status of a courier message, the SMTP reply code of an email: 2xx means accepted in both)."""

    __tablename__ = "delivery_attempt"

    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(String(500), default="")
    response_excerpt: Mapped[str] = mapped_column(String(500), default="")
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)

    message: Mapped[OutboxEntry] = relationship(back_populates="delivery_attempts")


class OutboxEvent(TimelineRow):
    """One move of an outbox message (sent, dead, pending again), written by orders.states;
    the HTTP tries themselves are DeliveryAttempts."""

    __tablename__ = "outbox_event"

    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    status: Mapped[OutboxStatus] = mapped_column(string_enum(OutboxStatus, "outbox_status"))

    message: Mapped[OutboxEntry] = relationship(back_populates="events")


class CourierEvent(Entity):
    """A report from a courier dispatcher (or Gerai's courier page); each webhook-id once per
    gallery: ids are the sender's own, so another gallery's dispatcher may reuse one, and its
    event must not be taken for a duplicate (and lost)."""

    __tablename__ = "courier_event"

    webhook_id: Mapped[str] = mapped_column(String(128))
    gallery_id: Mapped[int] = mapped_column(ForeignKey("gallery.id"), index=True)
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(40), default="")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    __table_args__ = (UniqueConstraint("gallery_id", "webhook_id"),)


class CashHandover(Entity):
    """Cash a courier handed over to a gallery (orders.cash): how much, when, to whom, and the
    delivered COD shipments it settles. ``expected`` is the cash the courier reported for them."""

    __tablename__ = "cash_handover"

    gallery_id: Mapped[int] = mapped_column(ForeignKey("gallery.id"), index=True)
    courier_key: Mapped[str] = mapped_column(String(80), index=True)
    courier_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    courier_name: Mapped[str] = mapped_column(String(120), default="")
    courier_phone: Mapped[str] = mapped_column(String(20), default="")
    amount: Mapped[int] = mapped_column(Integer)
    expected: Mapped[int] = mapped_column(Integer)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(String(255), default="")
    submission: Mapped[str] = mapped_column(String(64), unique=True)  # the form's one-time key

    gallery: Mapped[Gallery] = relationship()
    items: Mapped[list[CashHandoverItem]] = relationship(
        back_populates="handover", order_by="CashHandoverItem.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("amount >= 0 AND expected >= 0", name="amounts_not_negative"),
    )

    @property
    def difference(self) -> int:
        """Handed over minus reported: below zero the courier is short (kurang), above it over."""
        return self.amount - self.expected


class CashHandoverItem(Entity):
    """One shipment's cash in a handover; a shipment appears in at most one (unique)."""

    __tablename__ = "cash_handover_item"

    handover_id: Mapped[int] = mapped_column(ForeignKey("cash_handover.id"), index=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), unique=True)
    reported: Mapped[int] = mapped_column(Integer)  # cash the courier reported, at the handover
    due: Mapped[int] = mapped_column(Integer)  # the shipment's cod_amount, at the handover

    handover: Mapped[CashHandover] = relationship(back_populates="items")
    shipment: Mapped[Shipment] = relationship()


# --- Refunds of delivered goods and settlement (bagi hasil) --------------------------------


class RefundMethod(enum.StrEnum):
    CARD = "card"  # back to the card through Stripe's Refunds API
    CASH = "cash"  # paid back at the gallery's counter (a cash-on-delivery order)


class PayoutMethod(enum.StrEnum):
    CASH = "cash"
    TRANSFER = "transfer"  # bank transfer


class LineRefund(Entity):
    """Money given back for delivered goods: some units of one order line (the shopper brought
    them back, or they arrived damaged). It lowers the member's share in the settlement that
    counts it: in the same settlement as its line, or, when the line's settlement is already
    paid, as an adjustment in the member's next one. ``commission`` is the cooperative's
    commission on ``amount`` at the line's rate, given back with the sale."""

    __tablename__ = "line_refund"

    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)  # rupiah
    commission: Mapped[int] = mapped_column(Integer)  # rupiah
    method: Mapped[RefundMethod] = mapped_column(string_enum(RefundMethod, "refund_method"))
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refund.id"), unique=True)
    restocked: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(255), default="")
    actor: Mapped[str] = mapped_column(String(60), default="")
    submission: Mapped[str] = mapped_column(String(64), unique=True)
    settlement_id: Mapped[int | None] = mapped_column(ForeignKey("settlement.id"), index=True)
    created_at: Mapped[datetime] = created_at_column()

    line: Mapped[OrderLine] = relationship()
    refund: Mapped[Refund | None] = relationship()

    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("commission >= 0 AND commission <= amount", name="commission_in_range"),
    )


class Settlement(Entity):
    """One member's paid settlement (bagi hasil) for a period: frozen once written.

    Its figures are a snapshot of the lines and refunds that point at it (each of which can
    point at one settlement only): gross = the lines' totals; commission = the cooperative's
    commission on them less the commission given back with refunds; refunds = the money given
    back, of which ``adjustments`` is the part for lines an earlier settlement already paid;
    net = gross - commission - refunds, what the member was paid.
    """

    __tablename__ = "settlement"

    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperative.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    gross: Mapped[int] = mapped_column(Integer)
    commission: Mapped[int] = mapped_column(Integer)
    refunds: Mapped[int] = mapped_column(Integer)
    adjustments: Mapped[int] = mapped_column(Integer)
    net: Mapped[int] = mapped_column(Integer)
    line_count: Mapped[int] = mapped_column(Integer)
    refund_count: Mapped[int] = mapped_column(Integer)
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[PayoutMethod] = mapped_column(string_enum(PayoutMethod, "payout_method"))
    reference: Mapped[str] = mapped_column(String(120), default="")
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    paid_by: Mapped[str] = mapped_column(String(120), default="")
    submission: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()

    member: Mapped[Member] = relationship()

    __table_args__ = (
        UniqueConstraint("member_id", "period_start"),
        CheckConstraint("period_start <= period_end", name="period_in_order"),
        CheckConstraint("net = gross - commission - refunds", name="net_adds_up"),
        CheckConstraint("gross >= 0 AND refunds >= 0 AND net >= 0", name="amounts_not_negative"),
    )
