"""The office's cooperative registry pages (/admin/pendataan/koperasi), used as rendered."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from accounts.models import Role
from catalog.models import Kecamatan, Kelurahan
from registry import cooperatives as coops
from registry.models import CooperativeOfficial, LegalForm, RegisteredCooperative
from tests import factories
from tests.webforms import errors, flash_text, form_for, signed_in

LIST = "/admin/pendataan/koperasi"
NEW = "/admin/pendataan/koperasi/baru"


@pytest.fixture
def office(web, db_session):  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.ADMIN)


@pytest.fixture
def place(db_session):  # type: ignore[no-untyped-def]
    kecamatan = db_session.scalars(select(Kecamatan).order_by(Kecamatan.name)).first()
    kelurahan = db_session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_id == kecamatan.id)
    ).first()
    return kecamatan, kelurahan


@pytest.fixture
def record(db_session, place):  # type: ignore[no-untyped-def]
    kecamatan, kelurahan = place
    data = coops.CooperativeRecordInput(
        name="Koperasi Serba Usaha Maju Bersama",
        legal_form=LegalForm.SERBA_USAHA,
        kecamatan_id=kecamatan.id,
        kelurahan_id=kelurahan.id,
        nik="3674010000000001",
        members_count=45,
    )
    return coops.create_record(db_session, data, date.today())


def test_the_office_registers_a_cooperative_through_the_form(web, office, db_session, place):
    kecamatan, kelurahan = place
    form = form_for(web.get(NEW), NEW)
    form["name"] = "Koperasi Produsen Gula Aren Setu"
    form["nik"] = "3674 0200 0000 0042"
    form["legal_form"] = "produsen"
    form["legal_number"] = "AHU-0004521.AH.01.26.TAHUN 2020"
    form["legal_date"] = "2020-07-01"
    form["kecamatan_id"] = str(kecamatan.id)
    form["kelurahan_id"] = str(kelurahan.id)
    form["members_count"] = "87"
    form["health"] = "cukup_sehat"
    form["health_year"] = "2025"
    page = form.submit().follow()
    assert "Koperasi Produsen Gula Aren Setu" in flash_text(page)
    saved = db_session.scalars(
        select(RegisteredCooperative).where(RegisteredCooperative.nik == "3674020000000042")
    ).one()
    assert (saved.members_count, saved.legal_date, saved.kelurahan_id) == (
        87,
        date(2020, 7, 1),
        kelurahan.id,
    )
    assert "Tidak ada RAT" in page.text or "tidak aktif" in page.text.lower()
    listing = web.get(LIST)
    assert "Koperasi Produsen Gula Aren Setu" in listing.text


def test_a_bad_nik_is_refused_beside_its_field_and_nothing_is_saved(web, office, db_session, place):
    kecamatan, _ = place
    form = form_for(web.get(NEW), NEW)
    form["name"] = "Koperasi Salah NIK"
    form["nik"] = "12345"
    form["kecamatan_id"] = str(kecamatan.id)
    page = form.submit(status=400)
    assert any("16 digit" in e for e in errors(page))
    assert page.forms[1]["name"].value == "Koperasi Salah NIK" if len(page.forms) > 1 else True
    assert (
        db_session.scalar(
            select(RegisteredCooperative.id).where(
                RegisteredCooperative.name == "Koperasi Salah NIK"
            )
        )
        is None
    )


def test_a_future_legal_date_is_refused(web, office, place):
    kecamatan, _ = place
    form = form_for(web.get(NEW), NEW)
    form["name"] = "Koperasi Masa Depan"
    form["legal_date"] = "2999-01-01"
    form["kecamatan_id"] = str(kecamatan.id)
    page = form.submit(status=400)
    assert any("masa depan" in e.lower() for e in errors(page))


def test_the_office_edits_a_record(web, office, db_session, record):
    path = f"{LIST}/{record.id}/ubah"
    form = form_for(web.get(path), path)
    assert form["name"].value == record.name
    form["legal_form"] = "jasa"
    form["members_count"] = "50"
    form.submit().follow()
    saved = db_session.get(RegisteredCooperative, record.id)
    assert (saved.legal_form, saved.members_count) == (LegalForm.JASA, 50)


def test_book_years_make_the_status_shown(web, office, db_session, record):
    path = f"{LIST}/{record.id}"
    page = web.get(path)
    assert "tidak aktif" in page.text.lower()
    last_year = date.today().year - 1
    form = form_for(page, f"{path}/tahun-buku")
    assert form["book_year"].value == str(last_year)
    form["rat_held_on"] = f"{last_year + 1}-01-02" if date.today().month > 1 else ""
    form["members_present"] = "30"
    form["shu"] = "-1.500.000"
    form["business_volume"] = "Rp 250.000.000"
    page = form.submit().follow()
    years = db_session.get(RegisteredCooperative, record.id).years
    assert [(y.book_year, y.shu, y.business_volume) for y in years] == [
        (last_year, -1_500_000, 250_000_000)
    ]
    assert "Rp 250.000.000" in page.text


def test_a_rat_in_the_future_is_refused_with_why(web, office, db_session, record):
    path = f"{LIST}/{record.id}"
    form = form_for(web.get(path), f"{path}/tahun-buku")
    form["rat_held_on"] = "2999-03-01"
    page = form.submit(status=400)
    assert any("masa depan" in e.lower() for e in errors(page))
    assert db_session.get(RegisteredCooperative, record.id).years == []


def test_board_members_are_added_and_removed(web, office, db_session, record):
    path = f"{LIST}/{record.id}"
    form = form_for(web.get(path), f"{path}/pengurus")
    form["board"] = "pengurus"
    form["title"] = "Ketua"
    form["name"] = "Haji Mansur"
    page = form.submit().follow()
    assert "Haji Mansur" in page.text
    official = db_session.scalars(select(CooperativeOfficial)).one()
    remove = form_for(page, f"{path}/pengurus/{official.id}/hapus")
    remove.submit().follow()
    assert db_session.scalars(select(CooperativeOfficial)).all() == []


def test_the_list_filters_in_the_url(web, office, record):
    assert record.name in web.get(LIST, {"bentuk": "serba_usaha"}).text
    assert record.name not in web.get(LIST, {"bentuk": "jasa"}).text
    assert record.name in web.get(LIST, {"status": "tidak_aktif"}).text
    assert record.name not in web.get(LIST, {"status": "aktif"}).text
    assert record.name in web.get(LIST, {"q": "maju ber"}).text
    assert record.name in web.get(LIST, {"q": "36740100"}).text
    ksu = web.get(LIST)
    assert "harus konversi" in ksu.text.lower()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00'; DROP TABLE x; --"},
        {"q": "%_%" * 2000},
        {"kecamatan": "99999999999999"},
        {"bentuk": "\x00"},
        {"status": "🙂", "kesehatan": "sehat"},
    ],
)
def test_hostile_filters_give_a_normal_page(web, office, params):
    assert web.get(LIST, params).status_int == 200


def test_unknown_and_foreign_ids_are_404(web, office, record):
    web.get(f"{LIST}/999999", status=404)
    web.get(f"{LIST}/{2**40}", status=404)
    web.get(f"{LIST}/999999/ubah", status=404)


@pytest.mark.parametrize("role", [Role.SHOPPER, Role.MANAGER])
def test_other_roles_are_kept_out(web, db_session, role, record):
    coop = factories.cooperative(db_session) if role is Role.MANAGER else None
    signed_in(web, db_session, role=role, cooperative_id=coop.id if coop else None)
    response = web.get(f"{LIST}/{record.id}", expect_errors=True)
    assert response.status_int in (302, 403, 404)
    assert record.name not in response.text


def test_a_guest_is_sent_to_log_in(web, record):
    response = web.get(LIST)
    assert response.status_int == 302
    assert "/akun/masuk" in response.headers["Location"]
