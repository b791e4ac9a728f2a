"""The courier page's forms (/kurir), submitted as the pages render them (WebTest).

Claim a job, picked up, delivered (with the COD cash collected), failed (with a reason): each
has a success path that checks the database and a refusal that says why in Indonesian and
changes nothing. The walker sends every form with its typed fields empty and with one invalid
value. The page speaks to the courier, not to the shopper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from webtest import TestApp
from webtest.forms import Form

from orders.models import Order, ShipmentStatus
from tests import factories
from tests.storefront.test_courier_page import (
    Job,
    claim,
    courier,
    fresh,
    log_in,
    ready_job,
    step,
)
from tests.webforms import (
    assert_kept,
    errors,
    flash_text,
    form_for,
    submit_blank,
    submit_refused,
    typed_fields,
)

S = ShipmentStatus


@pytest.fixture
def gallery(db_session):  # type: ignore[no-untyped-def]
    return factories.gallery(db_session, address="Jl. Raya Setu 1")


@pytest.fixture
def sent(db_session):  # type: ignore[no-untyped-def]
    """The emails each commit wrote to the outbox (the dispatch worker sends them)."""
    from tests.storefront.test_mail import OutboxEmails

    return OutboxEmails()


@pytest.fixture
def darto(web, db_session, gallery):  # type: ignore[no-untyped-def]
    user = courier(db_session, gallery)
    log_in(web, user)
    return user


@pytest.fixture
def job(db_session, gallery) -> Job:  # type: ignore[no-untyped-def]
    return ready_job(db_session, gallery)


def job_form(web: TestApp, job: Job, step: str) -> Form:
    """The form for ``step`` ("ambil", "sampai"…) as the job's page renders it."""
    return form_for(web.get(f"/kurir/{job.id}"), f"/kurir/{job.id}/{step}")


def picked_up(web, job: Job) -> None:  # type: ignore[no-untyped-def]
    claim(web, job)
    assert step(web, job, "diambil").status_int == 303


# Claim


def test_claim_from_the_job_page_as_rendered(web, db_session, darto, job):
    form = job_form(web, job, "ambil")
    form["plate"] = " b 4321 sth "
    landed = form.submit().follow()
    assert "milik Anda" in flash_text(landed)
    shipment = fresh(db_session, job)
    assert shipment.status is S.COURIER_ASSIGNED and shipment.courier_user_id == darto.id
    assert shipment.courier_plate == "B 4321 STH"


def test_a_too_long_plate_is_refused_and_kept(web, db_session, darto, job):
    url = f"/kurir/{job.id}"
    too_long = "B 1234 " + "X" * 20
    refused = submit_refused(form_for(web.get("/kurir/"), f"{url}/ambil"), plate=too_long)
    assert refused.status_int == 400
    assert any("maksimal 20 karakter" in message for message in errors(refused))
    assert_kept(refused, f"{url}/ambil", {"plate": too_long})
    shipment = fresh(db_session, job)
    assert shipment.status is S.READY and shipment.courier_user_id is None


# Picked up


def test_picked_up_as_rendered(web, db_session, darto, job, sent):
    claim(web, job)
    landed = job_form(web, job, "diambil").submit().follow()
    assert "pembeli sudah diberi tahu" in flash_text(landed)
    assert fresh(db_session, job).status is S.PICKED_UP
    assert len(sent) == 1  # the shopper hears the order is on its way


def test_picked_up_pressed_on_a_page_left_open_is_refused(web, db_session, darto, job):
    claim(web, job)
    open_page = job_form(web, job, "diambil")
    step(web, job, "gagal", reason="Galeri tutup")  # meanwhile, on another tab
    refused = open_page.submit().follow()
    assert "Langkah itu tidak bisa sekarang" in flash_text(refused)
    assert fresh(db_session, job).status is S.FAILED


# Delivered


@pytest.mark.parametrize("typed", ["33.000", "Rp 33.000", "33000"])
def test_delivered_with_the_cash_as_rendered(web, db_session, darto, job, typed):
    picked_up(web, job)
    form = job_form(web, job, "sampai")
    assert job.cod_amount == 33_000
    form["cod_collected"] = typed
    landed = form.submit().follow()
    assert "Terima kasih" in flash_text(landed)
    shipment = fresh(db_session, job)
    assert shipment.status is S.DELIVERED and shipment.cod_collected == 33_000


def test_delivered_without_cash_refused_and_nothing_changes(web, db_session, darto, job):
    picked_up(web, job)
    refused = submit_refused(job_form(web, job, "sampai"), cod_collected="")
    assert "Berapa uang tunai yang Anda terima?" in " ".join(errors(refused))
    shipment = fresh(db_session, job)
    assert shipment.status is S.PICKED_UP and shipment.cod_collected is None


# Failed


def test_failed_as_rendered(web, db_session, darto, job):
    picked_up(web, job)
    form = job_form(web, job, "gagal")
    form["reason"] = "Tidak ada orang di rumah"
    landed = form.submit().follow()
    assert "Ditandai gagal" in flash_text(landed)
    shipment = fresh(db_session, job)
    assert shipment.status is S.FAILED and shipment.events[-1].note == "Tidak ada orang di rumah"


def test_failed_with_a_too_long_reason_is_refused_and_kept(web, db_session, darto, job):
    picked_up(web, job)
    url = f"/kurir/{job.id}"
    reason = "Alamat tidak ketemu " * 12
    refused = submit_refused(job_form(web, job, "gagal"), reason=reason)
    assert any("maksimal 200 karakter" in message for message in errors(refused))
    assert 'class="failed-form" open' in refused.text  # the refused form is not folded away
    assert_kept(refused, f"{url}/gagal", {"reason": reason})
    assert fresh(db_session, job).status is S.PICKED_UP


# The walker: every courier form with typed fields, blank and with one invalid value


@dataclass(frozen=True)
class CourierForm:
    page: str  # "{id}" is the job's id
    action: str
    invalid: dict[str, str]
    prepare: Callable  # (web, job) -> None: brings the job to the state the form needs
    blank_is_fine: bool = False  # the plate is optional: a blank claim is a claim


def nothing(web, job) -> None:  # type: ignore[no-untyped-def]
    """The job stays ready."""


COURIER_FORMS = [
    CourierForm("/kurir/", "/kurir/{id}/ambil", {"plate": "P" * 21}, nothing, True),
    CourierForm("/kurir/{id}", "/kurir/{id}/ambil", {"plate": "P" * 21}, nothing, True),
    CourierForm("/kurir/{id}", "/kurir/{id}/sampai", {"cod_collected": "tiga puluh"}, picked_up),
    CourierForm("/kurir/{id}", "/kurir/{id}/gagal", {"reason": "R" * 201}, claim),
]


@pytest.mark.parametrize("spec", COURIER_FORMS, ids=lambda s: f"{s.page}->{s.action}")
def test_every_courier_form_says_why_and_keeps_input(web, db_session, darto, job, spec):
    spec.prepare(web, job)
    page, action = spec.page.format(id=job.id), spec.action.format(id=job.id)
    before = fresh(db_session, job).status

    refused = submit_refused(form_for(web.get(page), action), **spec.invalid)
    assert_kept(refused, action, spec.invalid)
    assert fresh(db_session, job).status is before

    blank_form = form_for(web.get(page), action)
    assert typed_fields(blank_form), "the walker only visits forms with typed fields"
    if spec.blank_is_fine:
        assert blank_form.submit().status_int == 303
        return
    blank = submit_blank(blank_form)
    assert_kept(blank, action, dict.fromkeys(typed_fields(blank_form), ""))
    assert fresh(db_session, job).status is before


# Courier wording


SHOPPER_PHRASES = ("Dalam perjalanan ke Anda", "On the way to you")


def test_after_pickup_the_courier_reads_courier_words(web, db_session, darto, job):
    picked_up(web, job)
    for url in ("/kurir/", f"/kurir/{job.id}"):
        page = web.get(url).text
        assert "Sudah diambil — antar ke pembeli" in page, url
        for phrase in SHOPPER_PHRASES:
            assert phrase not in page, url

    web.get(f"/bahasa/en?next=/kurir/{job.id}")
    page = web.get(f"/kurir/{job.id}").text
    assert "Picked up — deliver to the shopper" in page
    for phrase in SHOPPER_PHRASES:
        assert phrase not in page
    # the shopper's own words are unchanged elsewhere
    assert "On the way to you" in shopper_order_page(web, db_session, job)


def shopper_order_page(web, db_session, job: Job) -> str:  # type: ignore[no-untyped-def]
    order = db_session.query(Order).filter_by(code=job.code).one()
    return web.get(f"/pesanan/{order.code}?token={order.access_token}").text
