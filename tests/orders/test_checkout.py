"""Placing orders: one transaction, snapshots, shipments per gallery, stock taken or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from catalog.models import MovementKind, ProductStatus, StockMovement
from orders.checkout import (
    CheckoutRequest,
    Customer,
    GalleryChoice,
    LineRequest,
    place_order,
)
from orders.exceptions import CheckoutInvalid, OutOfStock, PricesChanged
from orders.lifecycle import can_shopper_cancel, cancel_order, confirm_order
from orders.models import (
    DeliveryMethod,
    Order,
    OrderStatus,
    PaymentMethod,
    ShipmentStatus,
)
from orders.states import set_shipment_status
from tests import factories

PICKUP = GalleryChoice(DeliveryMethod.PICKUP)


def request_for(lines, choices, payment=PaymentMethod.COD, **customer):  # type: ignore[no-untyped-def]
    return CheckoutRequest(
        customer=Customer(**({"name": "Rina", "phone": "0812-3456-7890"} | customer)),
        lines=lines,
        choices=choices,
        payment_method=payment,
    )


@pytest.fixture
def two_galleries(db_session):  # type: ignore[no-untyped-def]
    a = factories.product(db_session, price=15_000, stock=10)
    b = factories.product(db_session, price=40_000, stock=3)
    return a, b


def test_cod_order_across_two_galleries(db_session, two_galleries):
    a, b = two_galleries
    order = place_order(
        db_session,
        request_for(
            [LineRequest(a.id, 2), LineRequest(b.id, 1)],
            {a.gallery_id: PICKUP, b.gallery_id: PICKUP},
        ),
    )
    assert order.code.startswith("GR-") and len(order.code) == 9
    assert len(order.access_token) >= 32
    assert order.status is OrderStatus.CONFIRMED
    assert (order.subtotal, order.delivery_total, order.total) == (70_000, 0, 70_000)
    assert len(order.shipments) == 2
    assert {s.status for s in order.shipments} == {ShipmentStatus.CONFIRMED}
    assert sorted(s.cod_amount for s in order.shipments) == [30_000, 40_000]
    db_session.refresh(a)
    db_session.refresh(b)
    assert (a.stock, b.stock) == (8, 2)
    sales = db_session.scalars(
        select(StockMovement).where(StockMovement.reason == order.code)
    ).all()
    assert sorted((m.kind, m.quantity) for m in sales) == [
        (MovementKind.SALE, -2),
        (MovementKind.SALE, -1),
    ]


def test_lines_snapshot_name_price_member_and_commission(db_session, two_galleries):
    a, _b = two_galleries
    order = place_order(db_session, request_for([LineRequest(a.id, 1)], {a.gallery_id: PICKUP}))
    a.name, a.price = "Nama Baru", 99_000
    db_session.flush()
    line = order.lines[0]
    assert (line.product_name, line.unit_price, line.line_total) != ("Nama Baru", 99_000, 99_000)
    assert line.member_name == a.member.business_name
    assert line.commission_rate_percent == a.member.effective_commission_percent


def test_delivery_fee_from_kelurahan_and_pickup_only_beyond_radius(db_session):
    product = factories.product(db_session, stock=5)
    gallery = product.gallery
    gallery.lat, gallery.lng, gallery.base_fee, gallery.per_km_fee = -6.35, 106.67, 8000, 2500
    gallery.max_radius_km = 8
    db_session.flush()
    delivery = {gallery.id: GalleryChoice(DeliveryMethod.DELIVERY)}
    near = place_order(
        db_session,
        request_for(
            [LineRequest(product.id, 1)], delivery, address="Jl. Uji 1", lat=-6.34, lng=106.67
        ),
    )
    assert near.delivery_total == 11_000
    assert near.shipments[0].cod_amount == near.subtotal + 11_000
    with pytest.raises(CheckoutInvalid, match="does not deliver that far"):
        place_order(
            db_session,
            request_for(
                [LineRequest(product.id, 1)], delivery, address="Jauh", lat=-6.20, lng=106.67
            ),
        )


def test_a_short_line_fails_the_whole_order_and_names_the_product(db_session, two_galleries):
    a, b = two_galleries
    before = db_session.scalar(select(func.count()).select_from(Order))
    with pytest.raises(OutOfStock) as refused, db_session.begin_nested():
        place_order(
            db_session,
            request_for(
                [LineRequest(a.id, 2), LineRequest(b.id, 5)],
                {a.gallery_id: PICKUP, b.gallery_id: PICKUP},
            ),
        )
    assert refused.value.product_name == b.name and refused.value.available == 3
    db_session.refresh(a)
    assert a.stock == 10
    assert db_session.scalar(select(func.count()).select_from(Order)) == before


@pytest.mark.parametrize("status", [ProductStatus.ARCHIVED, ProductStatus.DRAFT])
def test_hidden_products_cannot_be_ordered(db_session, status):
    product = factories.product(db_session, status=status)
    with pytest.raises(OutOfStock, match="no longer sold"):
        place_order(
            db_session, request_for([LineRequest(product.id, 1)], {product.gallery_id: PICKUP})
        )


def test_changed_price_must_be_seen_first(db_session, two_galleries):
    a, _b = two_galleries
    with pytest.raises(PricesChanged, match=a.name):
        place_order(
            db_session,
            request_for([LineRequest(a.id, 1, expected_price=12_000)], {a.gallery_id: PICKUP}),
        )


@pytest.mark.parametrize(
    "customer,field",
    [
        ({"phone": "12"}, "phone"),
        ({"phone": ""}, "phone"),
        ({"name": "  "}, "name"),
    ],
)
def test_customer_details_are_checked(db_session, two_galleries, customer, field):
    a, _b = two_galleries
    with pytest.raises(CheckoutInvalid) as refused:
        place_order(
            db_session, request_for([LineRequest(a.id, 1)], {a.gallery_id: PICKUP}, **customer)
        )
    assert refused.value.field == field


@pytest.mark.parametrize("quantity", [0, -1, 10**9])
def test_quantities_out_of_range_are_refused(db_session, two_galleries, quantity):
    a, _b = two_galleries
    with pytest.raises(CheckoutInvalid):
        place_order(db_session, request_for([LineRequest(a.id, quantity)], {a.gallery_id: PICKUP}))


def test_every_gallery_needs_a_delivery_choice(db_session, two_galleries):
    a, b = two_galleries
    with pytest.raises(CheckoutInvalid, match="Choose delivery or pickup"):
        place_order(
            db_session,
            request_for([LineRequest(a.id, 1), LineRequest(b.id, 1)], {a.gallery_id: PICKUP}),
        )


def test_card_order_waits_for_payment_then_confirms_once(db_session, two_galleries):
    a, _b = two_galleries
    order = place_order(
        db_session,
        request_for([LineRequest(a.id, 1)], {a.gallery_id: PICKUP}, payment=PaymentMethod.CARD),
        card_payments_enabled=True,
    )
    assert order.status is OrderStatus.PENDING_PAYMENT and order.expires_at is not None
    assert order.shipments[0].status is ShipmentStatus.PENDING
    assert order.shipments[0].cod_amount == 0
    assert confirm_order(db_session, order) is True
    assert confirm_order(db_session, order) is False
    db_session.refresh(order)
    assert order.status is OrderStatus.CONFIRMED
    assert order.shipments[0].status is ShipmentStatus.CONFIRMED


def test_cancel_releases_stock_exactly_once(db_session, two_galleries):
    a, _b = two_galleries
    order = place_order(db_session, request_for([LineRequest(a.id, 4)], {a.gallery_id: PICKUP}))
    assert cancel_order(db_session, order, reason="berubah pikiran") is True
    assert cancel_order(db_session, order, reason="lagi") is False
    db_session.refresh(a)
    assert a.stock == 10
    releases = select(func.count()).where(
        StockMovement.product_id == a.id, StockMovement.kind == MovementKind.RELEASE
    )
    assert db_session.scalar(releases) == 1
    db_session.refresh(order)
    assert order.status is OrderStatus.CANCELLED
    assert confirm_order(db_session, order) is False


def test_shopper_may_cancel_only_before_packing(db_session, two_galleries):
    a, _b = two_galleries
    order = place_order(db_session, request_for([LineRequest(a.id, 1)], {a.gallery_id: PICKUP}))
    assert can_shopper_cancel(order)
    set_shipment_status(db_session, order.shipments[0], ShipmentStatus.PACKING, actor="manager")
    assert not can_shopper_cancel(order)


def test_pickup_shipments_cannot_take_courier_steps(db_session, two_galleries):
    from orders.exceptions import InvalidTransition

    a, _b = two_galleries
    order = place_order(db_session, request_for([LineRequest(a.id, 1)], {a.gallery_id: PICKUP}))
    shipment = order.shipments[0]
    set_shipment_status(db_session, shipment, ShipmentStatus.PACKING)
    set_shipment_status(db_session, shipment, ShipmentStatus.READY)
    with pytest.raises(InvalidTransition):
        set_shipment_status(db_session, shipment, ShipmentStatus.COURIER_ASSIGNED)
    set_shipment_status(db_session, shipment, ShipmentStatus.COLLECTED)
    assert [e.status for e in shipment.events][-1] is ShipmentStatus.COLLECTED


def test_a_position_outside_indonesia_falls_back_to_the_kelurahan(db_session):
    from sqlalchemy import select as sql_select

    from catalog.models import Kelurahan
    from orders.checkout import shopper_position

    kelurahan = db_session.scalars(sql_select(Kelurahan)).first()
    swapped = Customer(
        name="R", phone="081234567890", kelurahan_id=kelurahan.id, lat=106.7, lng=-6.3
    )
    assert shopper_position(db_session, swapped) == (kelurahan.lat, kelurahan.lng)
    nan = Customer(name="R", phone="081234567890", lat=float("nan"), lng=106.7)
    assert shopper_position(db_session, nan) is None
    real = Customer(name="R", phone="081234567890", lat=-6.31, lng=106.68)
    assert shopper_position(db_session, real) == (-6.31, 106.68)
