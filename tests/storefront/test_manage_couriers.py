"""Managers run their galleries' courier accounts, through the pages as rendered (WebTest)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from accounts.models import Role, User
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import PASSWORD, errors, flash_text, form_for, log_in, submit_refused

LIST = "/kelola/kurir/akun"
NEW = "/kelola/kurir/akun/baru"


@pytest.fixture
def galleries(db_session):  # type: ignore[no-untyped-def]
    first = factories.gallery(db_session)
    second = factories.gallery(db_session, cooperative=first.cooperative)
    return first, second


@pytest.fixture
def manager(web, db_session, galleries):  # type: ignore[no-untyped-def]
    user = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=galleries[0].cooperative
    )
    log_in(web, user)
    return user


def shown_password(page) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'class="password"><code>([^<]+)</code>', page.text)
    assert match, "no password on the page"
    return match.group(1)


def courier_count(db_session) -> int:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.scalar(select(func.count()).where(User.role == Role.COURIER))


def add_courier(web, gallery_id: int, email: str = "ojek.budi@gerai.example"):  # type: ignore[no-untyped-def]
    form = form_for(web.get(LIST).click(href=NEW + "$", index=0), NEW)
    form["name"] = "  Budi   Santoso "
    form["phone"] = "0812-3456-7890"
    form["email"] = email
    form["gallery_id"] = str(gallery_id)
    return form.submit()


def test_new_courier_is_made_shown_once_and_can_log_in(web, db_session, manager, galleries):
    _first, second = galleries
    page = add_courier(web, second.id, "Ojek.Budi@Gerai.example")
    assert page.status_int == 200
    assert page.headers["Cache-Control"] == "no-store"
    password = shown_password(page)
    assert "hanya ditampilkan sekarang" in page.text
    courier = db_session.scalar(select(User).where(User.email == "ojek.budi@gerai.example"))
    assert courier is not None
    assert (courier.role, courier.gallery_id, courier.cooperative_id) == (
        Role.COURIER,
        second.id,
        None,
    )
    assert (courier.name, courier.phone) == ("Budi Santoso", "+6281234567890")
    assert courier.check_password(password)

    listing = web.get(LIST)
    assert "Budi Santoso" in listing.text and "+62 812-3456-7890" in listing.text
    assert password not in listing.text

    landed = log_in(type(web)(web.app), courier, password)
    assert landed.request.path == "/kurir/"
    assert fresh(db_session, courier).last_login_at is not None


def test_gallery_can_be_chosen_from_the_list_link(web, db_session, manager, galleries):
    _first, second = galleries
    page = web.get(f"{NEW}?galeri={second.id}")
    assert form_for(page, NEW)["gallery_id"].value == str(second.id)


def test_duplicate_email_is_refused_and_nothing_changes(web, db_session, manager, galleries):
    taken_id = factories.user(db_session, email="sudah.ada@gerai.example").id
    before = courier_count(db_session)
    form = form_for(web.get(NEW), NEW)
    form["name"] = "Budi"
    form["phone"] = "0812-3456-7890"
    refused = submit_refused(form, email="Sudah.Ada@gerai.example")
    assert any("Email ini sudah dipakai akun lain." in message for message in errors(refused))
    assert form_for(refused, NEW)["name"].value == "Budi"
    assert courier_count(db_session) == before
    assert db_session.get(User, taken_id).role == Role.SHOPPER


def test_bad_phone_and_blank_form_are_refused(web, db_session, manager, galleries):
    before = courier_count(db_session)
    form = form_for(web.get(NEW), NEW)
    form["name"] = "Budi"
    form["email"] = "budi@gerai.example"
    refused = submit_refused(form, phone="12345")
    assert any("nomor" in message.lower() for message in errors(refused))
    assert form_for(refused, NEW)["phone"].value == "12345"
    blank = form_for(web.get(NEW), NEW)
    submit_refused(blank, name="", phone="", email="")
    assert courier_count(db_session) == before


def test_only_own_galleries_are_offered(web, db_session, manager, galleries):
    foreign = factories.gallery(db_session)
    options = [value for value, *_ in form_for(web.get(NEW), NEW)["gallery_id"].options]
    assert sorted(options) == sorted(str(g.id) for g in galleries)
    assert web.get(f"{NEW}?galeri={foreign.id}", status=404)


@pytest.fixture
def courier(db_session, galleries):  # type: ignore[no-untyped-def]
    return factories.user(
        db_session, password=PASSWORD, role=Role.COURIER, gallery=galleries[0], name="Pak Darto"
    )


def test_reset_password_shows_a_new_one_once(web, db_session, manager, courier):
    form = form_for(web.get(LIST), f"{LIST}/{courier.id}/kata-sandi")
    page = form.submit()
    assert page.headers["Cache-Control"] == "no-store"
    password = shown_password(page)
    courier = fresh(db_session, courier)
    assert courier.check_password(password) and not courier.check_password(PASSWORD)


def test_deactivated_courier_cannot_log_in_until_reactivated(web, db_session, manager, courier):
    listing = web.get(LIST)
    assert "Pak Darto" in listing.text
    done = form_for(listing, f"{LIST}/{courier.id}/status").submit().follow()
    assert "tidak bisa masuk lagi" in flash_text(done)
    assert fresh(db_session, courier).is_active_account is False

    courier_web = type(web)(web.app)
    form = form_for(courier_web.get("/akun/masuk"), "/akun/masuk")
    form["email"] = courier.email
    form["password"] = PASSWORD
    refused = form.submit(expect_errors=True)
    assert refused.status_int == 200 and errors(refused)
    assert courier_web.get("/kurir/").status_int == 302  # not logged in: sent to log in

    again = form_for(web.get(LIST), f"{LIST}/{courier.id}/status").submit().follow()
    assert "bisa masuk lagi" in flash_text(again)
    assert fresh(db_session, courier).is_active_account is True
    assert log_in(courier_web, courier).request.path == "/kurir/"


def test_another_cooperatives_couriers_are_not_listed_nor_reachable(web, db_session, manager):
    foreign = factories.user(
        db_session, role=Role.COURIER, gallery=factories.gallery(db_session), name="Kurir Asing"
    )
    listing = web.get(LIST)
    assert "Kurir Asing" not in listing.text
    token = form_for(web.get(NEW), NEW)["csrf_token"].value
    for action in ("kata-sandi", "status"):
        web.post(f"{LIST}/{foreign.id}/{action}", {"csrf_token": token, "active": "0"}, status=404)
    assert fresh(db_session, foreign).is_active_account is True


def test_couriers_page_is_for_managers_only(web, db_session, courier):
    log_in(web, courier)
    assert web.get(LIST, status=403)
