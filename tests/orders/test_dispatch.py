"""The dispatch worker against real HTTP dispatchers on 127.0.0.1.

Given a gallery with a courier endpoint and a queued delivery request, when the worker runs,
then the dispatcher gets signed JSON (checked by an independent verifier), failures are retried
with growing back-off under the same webhook-id, and a message gives up into the dead letters
after about a day.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from catalog.db import make_engine
from catalog.models import Cooperative, Gallery, Kecamatan, LegalType
from orders.dispatch import (
    BACKOFF,
    JITTER,
    MAX_ATTEMPTS,
    FailureReason,
    NotRetryable,
    claim_due,
    dead_letters,
    retry_dead,
)
from orders.fulfilment import new_message_id
from orders.models import DeliveryAttempt, OutboxMessage, OutboxStatus
from storefront import migrate
from storefront.dispatch_cli import dispatch_next
from tests import factories
from tests.databases import fresh_database, is_postgres
from tests.orders.helpers import send_one
from tests.receivers import Receiver, make_secret
from tests.storefront.manage_helpers import fresh, log_in_manager, post

ROOT = Path(__file__).resolve().parents[2]
SECRET = make_secret()
PAYLOAD = {
    "type": "delivery.requested",
    "data": {
        "shipment_id": 1,
        "order_code": "GR-TEST",
        "pickup": {"name": "Galeri Ciputat — Bu Sri", "address": "Jl. Dewi Sartika 1"},
        "dropoff": {"name": "Rina", "note": "Pagar hijau, dekat masjid 🙏"},
        "cod_amount": 45_000,
    },
}


def as_aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def new_message(session, gallery, **kw) -> OutboxMessage:  # type: ignore[no-untyped-def]
    message = OutboxMessage(
        **{
            "message_id": new_message_id(),
            "event_type": "delivery.requested",
            "gallery_id": gallery.id,
            "payload": PAYLOAD,
            "status": OutboxStatus.PENDING,
            "next_attempt_at": datetime.now(UTC) - timedelta(seconds=1),
        }
        | kw
    )
    session.add(message)
    session.flush()
    return message


def run_at(session, now: datetime, http: requests.Session, timeout: float = 5.0):  # type: ignore[no-untyped-def]
    """One worker step at a simulated ``now``: claim, send, record, commit."""
    claimed = claim_due(session, now, 1)
    if not claimed:
        return None
    attempt = send_one(session, claimed[0], http, now, timeout=timeout, allow_private=True)
    session.commit()
    return attempt


@pytest.fixture
def http():  # type: ignore[no-untyped-def]
    with requests.Session() as session:
        session.trust_env = False  # never a proxy between the worker and 127.0.0.1
        yield session


@pytest.fixture
def gallery(db_session):  # type: ignore[no-untyped-def]
    item = factories.gallery(db_session, courier_secret=SECRET)
    db_session.commit()
    return item


def point_at(db_session, gallery, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    gallery.courier_endpoint_url = receiver.url
    db_session.commit()


def test_sends_signed_json_once_and_marks_it_sent(db_session, gallery, http):
    with Receiver(SECRET) as receiver:
        point_at(db_session, gallery, receiver)
        message = new_message(db_session, gallery)
        db_session.commit()
        attempt = run_at(db_session, datetime.now(UTC), http)
        assert run_at(db_session, datetime.now(UTC), http) is None
    (got,) = receiver.received
    assert got.signature_ok, "the independent verifier rejects the signature"
    assert got.headers["webhook-id"] == message.message_id
    assert got.headers["content-type"] == "application/json"
    assert json.loads(got.body) == PAYLOAD
    assert "🙏".encode() in got.body  # UTF-8 on the wire, as signed
    message = fresh(db_session, message)
    assert message.status is OutboxStatus.SENT and message.attempts == 1
    assert attempt.status_code == 200 and attempt.response_excerpt == '{"accepted":true}'


def test_a_shipment_marked_ready_reaches_the_dispatcher(db_session, gallery, http):
    from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
    from orders.fulfilment import mark_packing, mark_ready
    from orders.models import DeliveryMethod

    product = factories.product(db_session, gallery=gallery, price=10_000, stock=5)
    with Receiver(SECRET) as receiver:
        point_at(db_session, gallery, receiver)
        request = CheckoutRequest(
            customer=Customer(
                name="Rina", phone="081234567890", address="Jl. Melati 3", lat=-6.3, lng=106.7
            ),
            lines=[LineRequest(product.id, 2)],
            choices={gallery.id: GalleryChoice(DeliveryMethod.DELIVERY)},
        )
        shipment = place_order(db_session, request).shipments[0]
        mark_packing(db_session, shipment, actor="test")
        url = "https://gerai.example/api/v1/courier/events"
        message = mark_ready(db_session, shipment, actor="test", callback_url=url)
        db_session.commit()
        run_at(db_session, datetime.now(UTC), http)
    (got,) = receiver.received
    body = json.loads(got.body)
    assert got.signature_ok and got.headers["webhook-id"] == message.message_id
    assert body["type"] == "delivery.requested"
    assert body["data"]["order_code"] == shipment.order.code
    assert body["data"]["items"] == [{"name": product.name, "quantity": 2}]


def test_a_tampered_body_or_wrong_secret_fails_the_independent_verifier():
    from orders.dispatch import serialise
    from orders.signing import sign
    from tests.receivers import signature_ok

    body = serialise(PAYLOAD)
    headers = sign(SECRET, "msg_x", datetime.now(UTC), body)
    assert signature_ok(SECRET, headers, body.encode())
    assert not signature_ok(SECRET, headers, body.encode() + b" ")
    assert not signature_ok(make_secret(8), headers, body.encode())
    assert not signature_ok(SECRET, headers, body.encode(), now=time.time() + 600)


def test_failing_dispatcher_is_retried_with_growing_backoff_under_one_id(db_session, gallery, http):
    with Receiver(SECRET, fail_first=3) as receiver:
        point_at(db_session, gallery, receiver)
        message = new_message(db_session, gallery)
        db_session.commit()
        now = datetime.now(UTC)
        waits = []
        for _ in range(3):
            run_at(db_session, now, http)
            message = fresh(db_session, message)
            due = as_aware(message.next_attempt_at)
            assert message.status is OutboxStatus.PENDING
            assert run_at(db_session, due - timedelta(seconds=1), http) is None, "retried early"
            waits.append(due - now)
            now = due
        run_at(db_session, now, http)
    for wait, base in zip(waits, BACKOFF, strict=False):
        assert base <= wait <= base * (1 + JITTER) + timedelta(seconds=1)
    assert set(receiver.ids) == {message.message_id} and len(receiver.ids) == 4
    assert all(r.signature_ok for r in receiver.received)
    message = fresh(db_session, message)
    assert message.status is OutboxStatus.SENT and message.attempts == 4
    codes = [a.status_code for a in message.delivery_attempts]
    assert codes == [500, 500, 500, 200]
    assert message.delivery_attempts[0].error == FailureReason.HTTP_STATUS
    assert "dispatcher busy" in message.delivery_attempts[0].response_excerpt


def test_a_dispatcher_that_hangs_is_timed_out_and_retried_later(db_session, gallery, http):
    with Receiver(SECRET, hang_first=1, hang_s=5) as receiver:
        point_at(db_session, gallery, receiver)
        message = new_message(db_session, gallery)
        db_session.commit()
        now = datetime.now(UTC)
        started = time.monotonic()
        attempt = run_at(db_session, now, http, timeout=0.5)
        assert time.monotonic() - started < 3
        assert attempt.status_code is None and attempt.error == FailureReason.TIMEOUT
        assert attempt.duration_ms >= 450
        message = fresh(db_session, message)
        assert message.status is OutboxStatus.PENDING and message.attempts == 1
        assert message.last_error == FailureReason.TIMEOUT
        run_at(db_session, as_aware(message.next_attempt_at), http, timeout=0.5)
    assert receiver.ids == [message.message_id] * 2
    assert fresh(db_session, message).status is OutboxStatus.SENT


def test_worker_killed_after_sending_sends_again_with_the_same_id(db_session, gallery, http):
    with Receiver(SECRET) as receiver:
        point_at(db_session, gallery, receiver)
        message = new_message(db_session, gallery)
        db_session.commit()
        (claimed,) = claim_due(db_session, datetime.now(UTC), 10)
        send_one(db_session, claimed, http, datetime.now(UTC), allow_private=True)
        db_session.rollback()  # the worker died before its commit: nothing was recorded
        message = fresh(db_session, message)
        assert message.status is OutboxStatus.PENDING and message.attempts == 0
        run_at(db_session, datetime.now(UTC), http)
    assert receiver.ids == [message.message_id] * 2
    assert all(r.signature_ok for r in receiver.received)
    assert receiver.received[0].body == receiver.received[1].body
    assert fresh(db_session, message).status is OutboxStatus.SENT


def test_a_gallery_whose_endpoint_was_removed_gets_a_dead_message(db_session, gallery, http):
    message = new_message(db_session, gallery)
    gallery.courier_endpoint_url = None
    db_session.commit()
    attempt = run_at(db_session, datetime.now(UTC), http)
    message = fresh(db_session, message)
    assert message.status is OutboxStatus.DEAD
    assert message.last_error == attempt.error == FailureReason.NO_ENDPOINT


def test_unreachable_dispatcher_is_an_error_not_a_crash(db_session, gallery, http):
    gallery.courier_endpoint_url = "http://127.0.0.1:9/deliveries"  # discard port: refused
    message = new_message(db_session, gallery)
    db_session.commit()
    attempt = run_at(db_session, datetime.now(UTC), http)
    assert attempt.status_code is None and attempt.error == FailureReason.CONNECTION
    assert fresh(db_session, message).status is OutboxStatus.PENDING


def test_gives_up_after_about_a_day_then_the_manager_retries_it(client, db_session, gallery, http):
    with Receiver(SECRET, fail_first=MAX_ATTEMPTS, fail_status=503) as receiver:
        point_at(db_session, gallery, receiver)
        message = new_message(db_session, gallery)
        db_session.commit()
        first = now = datetime.now(UTC)
        for _ in range(MAX_ATTEMPTS):
            run_at(db_session, now, http)
            message = fresh(db_session, message)
            now = as_aware(message.next_attempt_at)
        assert message.status is OutboxStatus.DEAD and message.attempts == MAX_ATTEMPTS
        gave_up_after = now - first
        assert timedelta(hours=22) < gave_up_after < timedelta(hours=28)
        assert run_at(db_session, now + timedelta(days=30), http) is None
        assert dead_letters(db_session, gallery.cooperative_id) == [message]

        log_in_manager(client, db_session, gallery.cooperative)
        page = client.get("/kelola/kurir/gagal").get_data(as_text=True)
        assert message.message_id in page and "HTTP 503" in page and "menolaknya" in page
        url = f"/kelola/kurir/pesan/{message.id}/ulang"
        assert post(client, url, form_url="/kelola/kurir/gagal").status_code == 302
        message = fresh(db_session, message)
        assert message.status is OutboxStatus.PENDING and message.attempts == 0
        run_at(db_session, datetime.now(UTC), http)
    assert receiver.ids == [message.message_id] * (MAX_ATTEMPTS + 1)
    message = fresh(db_session, message)
    assert message.status is OutboxStatus.SENT
    assert len(message.delivery_attempts) == MAX_ATTEMPTS + 1  # the history is kept


def test_only_dead_messages_of_a_configured_gallery_can_be_retried(db_session, gallery):
    message = new_message(db_session, gallery)
    with pytest.raises(NotRetryable):
        retry_dead(db_session, message, datetime.now(UTC))
    message.status = OutboxStatus.DEAD
    gallery.courier_endpoint_url = None
    with pytest.raises(NotRetryable):
        retry_dead(db_session, message, datetime.now(UTC))


# Several workers and a real process: fresh databases with real commits


def base_gallery(engine: Engine, url: str) -> int:
    with Session(engine) as s:
        kec = Kecamatan(slug="ciputat", name="Ciputat", lat=-6.3, lng=106.7)
        coop = Cooperative(slug="kop", name="Kop", legal_type=LegalType.JASA, kecamatan=kec)
        gallery = Gallery(
            slug="g",
            name="Galeri",
            cooperative=coop,
            kecamatan=kec,
            lat=-6.3,
            lng=106.7,
            courier_endpoint_url=url,
            courier_secret=SECRET,
        )
        s.add(gallery)
        s.commit()
        return gallery.id


def queue_messages(engine: Engine, gallery_id: int, n: int) -> None:
    with Session(engine) as s:
        due = datetime.now(UTC) - timedelta(seconds=1)
        for i in range(n):
            s.add(
                OutboxMessage(
                    message_id=new_message_id(),
                    event_type="delivery.requested",
                    gallery_id=gallery_id,
                    payload=PAYLOAD | {"n": i},
                    status=OutboxStatus.PENDING,
                    next_attempt_at=due,
                )
            )
        s.commit()


def statuses(engine: Engine) -> dict[OutboxStatus, int]:
    with Session(engine) as s:
        stmt = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        return dict(s.execute(stmt).all())


def work(engine: Engine, start: threading.Barrier) -> int:
    """A worker on its own connection until nothing is due; how many it sent."""
    sent = 0
    start.wait()
    with Session(engine, expire_on_commit=False) as s, requests.Session() as http:
        http.trust_env = False
        while (result := dispatch_next(s, http, 5.0, allow_private=True)) is not None:
            sent += bool(result)
    return sent


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgres(), reason="SKIP LOCKED needs PostgreSQL (TEST_DATABASE_URL)")
def test_two_workers_on_postgres_never_send_a_message_twice(tmp_path):
    with fresh_database(tmp_path) as url, Receiver(SECRET, delay_s=0.005) as receiver:
        engine = make_engine(url)
        migrate.upgrade(engine)
        queue_messages(engine, base_gallery(engine, receiver.url), 50)
        start = threading.Barrier(2)
        results: list[int] = []
        threads = [
            threading.Thread(target=lambda: results.append(work(engine, start))) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        with Session(engine) as s:
            attempts = s.scalar(select(func.count()).select_from(DeliveryAttempt))
        counts = statuses(engine)
        engine.dispose()
    assert receiver.duplicates() == []
    assert len(receiver.ids) == 50 and sum(results) == 50 and attempts == 50
    assert counts == {OutboxStatus.SENT: 50}
    assert all(r.signature_ok for r in receiver.received)


def test_sigterm_lets_the_cli_worker_finish_its_message_and_exit_0(tmp_path):
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    env = os.environ | {
        "DATABASE_URL": url,
        "GERAI_ENV": "development",
        "GERAI_INSTANCE": str(tmp_path / "instance"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "NO_PROXY": "127.0.0.1",
    }
    command = [sys.executable, "-m", "flask", "--app", "storefront", "dispatch-worker"]
    with Receiver(SECRET, delay_s=0.2) as receiver:
        queue_messages(engine, base_gallery(engine, receiver.url), 20)
        worker = subprocess.Popen(
            [*command, "--poll", "0.2"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        try:
            deadline = time.monotonic() + 30
            while len(receiver.ids) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            worker.send_signal(signal.SIGTERM)  # most likely while a request is in flight
            output, _ = worker.communicate(timeout=20)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == 0, output
        assert "Dispatch worker stopped" in output
        sent_before = len(receiver.ids)
        counts = statuses(engine)
        assert counts.get(OutboxStatus.SENT, 0) == sent_before, "a message sent but not recorded"
        assert counts.get(OutboxStatus.PENDING, 0) == 20 - sent_before > 0
        drain = subprocess.run(
            [*command, "--once"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
    assert drain.returncode == 0, drain.stderr
    assert statuses(engine) == {OutboxStatus.SENT: 20}
    assert receiver.duplicates() == [] and len(receiver.ids) == 20
    engine.dispose()
