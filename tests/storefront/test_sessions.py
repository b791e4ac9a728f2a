"""Sessions end when they should: a copied session cookie stops working after log-out, a new
password, closing or reopening the account, and "log out everywhere".

Sessions live in signed cookies, so a "copied cookie" is a second browser (``TestApp``) given
a copy of the first one's cookie jar: what an attacker who lifted the cookie would hold. Every
change goes through the rendered forms.
"""

from __future__ import annotations

import copy

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from webtest import TestApp

from accounts.models import Role, User
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import PASSWORD, errors, flash_text, form_for, log_in, signed_in

ACCOUNT = "/akun/"
NEW_PASSWORD = "kebun-salak-pondok-aren"


def copied(web: TestApp) -> TestApp:
    """Another browser holding a copy of ``web``'s cookies (its session cookie included)."""
    other = TestApp(web.app)
    for cookie in web.cookiejar:
        other.cookiejar.set_cookie(copy.copy(cookie))
    return other


def signed_in_at(browser: TestApp, path: str = ACCOUNT) -> bool:
    """Whether ``browser`` may open ``path`` (an anonymous one is sent to log in)."""
    page = browser.get(path, expect_errors=True)
    if page.status_int == 200:
        return True
    assert page.status_int == 302 and "/akun/masuk" in page.headers["Location"], page.status
    return False


@pytest.fixture
def shopper(web: TestApp, db_session) -> User:  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, name="Siti Aminah")


def test_a_copied_cookie_is_anonymous_after_log_out(web, db_session, shopper):
    thief = copied(web)
    assert signed_in_at(thief)  # the copy works while the session lives
    version = shopper.session_version
    landed = form_for(web.get(ACCOUNT), "/akun/keluar").submit().follow()
    assert "keluar" in flash_text(landed).lower()
    assert fresh(db_session, shopper).session_version == version + 1
    assert not signed_in_at(web)
    assert not signed_in_at(thief)


def test_log_out_everywhere_ends_this_browser_and_every_copy(web, db_session, shopper):
    thief = copied(web)
    landed = form_for(web.get(ACCOUNT), "/akun/keluar-semua").submit().follow()
    assert "Anda sudah keluar dari semua perangkat." in flash_text(landed)
    assert not signed_in_at(web)
    assert not signed_in_at(thief)
    log_in(web, shopper)  # the account itself is fine: logging in again works
    assert signed_in_at(web) and not signed_in_at(thief)


def change_password_form(web: TestApp, current: str, new: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    form = form_for(web.get(ACCOUNT), "/akun/kata-sandi")
    form["current"] = current
    form["password"] = new
    form["confirm"] = new if confirm is None else confirm
    return form


def test_wrong_current_password_is_refused_and_nothing_changes(web, db_session, shopper):
    other_device = copied(web)
    before = (shopper.password_hash, shopper.session_version)
    refused = change_password_form(web, "bukan-kata-sandinya", NEW_PASSWORD).submit(status=400)
    assert any("Kata sandi saat ini salah." in m for m in errors(refused)), errors(refused)
    shopper = fresh(db_session, shopper)
    assert (shopper.password_hash, shopper.session_version) == before
    assert shopper.check_password(PASSWORD) and not shopper.check_password(NEW_PASSWORD)
    assert signed_in_at(web) and signed_in_at(other_device)


def test_a_weak_or_mistyped_new_password_is_refused(web, db_session, shopper):
    before = shopper.password_hash
    short = change_password_form(web, PASSWORD, "pendek").submit(status=400)
    assert any("12" in message for message in errors(short)), errors(short)
    mistyped = change_password_form(web, PASSWORD, NEW_PASSWORD, "kebun-salak-lain").submit(
        status=400
    )
    assert any("Kata sandi tidak sama." in m for m in errors(mistyped)), errors(mistyped)
    assert fresh(db_session, shopper).password_hash == before


def test_a_new_password_logs_out_the_other_devices_and_keeps_this_one(web, db_session, shopper):
    other_device = copied(web)
    version = shopper.session_version
    landed = change_password_form(web, PASSWORD, NEW_PASSWORD).submit().follow()
    assert "Kata sandi Anda sudah diganti" in flash_text(landed)
    shopper = fresh(db_session, shopper)
    assert shopper.check_password(NEW_PASSWORD) and not shopper.check_password(PASSWORD)
    assert shopper.session_version == version + 1
    assert signed_in_at(web)  # this browser keeps the new version
    assert not signed_in_at(other_device)
    log_in(other_device, shopper, NEW_PASSWORD)
    assert signed_in_at(other_device)


# --- the office and managers end other people's sessions ------------------------------------


@pytest.fixture
def coop(db_session):  # type: ignore[no-untyped-def]
    return factories.cooperative(db_session)


@pytest.fixture
def manager(db_session, coop) -> User:  # type: ignore[no-untyped-def]
    return factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=coop, name="Bu Sari"
    )


@pytest.fixture
def manager_web(app: Flask, manager: User) -> TestApp:
    browser = TestApp(app)
    log_in(browser, manager)
    assert signed_in_at(browser, "/kelola/")
    return browser


def test_a_managers_old_cookie_is_anonymous_after_the_office_resets_the_password(
    web, db_session, manager, manager_web
):
    signed_in(web, db_session, role=Role.ADMIN)
    url = f"/admin/pengelola/{manager.id}"
    form = form_for(web.get(url), f"{url}/kata-sandi")
    form["password"] = NEW_PASSWORD
    assert form.submit().status_int == 200
    assert fresh(db_session, manager).check_password(NEW_PASSWORD)
    assert not signed_in_at(manager_web, "/kelola/")


def test_a_cookie_from_before_deactivation_stays_dead_after_reactivation(
    web, db_session, manager, manager_web
):
    kept = copied(manager_web)
    signed_in(web, db_session, role=Role.ADMIN)
    action = f"/admin/pengelola/{manager.id}/status"
    form_for(web.get("/admin/pengelola"), action).submit()
    assert fresh(db_session, manager).is_active_account is False
    assert not signed_in_at(kept, "/kelola/")
    form_for(web.get("/admin/pengelola"), action).submit()
    assert fresh(db_session, manager).is_active_account is True
    assert not signed_in_at(kept, "/kelola/")
    assert not signed_in_at(manager_web, "/kelola/")
    log_in(manager_web, manager)  # reopened: a fresh log-in works
    assert signed_in_at(manager_web, "/kelola/")


def test_a_couriers_old_cookie_is_anonymous_after_the_manager_resets_the_password(
    db_session, coop, manager_web
):
    gallery = factories.gallery(db_session, cooperative=coop)
    courier = factories.user(db_session, password=PASSWORD, role=Role.COURIER, gallery=gallery)
    courier_web = TestApp(manager_web.app)
    log_in(courier_web, courier)
    assert signed_in_at(courier_web, "/kurir/")
    listing = "/kelola/kurir/akun"
    form_for(manager_web.get(listing), f"{listing}/{courier.id}/kata-sandi").submit()
    assert not fresh(db_session, courier).check_password(PASSWORD)
    assert not signed_in_at(courier_web, "/kurir/")


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    "kept",
    ["{id}", "{id}:", ":{v}", "{id}:{v}:{v}", "{id}:x", "99999999999:{v}", "{id}:99999999999",
     "{id}:{v_next}", "arabic"],
)  # fmt: skip
def test_a_session_id_that_is_not_id_and_version_is_anonymous(app, web, db_session, shopper, kept):
    """A session kept before versions existed (a bare id), a garbled or a stale one is nobody.

    The cookie is re-signed with the app's key: only someone holding it could send these.
    """
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    session = serializer.loads(web.cookies["session"])
    v = shopper.session_version
    if kept == "arabic":
        kept = shopper.get_id().translate(ARABIC_INDIC)
    for session_id, accepted in (
        (kept.format(id=shopper.id, v=v, v_next=v + 1), False),
        (shopper.get_id(), True),  # the same cookie with the right "id:version" is accepted
    ):
        web.reset()  # drop the cookies WebTest keeps, then send only this one
        web.set_cookie("session", serializer.dumps(session | {"_user_id": session_id}))
        assert signed_in_at(web) is accepted, session_id
