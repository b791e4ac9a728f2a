"""The city office console's forms (/admin), submitted as the pages render them (WebTest).

Each form has a success path that checks the database and a refusal that says why in
Indonesian and changes nothing; the walker sends every form page with its typed fields empty
and with one invalid value, and checks the reason is shown and the typed input kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from accounts.models import Role, User
from catalog.models import Cooperative, Gallery, LegalType
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import (
    PASSWORD,
    assert_kept,
    errors,
    fill,
    flash_text,
    form_for,
    log_in,
    signed_in,
    submit_blank,
    submit_refused,
    typed_fields,
)

SETU_POSITION = (-6.35, 106.67)


@pytest.fixture
def office(web, db_session):  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.ADMIN)


@pytest.fixture
def coop(db_session):  # type: ignore[no-untyped-def]
    return factories.cooperative(db_session, name="Koperasi Gula Aren Setu", phone="+62217412345")


@pytest.fixture
def gallery(db_session, coop):  # type: ignore[no-untyped-def]
    return factories.gallery(
        db_session,
        cooperative=coop,
        name="Galeri Gula Aren Setu",
        address="Jl. Raya Setu No. 9",
        lat=SETU_POSITION[0],
        lng=SETU_POSITION[1],
        base_fee=9000,
        per_km_fee=3000,
        max_radius_km=7.5,
    )


@pytest.fixture
def manager(db_session, coop):  # type: ignore[no-untyped-def]
    return factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=coop, name="Bu Sari"
    )


def page_form(web, url: str, action: str | None = None, **typed: str):  # type: ignore[no-untyped-def]
    """The form posting to ``action`` (default ``url``) on page ``url``, with ``typed`` typed in."""
    return fill(form_for(web.get(url), action or url), typed)


def still_open_in_the_shop(web, gallery: Gallery) -> bool:  # type: ignore[no-untyped-def]
    return web.get(f"/galeri/{gallery.slug}", expect_errors=True).status_int == 200


def expired_session_refuses(web, user: User, form) -> None:  # type: ignore[no-untyped-def]
    """The browser's session ended (cookies cleared, logged in again) while the page stayed
    open: the form's token is no longer valid, and the refusal says so in Indonesian."""
    web.reset()
    log_in(web, user)
    refused = submit_refused(form)
    assert refused.status_int == 400
    assert any("kedaluwarsa" in message for message in errors(refused)), errors(refused)


# Cooperatives


def test_cooperative_add_as_rendered(web, db_session, office):
    typed = {"name": "Koperasi Batik Pondok Aren", "legal_type": "pemasaran"}
    typed |= {"phone": "0812-3456-7890", "commission_rate_percent": "12"}
    landed = page_form(web, "/admin/koperasi/baru", **typed).submit().follow()
    assert "Koperasi Batik Pondok Aren" in flash_text(landed)
    coop = db_session.scalar(select(Cooperative).where(Cooperative.name.like("%Batik Pondok%")))
    assert coop.legal_type is LegalType.PEMASARAN and coop.commission_rate_percent == 12
    assert coop.phone == "+6281234567890"


def test_cooperative_add_refused_says_why(web, db_session, office):
    refused = submit_refused(
        page_form(web, "/admin/koperasi/baru"), name="Koperasi Baru", commission_rate_percent="150"
    )
    assert any("0" in m and "100" in m for m in errors(refused)), errors(refused)
    assert_kept(refused, "/admin/koperasi/baru", {"name": "Koperasi Baru"})
    assert db_session.scalar(select(Cooperative).where(Cooperative.name == "Koperasi Baru")) is None


def test_cooperative_edit_untouched_keeps_everything(web, db_session, office, coop):
    url = f"/admin/koperasi/{coop.id}"
    before = (
        coop.name,
        coop.legal_type,
        coop.kecamatan_id,
        coop.phone,
        coop.commission_rate_percent,
    )
    page_form(web, url).submit().follow()
    coop = fresh(db_session, coop)
    assert (
        coop.name, coop.legal_type, coop.kecamatan_id, coop.phone, coop.commission_rate_percent
    ) == before  # fmt: skip


def test_cooperative_edit_as_rendered_and_refused(web, db_session, office, coop):
    url = f"/admin/koperasi/{coop.id}"
    form = page_form(web, url)
    form["address"] = "Jl. Aren No. 1"
    form.submit().follow()
    assert fresh(db_session, coop).address == "Jl. Aren No. 1"
    refused = submit_refused(page_form(web, url), phone="12", address="Jl. Baru")
    assert any("telepon" in m.lower() or "nomor" in m.lower() for m in errors(refused))
    assert_kept(refused, url, {"phone": "12", "address": "Jl. Baru"})
    assert fresh(db_session, coop).address == "Jl. Aren No. 1"


def test_gallery_add_as_rendered(web, db_session, office, coop):
    form = page_form(web, f"/admin/galeri/baru?koperasi={coop.id}", "/admin/galeri/baru")
    assert form["cooperative_id"].value == str(coop.id)
    assert form["max_radius_km"].value == "8"
    typed = {"name": "Galeri Anyaman Setu", "address": "Jl. Raya Setu No. 12"}
    typed |= {"position": "-6,3500; 106,6700", "base_fee": "Rp 7.000"}
    typed |= {"per_km_fee": "2.000", "max_radius_km": "12,25"}
    landed = fill(form, typed).submit().follow()
    assert "Galeri Anyaman Setu" in flash_text(landed)
    gallery = db_session.scalar(select(Gallery).where(Gallery.name == "Galeri Anyaman Setu"))
    assert (gallery.lat, gallery.lng) == SETU_POSITION
    assert (gallery.base_fee, gallery.per_km_fee, gallery.max_radius_km) == (7000, 2000, 12.25)


def test_gallery_add_refused_keeps_the_fees_typed(web, db_session, office, coop):
    form = page_form(web, f"/admin/galeri/baru?koperasi={coop.id}", "/admin/galeri/baru")
    typed = {
        "name": "Galeri Ditolak",
        "address": "Jl. Raya Setu No. 12",
        "position": "-6.35, 106.67",
        "base_fee": "7.500",
        "max_radius_km": "75,5",
    }
    refused = submit_refused(form, **typed)
    assert any("Jarak antar antara 0,5 dan 50 km" in m for m in errors(refused)), errors(refused)
    assert_kept(refused, "/admin/galeri/baru", typed)
    assert db_session.scalar(select(Gallery).where(Gallery.name == "Galeri Ditolak")) is None


@pytest.mark.parametrize(
    ("language", "radius", "shown"),
    [("id", 7.5, "7,5"), ("en", 7.5, "7.5"), ("id", 12.125, "12,125"), ("id", 20.0, "20")],
)
def test_gallery_edit_untouched_round_trips(  # type: ignore[no-untyped-def]
    web, db_session, office, gallery, language, radius, shown
):
    gallery.max_radius_km = radius
    db_session.flush()
    web.get(f"/bahasa/{language}")
    url = f"/admin/galeri/{gallery.id}"
    form = page_form(web, url)
    assert form["max_radius_km"].value == shown
    assert form.submit().status_int == 302
    gallery = fresh(db_session, gallery)
    assert gallery.max_radius_km == radius
    assert (gallery.base_fee, gallery.per_km_fee) == (9000, 3000)
    assert (gallery.lat, gallery.lng) == SETU_POSITION
    assert gallery.address == "Jl. Raya Setu No. 9" and gallery.name == "Galeri Gula Aren Setu"


def test_gallery_edit_fees_as_rendered_and_refused(web, db_session, office, gallery):
    url = f"/admin/galeri/{gallery.id}"
    form = page_form(web, url)
    form["base_fee"] = "10.000"
    form["max_radius_km"] = "6,5"
    form.submit().follow()
    gallery = fresh(db_session, gallery)
    assert (gallery.base_fee, gallery.max_radius_km) == (10_000, 6.5)
    refused = submit_refused(page_form(web, url), per_km_fee="dua ribu")
    assert any("rupiah" in m for m in errors(refused)), errors(refused)
    assert_kept(refused, url, {"per_km_fee": "dua ribu", "max_radius_km": "6,5"})
    assert fresh(db_session, gallery).per_km_fee == 3000


def test_courier_settings_untouched_round_trip(web, db_session, office, gallery):
    url = f"/admin/galeri/{gallery.id}/kurir"
    form = page_form(web, url)
    assert form["max_radius_km"].value == "7,5"
    landed = form.submit().follow()
    assert "Galeri Gula Aren Setu" in flash_text(landed)
    gallery = fresh(db_session, gallery)
    assert (gallery.base_fee, gallery.per_km_fee, gallery.max_radius_km) == (9000, 3000, 7.5)
    assert gallery.courier_endpoint_url in (None, "")


def test_courier_settings_endpoint_as_rendered_shows_a_secret(web, db_session, office, gallery):
    url = f"/admin/galeri/{gallery.id}/kurir"
    form = page_form(web, url)
    form["courier_endpoint_url"] = "https://ojek.example/gerai/deliveries"
    form["per_km_fee"] = "3.500"
    shown = form.submit()
    assert shown.status_int == 200 and shown.headers["Cache-Control"] == "no-store"
    gallery = fresh(db_session, gallery)
    assert gallery.courier_endpoint_url == "https://ojek.example/gerai/deliveries"
    assert gallery.per_km_fee == 3500 and gallery.courier_secret
    assert gallery.courier_secret in shown.text  # shown this once


def test_courier_settings_refused_says_why(web, db_session, office, gallery):
    url = f"/admin/galeri/{gallery.id}/kurir"
    refused = submit_refused(page_form(web, url), max_radius_km="0,1", base_fee="12.000")
    assert any("Jarak antar antara" in m for m in errors(refused)), errors(refused)
    assert_kept(refused, url, {"max_radius_km": "0,1", "base_fee": "12.000"})
    gallery = fresh(db_session, gallery)
    assert (gallery.base_fee, gallery.max_radius_km) == (9000, 7.5)


def test_courier_settings_new_secret_as_rendered(web, db_session, office, gallery):
    url = f"/admin/galeri/{gallery.id}/kurir"
    forms = [f for f in web.get(url).forms.values() if "rotate" in f.fields]
    shown = forms[0].submit()
    assert "Kunci tanda tangan baru dibuat" in flash_text(shown)
    secret = fresh(db_session, gallery).courier_secret
    assert secret and secret in shown.text


# Manager accounts


def test_manager_add_as_rendered(web, db_session, office, coop):
    form = page_form(web, "/admin/pengelola/baru")
    form["name"] = "Pak Joko"
    form["email"] = "Joko@Koperasi.example"
    form["cooperative_id"] = str(coop.id)
    shown = form.submit()
    assert shown.status_int == 200 and "Pak Joko" in shown.text
    user = db_session.scalar(select(User).where(User.email == "joko@koperasi.example"))
    assert user.role is Role.MANAGER and user.cooperative_id == coop.id
    assert user.is_active_account


def test_manager_add_refused_keeps_input(web, db_session, office, coop):
    refused = submit_refused(
        page_form(web, "/admin/pengelola/baru"), name="Pak Joko", email="joko@", password="pendek"
    )
    assert len(errors(refused)) >= 2
    assert_kept(refused, "/admin/pengelola/baru", {"name": "Pak Joko", "email": "joko@"})
    assert db_session.scalar(select(User).where(User.name == "Pak Joko")) is None


def test_manager_edit_as_rendered_and_refused(web, db_session, office, manager):
    url = f"/admin/pengelola/{manager.id}"
    form = page_form(web, url)
    form["name"] = "Bu Sari Rahayu"
    landed = form.submit().follow()
    assert "Bu Sari Rahayu" in flash_text(landed)
    assert fresh(db_session, manager).name == "Bu Sari Rahayu"
    taken = factories.user(db_session, email="dipakai@gerai.example")
    refused = submit_refused(page_form(web, url), email=taken.email, name="Bu Sari R.")
    assert any("sudah" in m for m in errors(refused)), errors(refused)
    assert_kept(refused, url, {"email": taken.email, "name": "Bu Sari R."})
    manager = fresh(db_session, manager)
    assert manager.name == "Bu Sari Rahayu" and manager.email != taken.email


def test_manager_password_reset_as_rendered_and_refused(web, db_session, office, manager):
    url = f"/admin/pengelola/{manager.id}"
    action = f"{url}/kata-sandi"
    form = page_form(web, url, action)
    form["password"] = "kata-sandi-baru-1"
    shown = form.submit()
    assert shown.status_int == 200 and "kata-sandi-baru-1" not in shown.text
    assert fresh(db_session, manager).check_password("kata-sandi-baru-1")

    refused = submit_refused(page_form(web, url, action), password="pendek")
    assert any("12" in m for m in errors(refused)), errors(refused)
    assert fresh(db_session, manager).check_password("kata-sandi-baru-1")


@dataclass(frozen=True)
class Switch:
    """A deactivate / reactivate button of the office's lists, and the flag it flips."""

    fixture: str  # the row: "coop", "gallery" or "manager"
    page: str
    action: str  # with {id}
    flag: str
    flashed: str  # part of the message after deactivating
    closes_gallery: bool  # the gallery leaves the shop
    reopens_gallery: bool  # ... and is back after reactivating (checked)


SWITCHES = {
    "cooperative": Switch(
        "coop", "/admin/koperasi", "/admin/koperasi/{id}/status", "is_active", "dinonaktifkan",
        closes_gallery=True, reopens_gallery=False,
    ),
    "gallery": Switch(
        "gallery", "/admin/koperasi", "/admin/galeri/{id}/status", "is_active",
        "Galeri Gula Aren Setu", closes_gallery=True, reopens_gallery=True,
    ),
    "manager": Switch(
        "manager", "/admin/pengelola", "/admin/pengelola/{id}/status", "is_active_account",
        "Bu Sari", closes_gallery=False, reopens_gallery=False,
    ),
}  # fmt: skip


@pytest.mark.parametrize("switch", SWITCHES.values(), ids=SWITCHES.keys())
def test_deactivate_and_reactivate_as_rendered(request, web, db_session, office, gallery, switch):  # type: ignore[no-untyped-def]
    row = request.getfixturevalue(switch.fixture)
    action = switch.action.format(id=row.id)
    landed = page_form(web, switch.page, action).submit().follow()
    assert switch.flashed in flash_text(landed)
    assert getattr(fresh(db_session, row), switch.flag) is False
    if switch.closes_gallery:
        assert not still_open_in_the_shop(web, gallery)
    page_form(web, switch.page, action).submit()
    assert getattr(fresh(db_session, row), switch.flag) is True
    if switch.reopens_gallery:
        assert still_open_in_the_shop(web, gallery)


@pytest.mark.parametrize("switch", SWITCHES.values(), ids=SWITCHES.keys())
def test_status_from_an_expired_page_is_refused(request, web, db_session, office, switch):  # type: ignore[no-untyped-def]
    row = request.getfixturevalue(switch.fixture)
    form = page_form(web, switch.page, switch.action.format(id=row.id))
    expired_session_refuses(web, office, form)
    assert getattr(fresh(db_session, row), switch.flag) is True


# The walker: every admin form page, blank and with one invalid value


@dataclass(frozen=True)
class AdminForm:
    page: str  # with {coop}, {gallery}, {manager} filled from the fixtures
    action: str | None  # None: the page posts to itself
    invalid: dict[str, str]
    blank_is_fine: bool = False  # an empty new password means "make one up"


ADMIN_FORMS = [
    AdminForm("/admin/koperasi/baru", None, {"commission_rate_percent": "banyak"}),
    AdminForm("/admin/koperasi/{coop}", None, {"phone": "12"}),
    AdminForm(
        "/admin/galeri/baru?koperasi={coop}", "/admin/galeri/baru", {"max_radius_km": "jauh"}
    ),
    AdminForm("/admin/galeri/{gallery}", None, {"base_fee": "lima ribu"}),
    AdminForm("/admin/galeri/{gallery}/kurir", None, {"max_radius_km": "jauh"}),
    AdminForm("/admin/pengelola/baru", None, {"email": "bukan-email"}),
    AdminForm("/admin/pengelola/{manager}", None, {"email": "bukan-email"}),
    AdminForm(
        "/admin/pengelola/{manager}",
        "/admin/pengelola/{manager}/kata-sandi",
        {"password": "pendek"},
        blank_is_fine=True,
    ),
]


def snapshot(db_session) -> list:  # type: ignore[no-untyped-def]
    """What the console can change, to check a refusal changed nothing."""
    db_session.expire_all()
    coops = db_session.execute(select(Cooperative.id, Cooperative.name, Cooperative.phone)).all()
    galleries = db_session.execute(
        select(Gallery.id, Gallery.name, Gallery.base_fee, Gallery.max_radius_km)
    ).all()
    users = db_session.execute(select(User.id, User.email, User.password_hash)).all()
    return [sorted(coops), sorted(galleries), sorted(users)]


@pytest.mark.parametrize("spec", ADMIN_FORMS, ids=lambda s: s.action or s.page)
def test_every_admin_form_says_why_and_keeps_input(  # type: ignore[no-untyped-def]
    web, db_session, office, gallery, manager, spec
):
    ids = {"coop": gallery.cooperative_id, "gallery": gallery.id, "manager": manager.id}
    page = spec.page.format(**ids)
    action = (spec.action or page).format(**ids).split("?")[0]
    before = snapshot(db_session)

    refused = submit_refused(form_for(web.get(page), action), **spec.invalid)
    kept = {k: v for k, v in spec.invalid.items() if k != "password"}
    assert_kept(refused, action, kept)
    assert snapshot(db_session) == before

    blank_form = form_for(web.get(page), action)
    names = typed_fields(blank_form)
    assert names, "the walker only visits forms with typed fields"
    if spec.blank_is_fine:
        assert blank_form.submit().status_int == 200  # a password is made up and shown once
        return
    blank = submit_blank(blank_form)
    assert_kept(blank, action, {n: "" for n in names if n != "password"})
    assert snapshot(db_session) == before
