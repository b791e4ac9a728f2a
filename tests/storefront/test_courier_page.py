"""Gerai's own courier page: a gallery's couriers claim ready deliveries, pick them up, deliver
them (reporting the cash collected) or report a failure — through the same code as a dispatcher."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from webtest import TestApp

from accounts.models import Role
from orders.fulfilment import mark_packing, mark_ready
from orders.models import CourierEvent, OrderStatus, Shipment, ShipmentStatus
from tests import factories
from tests.conftest import login
from tests.orders.test_courier import place
from tests.webforms import assert_kept, errors, flash_text, form_for, submit_refused
from tests.webforms import log_in as web_log_in

PASSWORD = "kurir-rahasia"
S = ShipmentStatus


@dataclass(frozen=True)
class Job:
    """What a test keeps of its shipment: requests that fail roll the session back."""

    id: int
    code: str
    cod_amount: int
    gallery_id: int
    access_token: str


@pytest.fixture
def gallery(db_session):  # type: ignore[no-untyped-def]
    return factories.gallery(db_session, address="Jl. Raya Setu 1")


def ready_job(db_session, gallery) -> Job:  # type: ignore[no-untyped-def]
    product = factories.product(db_session, gallery=gallery, price=12_500, stock=10)
    order = place(db_session, product)
    order.email = "rina@gerai.example"
    shipment = order.shipments[0]
    mark_packing(db_session, shipment, actor="test")
    mark_ready(db_session, shipment, actor="test", callback_url="http://localhost/x")
    db_session.commit()
    return Job(shipment.id, order.code, shipment.cod_amount, gallery.id, order.access_token)


@pytest.fixture
def job(db_session, gallery) -> Job:  # type: ignore[no-untyped-def]
    return ready_job(db_session, gallery)


def courier(db_session, gallery, name="Ojek Pak Darto"):  # type: ignore[no-untyped-def]
    user = factories.user(
        db_session, password=PASSWORD, role=Role.COURIER, gallery=gallery, name=name,
        phone="+6281211112222",
    )  # fmt: skip
    db_session.commit()
    return user


def log_in(web, user) -> None:  # type: ignore[no-untyped-def]
    """Log in through the rendered form (WebTest)."""
    web_log_in(web, user, PASSWORD)


def log_in_client(client, user) -> None:  # type: ignore[no-untyped-def]
    """Log in a Flask test client, for the hand-built requests of the access tests."""
    assert login(client, user.email, PASSWORD).status_code == 302


def csrf(client, url: str = "/kurir/") -> str:  # type: ignore[no-untyped-def]
    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).data)
    assert match, f"no CSRF token on {url}"
    return match.group(1).decode()


def fresh(db_session, job: Job) -> Shipment:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.get(Shipment, job.id)


@pytest.fixture
def sent(db_session):  # type: ignore[no-untyped-def]
    """The emails each commit wrote to the outbox (the dispatch worker sends them)."""
    from tests.storefront.test_mail import OutboxEmails

    return OutboxEmails()


def claim(web, job: Job, plate: str = "B 3456 TNG"):  # type: ignore[no-untyped-def]
    """Take the job from the list as the courier's page renders it."""
    form = form_for(web.get("/kurir/"), f"/kurir/{job.id}/ambil")
    form["plate"] = plate
    return form.submit()


def step(web, job: Job, action: str, **values: str):  # type: ignore[no-untyped-def]
    """Press a step's button on the job's page (``diambil``, ``sampai``, ``gagal``)."""
    url = f"/kurir/{job.id}"
    form = form_for(web.get(url), f"{url}/{action}")
    for name, value in values.items():
        form[name] = value
    return form.submit(expect_errors=True)


def test_claim_pick_up_and_deliver_with_cash(web, db_session, gallery, job, sent):
    darto = courier(db_session, gallery)
    log_in(web, darto)
    page = web.get("/kurir/").text
    assert job.code in page and "Rp 0" in page  # no cash yet today

    response = claim(web, job, plate="b 3456 tng")
    assert response.status_int == 303 and response.location.endswith(f"/kurir/{job.id}")
    detail = response.follow()
    assert "Pengantaran ini milik Anda" in flash_text(detail)
    assert "Jl. Raya Setu 1" in detail.text and "Jl. Melati 3, Setu" in detail.text
    assert "https://wa.me/6281234567890" in detail.text
    assert "https://www.google.com/maps/search/?api=1&amp;query=-6.3,106.7" in detail.text
    assert "Pagar hijau" in detail.text
    shipment = fresh(db_session, job)
    assert shipment.status is S.COURIER_ASSIGNED and shipment.courier_user_id == darto.id
    assert (shipment.courier_name, shipment.courier_plate) == ("Ojek Pak Darto", "B 3456 TNG")

    url = f"/kurir/{job.id}"
    assert step(web, job, "diambil").status_int == 303
    assert fresh(db_session, job).status is S.PICKED_UP
    delivered = form_for(web.get(url), f"{url}/sampai")
    assert delivered["cod_collected"].value == str(job.cod_amount)  # the cash field is prefilled

    amount = f"{job.cod_amount:,}".replace(",", ".")  # as couriers type it: "33.000"
    response = step(web, job, "sampai", cod_collected=amount)
    assert response.status_int == 303 and response.location.endswith("/kurir/")
    assert "Terima kasih" in flash_text(response.follow())
    shipment = fresh(db_session, job)
    assert shipment.status is S.DELIVERED and shipment.cod_collected == job.cod_amount
    assert shipment.order.status is OrderStatus.COMPLETED
    assert [e.actor for e in shipment.events[-3:]] == [f"courier:{darto.id}"] * 3
    events = db_session.scalars(
        select(CourierEvent.event_type)
        .where(CourierEvent.shipment_id == job.id)
        .order_by(CourierEvent.id)  # PostgreSQL returns updated rows in no fixed order
    ).all()
    assert events == ["courier_assigned", "picked_up", "delivered"]
    assert len(sent) == 2  # on its way, delivered
    assert amount in web.get("/kurir/").text


def test_the_plate_typed_once_is_offered_for_the_next_claim(web, db_session, gallery, job):
    log_in(web, courier(db_session, gallery))
    second = ready_job(db_session, gallery)
    claim(web, job, plate="b 1234 xy")
    form = form_for(web.get("/kurir/"), f"/kurir/{second.id}/ambil")
    assert form["plate"].value == "B 1234 XY"


def test_a_different_cash_amount_is_accepted_and_flagged(web, db_session, gallery, job):
    log_in(web, courier(db_session, gallery))
    claim(web, job)
    step(web, job, "diambil")
    assert step(web, job, "sampai", cod_collected="Rp 10.000").status_int == 303
    shipment = fresh(db_session, job)
    assert shipment.cod_collected == 10_000 and shipment.events[-1].note


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("", "Berapa uang tunai"),
        ("25,5", "rupiah bulat"),
        ("banyak", "rupiah bulat"),
        ("-5", "rupiah bulat"),
    ],
)
def test_cash_collected_must_be_a_rupiah_amount(web, db_session, gallery, job, amount, reason):
    log_in(web, courier(db_session, gallery))
    claim(web, job)
    step(web, job, "diambil")
    url = f"/kurir/{job.id}"
    refused = submit_refused(form_for(web.get(url), f"{url}/sampai"), cod_collected=amount)
    assert refused.status_int == 400
    assert any(reason in message for message in errors(refused)), errors(refused)
    assert_kept(refused, f"{url}/sampai", {"cod_collected": amount})
    assert fresh(db_session, job).status is S.PICKED_UP


def test_failed_with_a_reason(web, db_session, gallery, job):
    log_in(web, courier(db_session, gallery))
    claim(web, job)
    url = f"/kurir/{job.id}"
    refused = submit_refused(form_for(web.get(url), f"{url}/gagal"), reason="")
    assert any("Kolom ini wajib diisi." in message for message in errors(refused))
    assert fresh(db_session, job).status is S.COURIER_ASSIGNED
    response = step(web, job, "gagal", reason="Alamat tidak ketemu")
    assert response.status_int == 303
    assert "Ditandai gagal" in flash_text(response.follow())
    shipment = fresh(db_session, job)
    assert shipment.status is S.FAILED and shipment.events[-1].note == "Alamat tidak ketemu"


def test_the_second_courier_to_claim_is_told_someone_else_has_it(
    app, web, db_session, gallery, job
):
    darto, udin = courier(db_session, gallery), courier(db_session, gallery, "Bang Udin")
    log_in(web, darto)
    other = TestApp(app)
    log_in(other, udin)
    late_form = form_for(other.get("/kurir/"), f"/kurir/{job.id}/ambil")  # Udin's page, open
    assert claim(web, job).status_int == 303
    late = late_form.submit()
    assert late.status_int == 303 and late.location.endswith("/kurir/")
    assert "Kurir lain" in flash_text(late.follow())
    assert fresh(db_session, job).courier_user_id == darto.id
    # and Udin cannot act on Darto's job (a forged post: the page offers no such button)
    assert other.get(f"/kurir/{job.id}", status=404)
    token = late_form["csrf_token"].value
    other.post(f"/kurir/{job.id}/diambil", {"csrf_token": token}, status=404)
    assert fresh(db_session, job).status is S.COURIER_ASSIGNED


def test_a_stale_step_is_refused_with_a_message(web, db_session, gallery, job):
    log_in(web, courier(db_session, gallery))
    claim(web, job)
    url = f"/kurir/{job.id}"
    picked_up = form_for(web.get(url), f"{url}/diambil")
    assert picked_up.submit().status_int == 303
    again = picked_up.submit()  # a double tap: the same rendered button, sent twice
    assert again.status_int == 303
    assert "tidak bisa sekarang" in flash_text(again.follow())
    assert fresh(db_session, job).status is S.PICKED_UP
    statuses = [event.status for event in fresh(db_session, job).events]
    assert statuses.count(S.PICKED_UP) == 1


def test_another_gallerys_shipment_is_404(client, db_session, gallery, job):
    other_gallery = factories.gallery(db_session)
    ready_job(db_session, other_gallery)  # so the stranger's page has a form (a CSRF token)
    elsewhere = courier(db_session, other_gallery)
    log_in_client(client, elsewhere)
    assert job.code not in client.get("/kurir/").get_data(as_text=True)
    assert client.get(f"/kurir/{job.id}").status_code == 404
    token = csrf(client)
    assert client.post(f"/kurir/{job.id}/ambil", data={"csrf_token": token}).status_code == 303
    assert fresh(db_session, job).status is S.READY


def test_an_externally_dispatched_gallery_is_not_on_the_page(client, db_session, gallery, job):
    darto = courier(db_session, gallery)
    gallery = db_session.get(type(gallery), job.gallery_id)
    gallery.courier_endpoint_url = "https://ojek.example/gerai"
    gallery.courier_secret = "whsec_" + "A" * 32
    db_session.commit()
    log_in_client(client, darto)
    assert job.code not in client.get("/kurir/").get_data(as_text=True)
    assert client.get(f"/kurir/{job.id}").status_code == 404


@pytest.mark.parametrize("role", [Role.SHOPPER, Role.MANAGER])
def test_shoppers_and_managers_get_403(client, db_session, gallery, role):
    extra = {"cooperative": gallery.cooperative} if role == Role.MANAGER else {}
    user = factories.user(db_session, password=PASSWORD, role=role, **extra)
    db_session.commit()
    log_in_client(client, user)
    assert client.get("/kurir/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, job):
    response = client.get(f"/kurir/{job.id}")
    assert response.status_code == 302 and "/akun/masuk" in response.location


def test_manager_sees_the_cash_each_courier_holds(app, web, db_session, gallery, sent):
    darto = courier(db_session, gallery)
    first, second = ready_job(db_session, gallery), ready_job(db_session, gallery)
    log_in(web, darto)
    for job, amount in ((first, first.cod_amount), (second, 5_000)):
        claim(web, job)
        step(web, job, "diambil")
        step(web, job, "sampai", cod_collected=str(amount))
    manager = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=gallery.cooperative
    )
    db_session.commit()
    client = app.test_client()
    log_in_client(client, manager)
    page = client.get("/kelola/kurir/tunai").get_data(as_text=True)
    assert "Ojek Pak Darto" in page and first.code in page and second.code in page
    held = f"{first.cod_amount + 5_000:,}".replace(",", ".")
    assert f"Rp {held}" in page or f"Rp\xa0{held}" in page
    yesterday = client.get("/kelola/kurir/tunai?tanggal=2020-01-01").get_data(as_text=True)
    assert first.code not in yesterday
    assert client.get("/kelola/kurir/tunai?tanggal=rubbish").status_code == 200
