"""The courier simulator against real HTTP on 127.0.0.1: a signed delivery request in, three
signed courier events out, checked with an independent HMAC-SHA256 verifier."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook

from accounts.models import User  # noqa: F401 — orders refer to user_account
from catalog.db import make_engine
from catalog.models import Gallery, Product
from demo.cli import courier_demo_restore_command, courier_demo_setup_command
from demo.courier_simulator import (
    CourierSimulator,
    gallery_secrets_from_db,
    is_loopback_url,
    parse_delays,
    points_at,
)
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.fulfilment import mark_packing, mark_ready
from orders.models import (
    CourierEvent,
    DeliveryMethod,
    OutboxMessage,
    OutboxStatus,
    PaymentMethod,
    Shipment,
    ShipmentStatus,
)
from tests.databases import fresh_database
from tests.live import BIN, ROOT, live_server, server_env

SECRET = "whsec_" + base64.b64encode(b"gerai-courier-simulator-tests!!").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"some-other-gallery-secret-value").decode()
TINY = (0.05, 0.05, 0.05)
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --- an independent Standard Webhooks verifier ------------------------------------------------


def independent_verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """HMAC-SHA256 over ``id.timestamp.body`` with the base64-decoded secret, v1 signatures."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = hmac.new(key, signed, hashlib.sha256).digest()
    if abs(time.time() - int(headers["webhook-timestamp"])) > 300:
        return False
    for part in headers["webhook-signature"].split():
        version, _, value = part.partition(",")
        if version == "v1" and hmac.compare_digest(base64.b64decode(value), expected):
            return True
    return False


# --- a tiny receiver standing in for Gerai's /api/v1/courier/events -----------------------------


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class Receiver:
    fail_first: int = 0  # answer 503 to this many posts before accepting
    answer: int = 200
    received: list[Received] = field(default_factory=list)
    tries: int = 0
    cond: threading.Condition = field(default_factory=threading.Condition)
    url: str = ""

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        with self.cond:
            self.cond.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            with state.cond:
                state.tries += 1
                status = 503 if state.tries <= state.fail_first else state.answer
                if 200 <= status < 300:
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    state.received.append(Received(headers, body))
                state.cond.notify_all()
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1/courier/events"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def simulator() -> Iterator[CourierSimulator]:
    lines: list[str] = []
    sim = CourierSimulator(
        lambda: [OTHER_SECRET, SECRET],
        port=0,
        delays=TINY,
        retry_delays=(0.05, 0.05, 0.05),
        log=lines.append,
    )
    sim.lines = lines  # type: ignore[attr-defined]
    with sim:
        yield sim


def delivery_request(callback_url: str, *, shipment_id: int = 41, cod: int = 57_000) -> bytes:
    message = {
        "type": "delivery.requested",
        "data": {
            "shipment_id": shipment_id,
            "order_code": "GR-7KQ2M9",
            "pickup": {"name": "Galeri UMKM Setu", "lat": -6.3588, "lng": 106.6602},
            "dropoff": {"name": "Rina", "phone": "+6281298765432", "address": "Jl. Setu 1"},
            "items": [{"name": "Keripik Singkong Balado", "quantity": 2}],
            "weight_g": 500,
            "cod_amount": cod,
            "currency": "IDR",
            "callback_url": callback_url,
        },
    }
    return json.dumps(message).encode()


def sign(body: bytes, secret: str = SECRET, message_id: str = "msg_test_1") -> dict[str, str]:
    now = datetime.now(UTC)
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now, body.decode()),
    }


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with NO_PROXY.open(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"{}")


def test_signed_request_gets_assigned_picked_up_delivered_signed(
    simulator: CourierSimulator, receiver: Receiver
) -> None:
    started = time.monotonic()
    body = delivery_request(receiver.url)
    status, answer = post(simulator.url, body, sign(body))
    assert status == 202
    assert answer["shipment_id"] == 41
    assert time.monotonic() - started < 1.0  # answered at once, the trip runs in the background

    events = receiver.wait_for(3)
    assert [e.json["type"] for e in events] == ["courier_assigned", "picked_up", "delivered"]
    ids = {e.headers["webhook-id"] for e in events}
    assert len(ids) == 3 and "msg_test_1" not in ids
    for event in events:
        assert independent_verify(SECRET, event.headers, event.body)
        assert not independent_verify(OTHER_SECRET, event.headers, event.body)
        assert event.headers["content-type"] == "application/json"
        assert event.json["data"]["shipment_id"] == 41
        assert event.json["data"]["order_code"] == "GR-7KQ2M9"

    courier = events[0].json["data"]["courier"]
    assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", courier["name"])
    assert re.fullmatch(r"\+62812\d{8}", courier["phone"])
    assert re.fullmatch(r"B \d{4} [A-Z]{2,3}", courier["plate"])
    assert events[2].json["data"]["cod_collected"] == 57_000


def test_bad_signature_is_refused_and_nothing_is_posted_back(
    simulator: CourierSimulator, receiver: Receiver
) -> None:
    body = delivery_request(receiver.url)
    wrong_secret = "whsec_" + base64.b64encode(b"not-the-gallery-secret-at-all!!").decode()
    tampered = body.replace(b"57000", b"5700")
    old = sign(body)
    old["webhook-timestamp"] = str(int(time.time()) - 3600)

    assert post(simulator.url, body, sign(body, wrong_secret, "msg_bad_1"))[0] == 401
    assert post(simulator.url, tampered, sign(body, SECRET, "msg_bad_2"))[0] == 401
    assert post(simulator.url, body, old)[0] == 401
    assert post(simulator.url, body, {"content-type": "application/json"})[0] == 401

    time.sleep(0.4)  # three tiny delays and then some
    assert receiver.tries == 0
    # a refused id is not remembered: the genuine message with that id still works
    assert post(simulator.url, body, sign(body, SECRET, "msg_bad_1"))[0] == 202
    assert len(receiver.wait_for(3)) == 3


def test_duplicate_webhook_id_is_answered_200_and_not_run_again(
    simulator: CourierSimulator, receiver: Receiver
) -> None:
    body = delivery_request(receiver.url)
    assert post(simulator.url, body, sign(body, message_id="msg_once"))[0] == 202
    status, answer = post(simulator.url, body, sign(body, message_id="msg_once"))
    assert (status, answer["status"]) == (200, "duplicate")

    assert len(receiver.wait_for(3)) == 3
    time.sleep(0.4)
    assert len(receiver.received) == 3


def test_callbacks_are_retried_with_the_same_id(
    simulator: CourierSimulator, receiver: Receiver
) -> None:
    receiver.fail_first = 2
    body = delivery_request(receiver.url)
    assert post(simulator.url, body, sign(body))[0] == 202
    events = receiver.wait_for(3)
    assert [e.json["type"] for e in events] == ["courier_assigned", "picked_up", "delivered"]
    assert receiver.tries == 5
    assert all(independent_verify(SECRET, e.headers, e.body) for e in events)


def test_a_refused_event_stops_the_trip(simulator: CourierSimulator, receiver: Receiver) -> None:
    receiver.answer = 409
    body = delivery_request(receiver.url)
    assert post(simulator.url, body, sign(body))[0] == 202
    time.sleep(0.5)
    assert receiver.tries == 1  # a 4xx is final: no retries, no picked_up after it
    assert any("giving up" in line for line in simulator.lines)  # type: ignore[attr-defined]


def test_only_loopback_callbacks(simulator: CourierSimulator, receiver: Receiver) -> None:
    for url in ("http://198.51.100.7/events", "file:///etc/passwd", "ftp://127.0.0.1/x"):
        body = delivery_request(url)
        assert post(simulator.url, body, sign(body, message_id=f"msg_{url}"))[0] == 422
    assert is_loopback_url("http://localhost:5000/api/v1/courier/events")
    assert is_loopback_url("http://127.0.0.1:5000/x")
    assert is_loopback_url("http://[::1]:5000/x")
    assert not is_loopback_url("http://gerai.example/x")


def test_other_paths_and_malformed_bodies(simulator: CourierSimulator) -> None:
    body = b'{"type": "delivery.requested", "data": {}}'
    assert post(simulator.url.replace("/deliveries", "/other"), body, sign(body))[0] == 404
    assert post(simulator.url, body, sign(body, message_id="msg_empty"))[0] == 400
    other = b'{"type": "delivery.cancelled", "data": {"shipment_id": 1}}'
    status, answer = post(simulator.url, other, sign(other, message_id="msg_other"))
    assert (status, answer["status"]) == (200, "ignored")


def test_stop_abandons_waiting_trips(receiver: Receiver) -> None:
    sim = CourierSimulator(lambda: [SECRET], port=0, delays=(30, 30, 30), log=lambda _: None)
    with sim:
        body = delivery_request(receiver.url)
        assert post(sim.url, body, sign(body))[0] == 202
        started = time.monotonic()
    assert time.monotonic() - started < 3
    assert receiver.tries == 0


def test_parse_delays_and_points_at() -> None:
    assert parse_delays("2,3,4") == (2.0, 3.0, 4.0)
    assert parse_delays("0.05") == (0.05,)
    for bad in ("", "a,b", "1,2,3,4", "-1"):
        with pytest.raises(click.BadParameter, match=r"delay|seconds"):
            parse_delays(bad)
    assert points_at("http://127.0.0.1:8765/deliveries", 8765)
    assert points_at("http://localhost:8765/deliveries", 8765)
    assert not points_at("http://127.0.0.1:9999/deliveries", 8765)
    assert not points_at("https://dispatch.example/hooks", 8765)
    assert not points_at(None, 8765)


@pytest.fixture
def demo_instance(app, tmp_path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """An instance folder of this test's own: the courier demo keeps the saved setting there."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path


def test_courier_demo_setup_points_a_gallery_at_the_simulator(
    app, db_session, runner, demo_instance
) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        courier_demo_setup_command,
        args=["galeri-umkm-setu", "--url", "http://127.0.0.1:8799/deliveries"],
    )
    assert result.exit_code == 0, result.output
    gallery = db_session.scalar(select(Gallery).where(Gallery.slug == "galeri-umkm-setu"))
    assert gallery.courier_endpoint_url == "http://127.0.0.1:8799/deliveries"
    assert gallery.courier_secret.startswith("whsec_")
    assert gallery.courier_secret in result.output
    Webhook(gallery.courier_secret)  # a secret the scheme accepts

    # --from-db finds it by port, in this thread (the test's session is bound to one connection)
    assert gallery_secrets_from_db(app, 8799)() == [gallery.courier_secret]
    assert gallery_secrets_from_db(app, 8765)() == []

    first = gallery.courier_secret
    again = runner.invoke(
        courier_demo_setup_command,
        args=["galeri-umkm-setu", "--url", "http://127.0.0.1:8799/deliveries"],
    )
    assert again.exit_code == 0
    gallery = db_session.scalar(select(Gallery).where(Gallery.slug == "galeri-umkm-setu"))
    assert gallery.courier_secret != first

    remote = runner.invoke(
        courier_demo_setup_command, args=["galeri-umkm-setu", "--url", "http://198.51.100.7/x"]
    )
    assert remote.exit_code != 0

    missing = runner.invoke(courier_demo_setup_command, args=["no-such-gallery"])
    assert missing.exit_code != 0
    assert "no gallery" in missing.output


SETU = select(Gallery).where(Gallery.slug == "galeri-umkm-setu")
SIMULATOR_URL = "http://127.0.0.1:8799/deliveries"


def courier_setting(db_session) -> tuple:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    gallery = db_session.scalar(SETU)
    return (
        gallery.courier_endpoint_url,
        gallery.courier_secret,
        gallery.courier_secret_rotated_at,
    )


@pytest.mark.parametrize(
    "endpoint, secret",
    [(None, None), ("https://ojek.example/gerai/deliveries", "whsec_" + "A" * 32)],
    ids=["courier-page", "own-dispatcher"],
)
def test_courier_demo_restore_puts_the_gallery_setting_back(
    db_session, runner, demo_instance, endpoint, secret
) -> None:  # type: ignore[no-untyped-def]
    gallery = db_session.scalar(SETU)
    gallery.courier_endpoint_url, gallery.courier_secret = endpoint, secret
    gallery.courier_secret_rotated_at = datetime(2024, 5, 1, 8, 0, tzinfo=UTC) if secret else None
    db_session.commit()
    before = courier_setting(db_session)
    for _ in range(2):  # set up twice: the gallery's own setting is kept, not the simulator's
        setup = runner.invoke(
            courier_demo_setup_command, args=["galeri-umkm-setu", "--url", SIMULATOR_URL]
        )
        assert setup.exit_code == 0, setup.output
        assert "courier-demo-restore galeri-umkm-setu" in setup.output
    during = courier_setting(db_session)
    assert during[0] == SIMULATOR_URL and during[1] != secret

    restore = runner.invoke(courier_demo_restore_command)
    assert restore.exit_code == 0, restore.output
    assert "galeri-umkm-setu" in restore.output
    assert courier_setting(db_session) == before
    assert not (demo_instance / "courier-demo-saved.json").exists()

    again = runner.invoke(courier_demo_restore_command, args=["galeri-umkm-setu"])
    assert again.exit_code == 0 and "no courier setting" in again.output
    assert courier_setting(db_session) == before


# --- the whole loop: Gerai (gunicorn) → dispatch worker → simulator → Gerai ---------------------


def test_whole_loop_against_a_real_gerai(tmp_path: Path) -> None:
    """A COD delivery made ready is dispatched, and the simulator's reports deliver it."""
    with fresh_database(tmp_path) as url, live_server(url, tmp_path, workers=1) as server:
        env = server_env(url, tmp_path / "media", tmp_path / "instance")
        engine = make_engine(url)

        def secrets_in_db() -> list[str]:
            with Session(engine) as s:
                rows = s.execute(select(Gallery.courier_endpoint_url, Gallery.courier_secret))
                return [secret for u, secret in rows if secret and points_at(u, sim.port)]

        sim = CourierSimulator(secrets_in_db, port=0, delays=TINY, log=lambda _: None)
        try:
            with sim:
                flask = [str(BIN / "flask"), "--app", "storefront"]
                setup = [*flask, "courier-demo-setup", "galeri-umkm-setu", "--url", sim.url]
                subprocess.run(setup, cwd=ROOT, env=env, check=True, capture_output=True)
                shipment_id = ready_cod_delivery(engine, server.url)
                worker = [*flask, "dispatch-worker", "--once"]
                done = subprocess.run(worker, cwd=ROOT, env=env, capture_output=True, text=True)
                assert done.returncode == 0, done.stderr
                shipment = wait_for_status(engine, shipment_id, ShipmentStatus.DELIVERED)
                with Session(engine) as s:
                    outcomes = s.scalars(
                        select(CourierEvent.outcome).where(CourierEvent.shipment_id == shipment_id)
                    ).all()
                    message = s.scalar(
                        select(OutboxMessage).where(OutboxMessage.shipment_id == shipment_id)
                    )
                    assert message is not None and message.status is OutboxStatus.SENT
        finally:
            engine.dispose()
    assert shipment.courier_name and shipment.courier_phone.startswith("+62812")
    assert shipment.cod_collected == shipment.cod_amount > 0
    assert outcomes == ["applied"] * 3


def ready_cod_delivery(engine: Engine, base_url: str) -> int:
    """A cash-on-delivery order from the Setu gallery, packed and marked ready by its manager."""
    with Session(engine) as s:
        gallery = s.scalar(select(Gallery).where(Gallery.slug == "galeri-umkm-setu"))
        assert gallery is not None
        product = s.scalar(
            select(Product)
            .where(Product.gallery_id == gallery.id, Product.stock > 0)
            .order_by(Product.id)
        )
        assert product is not None
        order = place_order(
            s,
            CheckoutRequest(
                customer=Customer(
                    name="Rina Pembeli",
                    phone="081234567890",
                    address="Jl. Kampung Keranggan No. 3",
                    lat=gallery.lat + 0.01,
                    lng=gallery.lng,
                ),
                lines=[LineRequest(product.id, 1)],
                choices={gallery.id: GalleryChoice(DeliveryMethod.DELIVERY)},
                payment_method=PaymentMethod.COD,
            ),
        )
        s.commit()
        shipment = order.shipments[0]
        mark_packing(s, shipment, actor="manager:test")
        message = mark_ready(
            s, shipment, actor="manager:test", callback_url=f"{base_url}/api/v1/courier/events"
        )
        assert message is not None
        s.commit()
        return shipment.id


def wait_for_status(
    engine: Engine, shipment_id: int, status: ShipmentStatus, timeout: float = 20
) -> Shipment:
    deadline = time.monotonic() + timeout
    while True:
        with Session(engine, expire_on_commit=False) as s:
            shipment = s.get(Shipment, shipment_id)
            assert shipment is not None
            if shipment.status is status or time.monotonic() > deadline:
                assert shipment.status is status
                return shipment
        time.sleep(0.1)
