"""POST /api/v1/courier/events: signed reports from a gallery's dispatcher move its shipments.

Requests are signed with the standardwebhooks library and, independently, with a plain HMAC
implementation of the scheme, so a bug shared by Gerai and the library would still show.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook

from orders.fulfilment import mark_packing, mark_ready
from orders.models import CourierEvent, OrderStatus, Shipment, ShipmentStatus
from tests import factories
from tests.orders.test_courier import place
from tests.storefront.test_courier_page import Job

SECRET = "whsec_" + base64.b64encode(b"gerai-courier-events-test-secret").decode()
OTHER = "whsec_" + base64.b64encode(b"another-gallery-secret-entirely!").decode()
URL = "/api/v1/courier/events"
_ids = itertools.count(1)


@pytest.fixture
def sent(db_session):  # type: ignore[no-untyped-def]
    """The emails each commit wrote to the outbox (the dispatch worker sends them)."""
    from tests.storefront.test_mail import OutboxEmails

    return OutboxEmails()


@pytest.fixture
def shipment(db_session) -> Job:  # type: ignore[no-untyped-def]
    """A ready COD delivery shipment of a gallery with a courier secret (committed)."""
    return ready_shipment(db_session, SECRET)


def ready_shipment(db_session, secret: str | None) -> Job:  # type: ignore[no-untyped-def]
    """A ready COD delivery shipment of a new gallery whose courier secret is ``secret``."""
    gallery = factories.gallery(
        db_session, courier_endpoint_url="https://ojek.example/gerai", courier_secret=secret
    )
    product = factories.product(db_session, gallery=gallery, price=10_000, stock=10)
    order = place(db_session, product)
    order.email = "rina@gerai.example"
    item = order.shipments[0]
    mark_packing(db_session, item, actor="test")
    mark_ready(db_session, item, actor="test", callback_url="http://localhost" + URL)
    db_session.commit()
    return Job(item.id, order.code, item.cod_amount, gallery.id, order.access_token)


def fresh(session, job: Job) -> Shipment:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.get(Shipment, job.id)


def body_for(shipment: Job, kind: str, **data) -> bytes:  # type: ignore[no-untyped-def]
    event = {
        "type": kind,
        "data": {"shipment_id": shipment.id, "order_code": shipment.code} | data,
    }
    return json.dumps(event, separators=(",", ":")).encode()


def library_headers(secret: str, body: bytes, msg_id: str, when: datetime) -> dict[str, str]:
    signature = Webhook(secret).sign(msg_id, when, body.decode())
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": signature,
    }


def hand_headers(secret: str, body: bytes, msg_id: str, when: datetime) -> dict[str, str]:
    """The scheme by hand: HMAC-SHA256 over ``id.timestamp.body`` with the decoded secret."""
    timestamp = str(int(when.timestamp()))
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    signature = "v1," + base64.b64encode(digest).decode()
    return {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature}


def post(client, body: bytes, *, msg_id=None, secret=SECRET, when=None, sign=library_headers):  # type: ignore[no-untyped-def]
    headers = sign(secret, body, msg_id or f"msg_{next(_ids)}", when or datetime.now(UTC))
    return client.post(URL, data=body, headers=headers, content_type="application/json")


def report(client, shipment, kind, **kw):  # type: ignore[no-untyped-def]
    data = kw.pop("data", {})
    return post(client, body_for(shipment, kind, **data), **kw)


COURIER = {"courier": {"name": "Pak Darto", "phone": "+6281200001111", "plate": "B 3456 TNG"}}


@pytest.mark.parametrize("sign", [library_headers, hand_headers], ids=["library", "by-hand"])
def test_a_signed_trip_delivers_the_shipment_and_emails_the_shopper(
    client, db_session, shipment, sent, sign
):
    steps = [
        ("courier_assigned", COURIER, ShipmentStatus.COURIER_ASSIGNED),
        ("picked_up", {}, ShipmentStatus.PICKED_UP),
        ("delivered", {"cod_collected": shipment.cod_amount}, ShipmentStatus.DELIVERED),
    ]
    for kind, data, status in steps:
        response = report(client, shipment, kind, data=data, sign=sign)
        assert response.status_code == 200, response.get_json()
        assert response.get_json() == {"outcome": "applied", "status": status.value}
    item = fresh(db_session, shipment)
    assert item.status is ShipmentStatus.DELIVERED and item.order.status is OrderStatus.COMPLETED
    assert (item.courier_name, item.courier_plate) == ("Pak Darto", "B 3456 TNG")
    assert item.cod_collected == item.cod_amount
    assert [e.actor for e in item.events[-3:]] == ["dispatcher"] * 3
    subjects = [m["Subject"] for m in sent]
    assert len(subjects) == 2
    assert "sedang diantar" in subjects[0] and "sudah sampai" in subjects[1].lower()
    assert all(item.order.code in s for s in subjects)


def test_the_shopper_sees_the_courier_and_the_timeline(client, db_session, shipment):
    report(client, shipment, "courier_assigned", data=COURIER)
    url = f"/pesanan/{shipment.code}?token={shipment.access_token}"
    page = client.get(url).get_data(as_text=True)
    assert "Pak Darto" in page and "B 3456 TNG" in page


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"webhook-id": "msg_1", "webhook-timestamp": str(int(time.time()))},
        {"webhook-id": "msg_1", "webhook-timestamp": "soon", "webhook-signature": "v1,AAAA"},
        {
            "webhook-id": "msg_1",
            "webhook-timestamp": str(int(time.time())),
            "webhook-signature": "garbage",
        },
        {
            "webhook-id": "msg_1",
            "webhook-timestamp": str(int(time.time())),
            "webhook-signature": "v1,not base64!!",
        },
    ],
    ids=["none", "no-signature", "bad-timestamp", "no-version", "bad-base64"],
)
def test_missing_or_malformed_signatures_are_401(client, db_session, shipment, headers):
    response = client.post(
        URL, data=body_for(shipment, "picked_up"), headers=headers, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.get_json()["code"] == 401
    assert fresh(db_session, shipment).status is ShipmentStatus.READY


@pytest.mark.parametrize("sign", [library_headers, hand_headers], ids=["library", "by-hand"])
def test_a_wrong_secret_or_an_altered_body_is_401(client, db_session, shipment, sign):
    assert (
        report(
            client, shipment, "courier_assigned", data=COURIER, secret=OTHER, sign=sign
        ).status_code
        == 401
    )
    body = body_for(shipment, "courier_assigned", **COURIER)
    headers = sign(SECRET, body, "msg_altered", datetime.now(UTC))
    altered = body.replace(b"Pak Darto", b"Pak Palsu")
    response = client.post(URL, data=altered, headers=headers, content_type="application/json")
    assert response.status_code == 401
    assert db_session.scalar(select(func.count()).select_from(CourierEvent)) == 0


@pytest.mark.parametrize(
    "age", [timedelta(minutes=-6), timedelta(minutes=6)], ids=["old", "future"]
)
def test_old_or_future_timestamps_are_401_even_when_correctly_signed(
    client, db_session, shipment, age
):
    when = datetime.now(UTC) + age
    response = report(
        client, shipment, "courier_assigned", data=COURIER, when=when, sign=hand_headers
    )
    assert response.status_code == 401


def test_a_gallery_without_a_secret_accepts_nothing(client, db_session, shipment):
    fresh(db_session, shipment).gallery.courier_secret = None
    db_session.commit()
    assert report(client, shipment, "courier_assigned", data=COURIER).status_code == 401


def test_a_mismatched_order_code_is_404_once_the_signature_checked_out(
    client, db_session, shipment
):
    wrong_code = body_for(shipment, "courier_assigned", **COURIER).replace(
        shipment.code.encode(), b"GR-ZZZZZZ"
    )
    assert post(client, wrong_code).status_code == 404
    assert fresh(db_session, shipment).status is ShipmentStatus.READY


def unknown_body(shipment_id: int) -> bytes:
    unknown = {"shipment_id": shipment_id, "order_code": "GR-XXXXXX"}
    return json.dumps({"type": "courier_assigned", "data": unknown | COURIER}).encode()


@pytest.mark.parametrize("sign", [library_headers, None], ids=["signed", "unsigned"])
def test_no_answer_tells_which_shipments_exist_or_which_galleries_have_a_secret(
    client, db_session, shipment, sign
):
    """A dispatcher (here with a real secret of its own gallery) probing other shipments gets
    the one 401 whether the shipment is theirs but wrongly signed, another gallery's, missing,
    or of a gallery without a secret."""
    others = ready_shipment(db_session, OTHER)
    no_secret = ready_shipment(db_session, None)
    probes = [
        (body_for(shipment, "courier_assigned", **COURIER), OTHER),  # wrong secret
        (body_for(others, "courier_assigned", **COURIER), SECRET),  # another gallery's
        (body_for(no_secret, "courier_assigned", **COURIER), SECRET),  # gallery without one
        (unknown_body(2**31 - 2), SECRET),  # no such shipment
        (unknown_body(10**30), SECRET),  # no such shipment, past any id
    ]
    answers = set()
    for body, secret in probes:
        if sign is None:
            response = client.post(URL, data=body, content_type="application/json")
        else:
            response = post(client, body, secret=secret, sign=sign)
        answers.add((response.status_code, response.get_data(as_text=True)))
    assert len(answers) == 1, answers
    [(status, text)] = answers
    assert status == 401 and json.loads(text)["code"] == 401
    for job in (shipment, others, no_secret):
        assert fresh(db_session, job).status is ShipmentStatus.READY
    assert db_session.scalar(select(func.count()).select_from(CourierEvent)) == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"type": "picked_up"}',
        b'{"type": "picked_up", "data": {"shipment_id": "12"}}',
        b'{"type": "picked_up", "data": {"shipment_id": true}}',
    ],
)
def test_a_body_that_names_no_shipment_is_400(client, db_session, body):
    assert post(client, body).status_code == 400


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("teleported", {}),
        ("courier_assigned", {}),
        ("delivered", {"cod_collected": "25.000"}),
        ("delivered", {"cod_collected": -1}),
        ("failed", {"reason": "x" * 300}),
    ],
)
def test_a_signed_but_invalid_event_is_400(client, db_session, shipment, kind, data):
    response = report(client, shipment, kind, data=data)
    assert response.status_code == 400
    assert "errors" in response.get_json()
    assert fresh(db_session, shipment).status is ShipmentStatus.READY


def test_a_replayed_webhook_id_counts_once(client, db_session, shipment, sent):
    first = report(client, shipment, "courier_assigned", data=COURIER, msg_id="msg_replay")
    assert first.status_code == 200
    other = {"courier": {"name": "Orang Lain", "plate": "B 1 A"}}
    again = report(client, shipment, "courier_assigned", data=other, msg_id="msg_replay")
    assert again.status_code == 200
    assert again.get_json() == {"outcome": "duplicate", "status": "courier_assigned"}
    assert fresh(db_session, shipment).courier_name == "Pak Darto"
    same = select(func.count()).where(CourierEvent.webhook_id == "msg_replay")
    assert db_session.scalar(same) == 1


def test_another_gallerys_reused_webhook_id_is_its_own_event_not_a_duplicate(
    client, db_session, shipment
):
    """Webhook ids are the senders' own: gallery B's correctly signed event with the id gallery
    A used is applied, not answered 'duplicate' and lost; A's own repeat still is one."""
    theirs = ready_shipment(db_session, OTHER)
    ours = report(client, shipment, "courier_assigned", data=COURIER, msg_id="msg_x")
    assert ours.get_json() == {"outcome": "applied", "status": "courier_assigned"}

    driver = {"courier": {"name": "Bu Sri", "plate": "B 7 SR"}}
    other = report(client, theirs, "courier_assigned", data=driver, msg_id="msg_x", secret=OTHER)
    assert other.status_code == 200
    assert other.get_json() == {"outcome": "applied", "status": "courier_assigned"}

    again = report(client, shipment, "picked_up", msg_id="msg_x")
    assert again.get_json() == {"outcome": "duplicate", "status": "courier_assigned"}

    item, their_item = fresh(db_session, shipment), fresh(db_session, theirs)
    assert (item.status, item.courier_name) == (ShipmentStatus.COURIER_ASSIGNED, "Pak Darto")
    assert (their_item.status, their_item.courier_name) == (
        ShipmentStatus.COURIER_ASSIGNED,
        "Bu Sri",
    )
    galleries = db_session.scalars(
        select(CourierEvent.gallery_id)
        .where(CourierEvent.webhook_id == "msg_x")
        .order_by(CourierEvent.id)
    ).all()
    assert galleries == [shipment.gallery_id, theirs.gallery_id]


def test_out_of_order_events_are_409_recorded_and_not_applied(client, db_session, shipment):
    early = report(client, shipment, "delivered", data={"cod_collected": 1})
    assert early.status_code == 409
    assert early.get_json() == {"outcome": "impossible", "status": "ready"}
    for kind, data in [("courier_assigned", COURIER), ("picked_up", {})]:
        assert report(client, shipment, kind, data=data).status_code == 200
    late = report(client, shipment, "courier_assigned", data=COURIER)
    assert late.status_code == 409
    assert late.get_json() == {"outcome": "stale", "status": "picked_up"}
    item = fresh(db_session, shipment)
    assert item.status is ShipmentStatus.PICKED_UP and item.cod_collected is None
    outcomes = db_session.scalars(select(CourierEvent.outcome).order_by(CourierEvent.id)).all()
    assert outcomes == ["impossible", "applied", "applied", "stale"]


def test_no_driver_puts_the_shipment_back_to_ready_for_the_manager(client, db_session, shipment):
    report(client, shipment, "courier_assigned", data=COURIER)
    response = report(client, shipment, "no_driver")
    assert response.get_json() == {"outcome": "applied", "status": "ready"}
    item = fresh(db_session, shipment)
    assert item.courier_name == "" and item.events[-1].note


def test_the_openapi_document_describes_the_endpoint(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    post_ = spec["paths"][URL]["post"]
    assert set(post_["responses"]) >= {"200", "400", "401", "404", "409"}
    assert "no such shipment" in post_["responses"]["401"]["description"]
    assert "per gallery" in post_["description"]
    body = post_["requestBody"]["content"]["application/json"]
    assert set(body["examples"]) >= {"courier_assigned", "picked_up", "delivered", "failed"}
    event = spec["components"]["schemas"]["CourierEvent"]
    assert "no_driver" in event["properties"]["type"]["enum"]
