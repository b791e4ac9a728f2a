"""A few weeks of the demo galleries' trade, so the manager's console has a month to look at:
intake notes, orders delivered and collected (cash on delivery, the cash reported), a refund of
a delivered item, orders still on the desk, and one paid settlement per member for the month
before last. Everything goes through the domain's own functions (checkout, the shipment
transition table, consignment notes, refunds, settlement); only the dates are moved back, as if
it had happened then. Deterministic, and seeded once: nothing is added when orders exist.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.consignment import NoteInput, record_note
from catalog.models import Gallery, NoteKind, Product, ProductStatus
from orders import aftersale, settlement
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.fulfilment import complete_order_if_done
from orders.models import DeliveryMethod, Order, PaymentMethod, PayoutMethod, ShipmentStatus
from orders.reports import last_month
from orders.states import set_shipment_status

S = ShipmentStatus
GALLERIES = 3  # the first galleries of the demo city get a history
ORDERS_PER_GALLERY = 24
DAYS = 50
SHOPPERS = (
    ("Rina Marlina", "081234560101"),
    ("Dewi Lestari", "081234560202"),
    ("Agus Salim", "085712340303"),
    ("Siti Aminah", "081398760404"),
    ("Budi Santoso", "087812340505"),
)


def seed_order_history(session: Session, zone: ZoneInfo) -> Counter[str]:
    """Seed the history once; flush only. Returns what was made, by kind."""
    made: Counter[str] = Counter()
    if session.scalar(select(func.count()).select_from(Order)):
        return made
    rng = random.Random(20261207)  # noqa: S311 - demo data, not security
    today = datetime.now(zone).date()
    galleries = session.scalars(
        select(Gallery).where(Gallery.is_active).order_by(Gallery.id).limit(GALLERIES)
    ).all()
    for gallery in galleries:
        products = _stocked(session, gallery)
        if not products:
            continue
        made["ConsignmentNote"] += _intakes(session, gallery, products, today - timedelta(DAYS + 5))
        for n in range(ORDERS_PER_GALLERY):
            day = today - timedelta(days=DAYS - n * DAYS // ORDERS_PER_GALLERY)
            order = _order(session, gallery, rng.choice(products), rng, n)
            if order is None:
                continue
            made["Order"] += 1
            _back_date(order, day, zone)
            if n < ORDERS_PER_GALLERY - 4:  # the last few are still on the desk
                _finish(session, order, day, zone)
        made["LineRefund"] += _one_refund(session, gallery)
    for cooperative_id in sorted({gallery.cooperative_id for gallery in galleries}):
        made["Settlement"] += _pay_month_before_last(session, cooperative_id, today, zone)
    session.flush()
    return made


def _stocked(session: Session, gallery: Gallery) -> list[Product]:
    return list(
        session.scalars(
            select(Product)
            .where(
                Product.gallery_id == gallery.id,
                Product.status == ProductStatus.ACTIVE,
                Product.stock >= 10,
            )
            .order_by(Product.id)
            .limit(8)
        )
    )


def _intakes(session: Session, gallery: Gallery, products: list[Product], day: date) -> int:
    by_member: dict[int, dict[int, int]] = {}
    for product in products:
        by_member.setdefault(product.member_id, {})[product.id] = 12
    for member_id, quantities in by_member.items():
        record_note(
            session,
            gallery.cooperative_id,
            NoteInput(
                kind=NoteKind.INTAKE,
                gallery_id=gallery.id,
                member_id=member_id,
                quantities=quantities,
                submission=f"demo-intake-{gallery.id}-{member_id}",
                note="Titip awal bulan (contoh)",
                note_date=day,
            ),
        )
    return len(by_member)


def _order(
    session: Session, gallery: Gallery, product: Product, rng: random.Random, n: int
) -> Order | None:
    session.refresh(product, ["stock"])
    quantity = rng.randint(1, 3)
    if product.stock < quantity + 2:
        return None
    name, phone = SHOPPERS[n % len(SHOPPERS)]
    method = DeliveryMethod.PICKUP if n % 3 == 0 else DeliveryMethod.DELIVERY
    return place_order(
        session,
        CheckoutRequest(
            customer=Customer(
                name=name,
                phone=phone,
                address=f"Jl. Contoh No. {n + 1}",
                lat=gallery.lat + 0.004,
                lng=gallery.lng + 0.004,
            ),
            lines=[LineRequest(product.id, quantity)],
            choices={gallery.id: GalleryChoice(method, "")},
            payment_method=PaymentMethod.COD,
        ),
        card_payments_enabled=False,
    )


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def _back_date(order: Order, day: date, zone: ZoneInfo) -> None:
    order.created_at = _at(day, 9, zone)
    for event in order.events:
        event.created_at = order.created_at
    for shipment in order.shipments:
        shipment.created_at = order.created_at
        for shipment_event in shipment.events:
            shipment_event.created_at = order.created_at


def _finish(session: Session, order: Order, day: date, zone: ZoneInfo) -> None:
    """Pack, hand over and deliver (or let the shopper collect) the order on ``day``."""
    for shipment in order.shipments:
        steps = [S.PACKING, S.READY]
        if shipment.delivery_method is DeliveryMethod.PICKUP:
            steps.append(S.COLLECTED)
        else:
            steps += [S.COURIER_ASSIGNED, S.PICKED_UP, S.DELIVERED]
            shipment.courier_name = "Pak Darto (contoh)"
            shipment.courier_phone = "081311112222"
        for hour, status in enumerate(steps, start=10):
            set_shipment_status(session, shipment, status, actor="demo")
            session.flush()
            shipment.events[-1].created_at = _at(day, hour, zone)
        shipment.completed_at = _at(day, 10 + len(steps), zone)
        if shipment.delivery_method is DeliveryMethod.DELIVERY:
            shipment.cod_collected = shipment.cod_amount
    complete_order_if_done(session, order, actor="demo")
    session.flush()


def _one_refund(session: Session, gallery: Gallery) -> int:
    line = next(
        (
            line
            for order in session.scalars(select(Order).order_by(Order.id.desc()))
            for line in order.lines
            if line.shipment.gallery_id == gallery.id and line.shipment.completed_at is not None
        ),
        None,
    )
    if line is None:
        return 0
    aftersale.refund_delivered(
        session,
        gallery.cooperative_id,
        aftersale.ReturnInput(
            line.id, 1, "Kemasan rusak saat diterima (contoh)", f"demo-return-{line.id}"
        ),
    )
    return 1


def _pay_month_before_last(
    session: Session, cooperative_id: int, today: date, zone: ZoneInfo
) -> int:
    previous = last_month(today)
    period = last_month(previous.first)
    paid = 0
    for row in settlement.standings(session, cooperative_id, period, zone):
        if row.standing is not settlement.Standing.PAYABLE:
            continue
        settlement.mark_paid(
            session,
            cooperative_id,
            settlement.Payout(
                member_id=row.member_id,
                period=period,
                paid_on=previous.first.replace(day=5),
                method=PayoutMethod.CASH,
                reference="",
                expected_net=row.totals.net,
                submission=f"demo-payout-{row.member_id}-{period.first}",
                paid_by="Pengelola (contoh)",
            ),
            zone,
            today,
        )
        paid += 1
    return paid
