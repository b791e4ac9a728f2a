"""The office creates officer accounts, and an officer lands on the pendataan after logging in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accounts.models import Role, User
from catalog.models import Kecamatan, Kelurahan
from tests.webforms import errors, form_for, log_in, signed_in

NEW = "/admin/pendataan/petugas/baru"


@pytest.fixture
def office(web, db_session):  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.ADMIN)


def test_the_office_creates_a_kelurahan_officer(web, office, db_session):
    kecamatan = db_session.scalars(select(Kecamatan).order_by(Kecamatan.name)).first()
    kelurahan = db_session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_id == kecamatan.id)
    ).first()
    form = form_for(web.get(NEW), NEW)
    form["name"] = "Ibu Lurah Pondok"
    form["email"] = "lurah.pondok@gerai.example"
    form["kecamatan_id"] = str(kecamatan.id)
    form["kelurahan_id"] = str(kelurahan.id)
    page = form.submit()
    assert page.headers["Cache-Control"] == "no-store"
    password = page.html.select_one("strong.password code").text
    officer = db_session.scalars(
        select(User).where(User.email == "lurah.pondok@gerai.example")
    ).one()
    assert (officer.role, officer.kecamatan_id, officer.kelurahan_id) == (
        Role.OFFICER,
        kecamatan.id,
        kelurahan.id,
    )
    assert "Ibu Lurah Pondok" in web.get("/admin/pendataan/petugas").text
    web.reset()  # another browser: the officer's phone
    landed = log_in(web, officer, password)
    assert landed.request.path == "/petugas/"


def test_a_kelurahan_of_another_kecamatan_is_refused(web, office, db_session):
    kecamatan = db_session.scalars(select(Kecamatan).order_by(Kecamatan.name)).first()
    elsewhere = db_session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_id != kecamatan.id)
    ).first()
    form = form_for(web.get(NEW), NEW)
    form["name"] = "Petugas Salah Wilayah"
    form["email"] = "salah@gerai.example"
    form["kecamatan_id"] = str(kecamatan.id)
    form["kelurahan_id"] = str(elsewhere.id)
    page = form.submit(status=400)
    assert any("kelurahan" in e.lower() for e in errors(page))
    assert db_session.scalar(select(User.id).where(User.email == "salah@gerai.example")) is None
