"""Managers fulfil shipments: packing, ready (a delivery request goes to the outbox), collected."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accounts.models import Role
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.models import (
    DeliveryMethod,
    OrderStatus,
    OutboxMessage,
    OutboxStatus,
    Shipment,
    ShipmentStatus,
)
from tests import factories
from tests.storefront.manage_helpers import fresh, log_in_manager, post
from tests.webforms import PASSWORD, form_for, log_in


def new_order(db_session, product, method=DeliveryMethod.PICKUP):  # type: ignore[no-untyped-def]
    order = place_order(
        db_session,
        CheckoutRequest(
            customer=Customer(
                name="Rina",
                phone="081234567890",
                address="Jl. Melati 3",
                lat=product.gallery.lat,
                lng=product.gallery.lng,
            ),
            lines=[LineRequest(product.id, 2)],
            choices={product.gallery_id: GalleryChoice(method)},
        ),
    )
    db_session.commit()
    return order


@pytest.fixture
def product(db_session):  # type: ignore[no-untyped-def]
    item = factories.product(db_session, price=10_000, stock=10, weight_g=250)
    db_session.commit()
    return item


def log_in_web(web, db_session, cooperative) -> None:  # type: ignore[no-untyped-def]
    log_in(
        web,
        factories.user(db_session, password=PASSWORD, role=Role.MANAGER, cooperative=cooperative),
    )


def press(web, shipment_id: int) -> None:  # type: ignore[no-untyped-def]
    """Press the shipment page's one step button, as rendered."""
    url = f"/kelola/pengiriman/{shipment_id}"
    landed = form_for(web.get(url), f"{url}/status").submit()
    assert landed.status_int == 302, landed.text


def test_pickup_shipment_packed_ready_collected_completes_the_order(web, db_session, product):
    order = new_order(db_session, product)
    shipment = order.shipments[0]
    log_in_web(web, db_session, product.gallery.cooperative)
    assert order.code in web.get("/kelola/pengiriman").text
    for _step in ("packing", "ready", "collected"):
        press(web, shipment.id)
    shipment = fresh(db_session, shipment)
    assert shipment.status is ShipmentStatus.COLLECTED
    assert shipment.cod_collected == shipment.cod_amount == 20_000
    assert shipment.order.status is OrderStatus.COMPLETED
    assert (
        db_session.scalar(select(OutboxMessage).where(OutboxMessage.shipment_id == shipment.id))
        is None
    )


def test_ready_delivery_shipment_writes_a_delivery_request_to_the_outbox(web, db_session, product):
    gallery = product.gallery
    gallery.courier_endpoint_url = "http://127.0.0.1:9/deliveries"
    gallery.courier_secret = "whsec_" + "A" * 32
    db_session.commit()
    order = new_order(db_session, product, DeliveryMethod.DELIVERY)
    shipment = order.shipments[0]
    log_in_web(web, db_session, gallery.cooperative)
    url = f"/kelola/pengiriman/{shipment.id}"
    press(web, shipment.id)
    press(web, shipment.id)
    message = db_session.scalar(
        select(OutboxMessage).where(OutboxMessage.shipment_id == shipment.id)
    )
    assert message.status is OutboxStatus.PENDING and message.event_type == "delivery.requested"
    data = message.payload["data"]
    assert data["order_code"] == order.code and data["cod_amount"] == order.total
    assert data["pickup"]["name"] == gallery.name and data["dropoff"]["phone"] == "+6281234567890"
    assert data["items"] == [{"name": product.name, "quantity": 2}] and data["weight_g"] == 500
    assert data["callback_url"].endswith("/api/v1/courier/events")
    assert message.message_id in web.get(url).text


def test_forged_impossible_steps_are_refused_and_change_nothing(client, db_session, product):
    """Hand-built: the page never offers these buttons (see test_forms_manage for a stale one)."""
    order = new_order(db_session, product)
    shipment = order.shipments[0]
    log_in_manager(client, db_session, product.gallery.cooperative)
    url = f"/kelola/pengiriman/{shipment.id}"
    response = post(client, f"{url}/status", {"status": "collected"}, form_url=url)
    assert response.status_code == 303
    assert fresh(db_session, shipment).status is ShipmentStatus.CONFIRMED
    assert post(client, f"{url}/status", {"status": "bogus"}, form_url=url).status_code == 400


def test_ready_without_a_dispatcher_queues_nothing(web, db_session, product):
    order = new_order(db_session, product, DeliveryMethod.DELIVERY)
    shipment = order.shipments[0]
    log_in_web(web, db_session, product.gallery.cooperative)
    press(web, shipment.id)
    press(web, shipment.id)
    assert fresh(db_session, shipment).status is ShipmentStatus.READY
    assert (
        db_session.scalar(select(OutboxMessage).where(OutboxMessage.shipment_id == shipment.id))
        is None
    )
    assert isinstance(fresh(db_session, shipment), Shipment)


def test_manager_sees_the_courier_reports_of_a_shipment(client, db_session, product):
    from orders.courier import record_event

    order = new_order(db_session, product, DeliveryMethod.DELIVERY)
    shipment = order.shipments[0]
    record_event(db_session, "msg_laporan_uji", shipment, "courier_assigned", {"x": 1})
    db_session.commit()
    log_in_manager(client, db_session, product.gallery.cooperative)
    page = client.get(f"/kelola/pengiriman/{shipment.id}").get_data(as_text=True)
    assert "Laporan kurir" in page and "msg_laporan_uji" in page and "kurir ditugaskan" in page
    assert "courier_assigned" not in page
