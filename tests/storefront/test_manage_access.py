"""Every manager route refuses other cooperatives' records, other roles and anonymous visitors."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from accounts.models import Role
from catalog.models import Cooperative, Gallery, Member, Product, ProductImage
from orders.fulfilment import enqueue
from tests import factories
from tests.conftest import login

PASSWORD = "akses-rahasia"
ID_ARGS = {
    "member_id": Member,
    "product_id": Product,
    "image_id": ProductImage,
    "shipment_id": "Shipment",
    "gallery_id": "Gallery",
    "message_id": "OutboxMessage",
    "courier_id": "User",
    "handover_id": "CashHandover",
    "refund_id": "Refund",
    "payment_id": "Payment",
    "note_id": "ConsignmentNote",
    "line_id": "OrderLine",
    "settlement_id": "Settlement",
}


def manage_routes(app) -> list[tuple[str, str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    """(rule, method, id argument names) of every manager route."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("manage."):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule.rule, method, tuple(rule.arguments)))
    assert len(routes) >= 15
    return routes


def foreign_ids(db_session, own: Cooperative) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Ids of records that belong to another (seeded) cooperative."""
    product = db_session.scalars(
        select(Product)
        .join(Product.gallery)
        .where(Gallery.cooperative_id != own.id)
        .where(Product.images.any())
    ).first()
    shipment = foreign_shipment(db_session, product)
    message = enqueue(db_session, shipment, "delivery.requested", {"shipment_id": shipment.id})
    courier = factories.user(db_session, role=Role.COURIER, gallery=product.gallery)
    handover = foreign_handover(db_session, product.gallery_id, courier.id)
    payment, refund = foreign_refund(db_session, shipment)
    note = foreign_note(db_session, product)
    settlement = foreign_settlement(db_session, product)
    db_session.commit()
    return {
        "note_id": note.id,
        "payment_id": payment.id,
        "refund_id": refund.id,
        "handover_id": handover.id,
        "courier_id": courier.id,
        "member_id": product.member_id,
        "product_id": product.id,
        "image_id": product.images[0].id,
        "shipment_id": shipment.id,
        "gallery_id": product.gallery_id,
        "message_id": message.id,
        "line_id": shipment.lines[0].id,
        "settlement_id": settlement.id,
    }


def foreign_note(db_session, product):  # type: ignore[no-untyped-def]
    """An intake note of another cooperative's member."""
    from catalog.consignment import NoteInput, record_note
    from catalog.models import NoteKind

    data = NoteInput(
        NoteKind.INTAKE, product.gallery_id, product.member_id, {product.id: 1},
        submission=f"foreign-note-{product.id}",
    )  # fmt: skip
    return record_note(db_session, product.gallery.cooperative_id, data)


def foreign_settlement(db_session, product):  # type: ignore[no-untyped-def]
    """A paid settlement of another cooperative's member."""
    from datetime import date

    from orders.models import PayoutMethod, Settlement

    settlement = Settlement(
        cooperative_id=product.gallery.cooperative_id, member_id=product.member_id,
        period_start=date(2026, 1, 1), period_end=date(2026, 1, 31), gross=100, commission=10,
        refunds=0, adjustments=0, net=90, line_count=1, refund_count=0,
        paid_on=date(2026, 2, 1), method=PayoutMethod.CASH, submission="foreign-settlement",
    )  # fmt: skip
    db_session.add(settlement)
    db_session.flush()
    return settlement


def foreign_refund(db_session, shipment):  # type: ignore[no-untyped-def]
    """A card payment of another cooperative's order, with a refund waiting to be sent."""
    from orders.models import Payment, PaymentStatus, Refund, RefundStatus

    payment = Payment(
        order_id=shipment.order_id, session_id=f"cs_foreign_{shipment.id}", amount=1,
        status=PaymentStatus.PAID, refunded_amount=1,
    )  # fmt: skip
    refund = Refund(
        payment=payment, shipment_id=shipment.id, amount=1, status=RefundStatus.REQUESTED,
        idempotency_key=f"refund-shipment-{shipment.id}-1",
    )  # fmt: skip
    db_session.add_all([payment, refund])
    db_session.flush()
    return payment, refund


def foreign_handover(db_session, gallery_id: int, courier_id: int):  # type: ignore[no-untyped-def]
    """A cash handover recorded at another cooperative's gallery."""
    from orders.models import CashHandover

    handover = CashHandover(
        gallery_id=gallery_id, courier_key=f"g{gallery_id}-u{courier_id}", amount=1, expected=1,
        received_by_id=courier_id, submission=f"foreign-{courier_id}",
    )  # fmt: skip
    db_session.add(handover)
    db_session.flush()
    return handover


def foreign_shipment(db_session, product):  # type: ignore[no-untyped-def]
    """A COD order for another cooperative's product, so its shipment exists."""
    from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
    from orders.models import DeliveryMethod

    order = place_order(
        db_session,
        CheckoutRequest(
            customer=Customer(name="Pembeli Lain", phone="081234567890"),
            lines=[LineRequest(product.id, 1)],
            choices={product.gallery_id: GalleryChoice(DeliveryMethod.PICKUP)},
        ),
    )
    db_session.commit()
    return order.shipments[0]


def fill(rule: str, ids: dict[str, int]) -> str:
    return re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule)


def csrf(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/akun/masuk").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def call(client, method: str, url: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url)
    return client.post(
        url,
        data={
            "csrf_token": csrf(client),
            "status": "archived",
            "direction": "up",
            "quantity": "1",
            "new_level": "1",
            "reason": "x",
            "alt": "x",
        },
    )


def test_manager_gets_404_for_every_record_of_another_cooperative(app, client, db_session):
    own = factories.cooperative(db_session)
    factories.gallery(db_session, cooperative=own)
    user = factories.user(db_session, password=PASSWORD, role=Role.MANAGER, cooperative=own)
    assert login(client, user.email, PASSWORD).status_code == 302
    ids = foreign_ids(db_session, own)
    before = {p.id: (p.status, p.stock) for p in db_session.scalars(select(Product))}
    checked = 0
    for rule, method, args in manage_routes(app):
        if not set(args) & set(ID_ARGS):
            continue
        response = call(client, method, fill(rule, ids))
        assert response.status_code == 404, (method, rule, response.status_code)
        checked += 1
    assert checked >= 10
    db_session.expire_all()
    assert {p.id: (p.status, p.stock) for p in db_session.scalars(select(Product))} == before


@pytest.mark.parametrize("role", [Role.SHOPPER, Role.COURIER, Role.ADMIN])
def test_other_roles_get_403_on_every_manager_route(app, client, db_session, role):
    extra = {"gallery": db_session.scalars(select(Gallery)).first()} if role is Role.COURIER else {}
    user = factories.user(db_session, password=PASSWORD, role=role, **extra)
    assert login(client, user.email, PASSWORD).status_code == 302
    ids = dict.fromkeys(ID_ARGS, 1)
    for rule, method, _args in manage_routes(app):
        response = call(client, method, fill(rule, ids))
        assert response.status_code == 403, (role, method, rule, response.status_code)


def test_anonymous_visitors_are_sent_to_log_in(app, client):
    ids = dict.fromkeys(ID_ARGS, 1)
    for rule, method, _args in manage_routes(app):
        response = call(client, method, fill(rule, ids))
        assert response.status_code == 302, (method, rule)
        assert "/akun/masuk" in response.headers["Location"]


def test_manager_of_a_deactivated_cooperative_cannot_log_in(client, db_session):
    coop = factories.cooperative(db_session, is_active=False)
    user = factories.user(db_session, password=PASSWORD, role=Role.MANAGER, cooperative=coop)
    assert login(client, user.email, PASSWORD).status_code == 200
    assert client.get("/kelola/").status_code == 302


def test_deactivated_gallery_cannot_be_managed(client, db_session):
    gallery = factories.gallery(db_session)
    product = factories.product(db_session, gallery=gallery)
    user = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=gallery.cooperative
    )
    login(client, user.email, PASSWORD)
    assert client.get(f"/kelola/produk/{product.id}").status_code == 200
    db_session.get(Gallery, gallery.id).is_active = False
    db_session.commit()  # only a savepoint: the test's outer transaction still rolls back
    assert client.get(f"/kelola/produk/{product.id}").status_code == 404
    assert gallery.name not in client.get("/kelola/").get_data(as_text=True)
