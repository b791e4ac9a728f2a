"""Managers' logs speak in people's words: who did what, how a delivery request went."""

from __future__ import annotations

import logging

import pytest
import requests
from flask import Flask

from accounts.models import Role
from catalog.db import utcnow
from orders import actors
from orders.actors import ActorKind
from orders.dispatch import FailureReason, post
from orders.models import (
    DeliveryAttempt,
    DeliveryMethod,
    OutboxMessage,
    OutboxStatus,
    ShipmentEvent,
)
from storefront.i18n import decimal
from tests import factories
from tests.storefront.test_manage_shipments import new_order
from tests.webforms import PASSWORD, form_for, log_in

RAW_WORDS = (
    "manager:",
    "courier:",
    "· dispatcher",
    "courier_assigned",
    "Timeout",
    "ConnectionError",
    "http_status",
)


@pytest.fixture
def product(db_session):  # type: ignore[no-untyped-def]
    item = factories.product(db_session, price=10_000, stock=10)
    db_session.commit()
    return item


@pytest.fixture
def manager(web, db_session, product):  # type: ignore[no-untyped-def]
    user = factories.user(
        db_session,
        password=PASSWORD,
        name="Bu Ratna Pengelola",
        role=Role.MANAGER,
        cooperative=product.gallery.cooperative,
    )
    log_in(web, user)
    return user


def test_a_managers_step_is_recorded_as_the_manager_and_shown_by_name(
    web, db_session, manager, product
):
    shipment = new_order(db_session, product, DeliveryMethod.DELIVERY).shipments[0]
    url = f"/kelola/pengiriman/{shipment.id}"
    form_for(web.get(url), f"{url}/status").submit().follow()
    db_session.expire_all()
    event = db_session.get(type(shipment), shipment.id).events[-1]
    assert event.actor == f"manager:{manager.id}"
    page = web.get(url).text
    assert "Bu Ratna Pengelola" in page and "pembeli" in page
    assert not [word for word in RAW_WORDS if word in page]


def test_couriers_dispatchers_and_the_system_are_named_in_words(web, db_session, manager, product):
    shipment = new_order(db_session, product, DeliveryMethod.DELIVERY).shipments[0]
    courier = factories.user(
        db_session, name="Pak Joko", role=Role.COURIER, gallery=product.gallery
    )
    for tag in (actors.courier(courier.id), actors.DISPATCHER, actors.PAYMENT, "", "odd:tag"):
        db_session.add(ShipmentEvent(shipment=shipment, status=shipment.status, actor=tag))
    db_session.commit()
    page = web.get(f"/kelola/pengiriman/{shipment.id}").text
    assert "kurir Pak Joko" in page and "kurir (aplikasi ojek)" in page
    assert "sistem (pembayaran kartu)" in page and "sistem" in page
    assert not [word for word in RAW_WORDS if word in page]


def test_the_dispatch_log_gives_reasons_not_exception_texts(web, db_session, manager, product):
    shipment = new_order(db_session, product, DeliveryMethod.DELIVERY).shipments[0]
    message = OutboxMessage(
        message_id="msg_uji_alasan",
        event_type="delivery.requested",
        gallery_id=product.gallery_id,
        shipment_id=shipment.id,
        payload={},
        status=OutboxStatus.PENDING,
    )
    for code, error in ((None, "timeout"), (None, "connection"), (503, "http_status"), (202, "")):
        message.delivery_attempts.append(
            DeliveryAttempt(status_code=code, error=error, attempted_at=utcnow())
        )
    db_session.add(message)
    db_session.commit()
    page = web.get(f"/kelola/pengiriman/{shipment.id}").text
    assert "Aplikasi kurir tidak menjawab tepat waktu." in page
    assert "Tidak bisa tersambung ke aplikasi kurir." in page
    assert "Aplikasi kurir menolaknya (HTTP 503)." in page
    assert "Diterima aplikasi kurir (HTTP 202)." in page
    assert "Permintaan kurir" in page and "menunggu dikirim" in page
    assert not [word for word in RAW_WORDS if word in page]


def test_a_failed_send_keeps_the_detail_in_the_log_and_a_code_on_the_attempt(caplog):
    with caplog.at_level(logging.WARNING, logger="orders.dispatch"):
        outcome = post(requests.Session(), "http://127.0.0.1:9/x", b"{}", {}, timeout=2)
    assert outcome.error == FailureReason.CONNECTION
    assert "127.0.0.1:9" in caplog.text


@pytest.mark.parametrize(
    ("tag", "kind", "user_id"),
    [
        ("manager:12", ActorKind.MANAGER, 12),
        ("courier:7", ActorKind.COURIER, 7),
        ("courier:x", ActorKind.COURIER, None),
        ("dispatcher", ActorKind.DISPATCHER, None),
        ("stripe", ActorKind.PAYMENT, None),
        ("", ActorKind.SYSTEM, None),
        ("anything:else", ActorKind.SYSTEM, None),
    ],
)
def test_actor_tags_parse(tag, kind, user_id):
    assert actors.parse(tag) == actors.Actor(kind, user_id)


@pytest.mark.parametrize(("lang", "shown"), [("id", "1,9"), ("en", "1.9")])
def test_decimals_follow_the_language(app: Flask, lang, shown):
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = lang
        assert decimal(1.94) == shown
        assert decimal(12.0) == "12"
