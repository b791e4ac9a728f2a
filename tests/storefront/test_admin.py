"""The city office's console: cooperatives, galleries and managers, through the web pages."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from accounts import admin_services
from accounts.models import Role, User
from catalog.models import Cooperative, Gallery, Kecamatan, Kelurahan
from registry import cooperatives as registry_coops
from registry import rounds as registry_rounds
from registry import umkm as registry_umkm
from registry.models import Board, LegalForm, Sector
from tests import factories
from tests.conftest import login
from tests.storefront.manage_helpers import fresh
from tests.webforms import errors, flash_text, form_for, submit_refused
from tests.webforms import log_in as web_log_in

PASSWORD = "kota-rahasia-1"
TOKEN = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(client, url: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url)
    match = TOKEN.search(page.data)
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1).decode()


def post(client, url: str, data: dict | None = None, form_url: str | None = None):  # type: ignore[no-untyped-def]
    """POST with a CSRF token taken from ``form_url`` (the form's own page by default)."""
    token = csrf_from(client, form_url or url)
    return client.post(url, data=(data or {}) | {"csrf_token": token})


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def kecamatan(db_session, slug: str = "setu") -> Kecamatan:  # type: ignore[no-untyped-def]
    return db_session.scalar(select(Kecamatan).where(Kecamatan.slug == slug))


@pytest.fixture
def admin(web, client, db_session) -> User:  # type: ignore[no-untyped-def]
    """The city office, logged in both in the browser-like ``web`` (forms as rendered) and in
    ``client`` (hand-built hostile requests)."""
    user = factories.user(db_session, password=PASSWORD, role=Role.ADMIN)
    web_log_in(web, user, PASSWORD)
    assert login(client, user.email, PASSWORD).status_code == 302
    return user


def can_log_in(app, email: str, password: str) -> bool:  # type: ignore[no-untyped-def]
    return login(app.test_client(), email, password).status_code == 302


def fill(form, values: dict):  # type: ignore[no-untyped-def]
    """Type ``values`` into the rendered form (only fields the page shows)."""
    for name, value in values.items():
        form[name] = value
    return form


def submit(web, page_url: str, values: dict, action: str | None = None):  # type: ignore[no-untyped-def]
    """Open ``page_url``, fill its form posting to ``action`` (the page itself by default), send."""
    form = form_for(web.get(page_url), action or page_url)
    return fill(form, values).submit(expect_errors=True)


def coop_form(db_session, **kw) -> dict:  # type: ignore[no-untyped-def]
    return {
        "name": "Koperasi Anyaman Setu",
        "legal_type": "produsen",
        "kecamatan_id": str(kecamatan(db_session).id),
        "address": "Jl. Raya Setu No. 9",
        "phone": "021-7412345",
        "commission_rate_percent": "15",
        "description": "Anyaman bambu dan pandan.",
    } | kw


def gallery_form(db_session, coop_id: int, **kw) -> dict:  # type: ignore[no-untyped-def]
    return {
        "name": "Galeri Anyaman Setu",
        "cooperative_id": str(coop_id),
        "kecamatan_id": str(kecamatan(db_session).id),
        "kelurahan_id": "",
        "address": "Jl. Raya Setu No. 9",
        "position": "-6.3500, 106.6700",
        "opening_hours": "Senin–Sabtu 08.00–16.00",
        "whatsapp": "0812-3456-7890",
        "description": "Anyaman pandan.",
        "base_fee": "8.000",
        "per_km_fee": "Rp 2.500",
        "max_radius_km": "7,5",
    } | kw


def manager_form(coop_id: int, **kw) -> dict:  # type: ignore[no-untyped-def]
    return {
        "name": "Bu Ratna",
        "email": "ratna@koperasi.example",
        "cooperative_id": str(coop_id),
        "password": "",
    } | kw


def create_coop(web, db_session, **kw) -> Cooperative:  # type: ignore[no-untyped-def]
    response = submit(web, "/admin/koperasi/baru", coop_form(db_session, **kw))
    assert response.status_int == 302, errors(response)
    name = " ".join(kw.get("name", "Koperasi Anyaman Setu").split())
    return db_session.scalar(select(Cooperative).where(Cooperative.name == name))


def create_gallery(web, db_session, coop_id: int, **kw) -> Gallery:  # type: ignore[no-untyped-def]
    response = submit(web, "/admin/galeri/baru", gallery_form(db_session, coop_id, **kw))
    assert response.status_int == 302, errors(response)
    name = kw.get("name", "Galeri Anyaman Setu")
    return db_session.scalar(select(Gallery).where(Gallery.name == name))


def create_manager(web, coop_id: int, **kw):  # type: ignore[no-untyped-def]
    values = manager_form(coop_id, **kw)
    if not values["password"]:
        del values["password"]
    return submit(web, "/admin/pengelola/baru", values)


def shown_password(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'<strong class="password"><code>([^<]+)</code>', response.text)
    assert match, "the generated password is not shown"
    return match.group(1)


def page_form(web, url: str):  # type: ignore[no-untyped-def]
    """The form a page posts to itself, as rendered."""
    return form_for(web.get(url), url)


def press_status(web, list_url: str, action: str):  # type: ignore[no-untyped-def]
    """Press the (de)activate button that ``list_url`` renders for ``action``."""
    return form_for(web.get(list_url), action).submit()


# The whole journey


def test_the_city_office_opens_a_gallery_and_gives_it_a_manager(app, web, db_session, admin):
    response = submit(web, "/admin/koperasi/baru", coop_form(db_session))
    coop = db_session.scalar(select(Cooperative).where(Cooperative.name == "Koperasi Anyaman Setu"))
    assert coop is not None and coop.phone == "+62217412345"
    assert response.headers["Location"].endswith(f"/admin/galeri/baru?koperasi={coop.id}")
    form_page = response.follow()
    assert form_for(form_page, "/admin/galeri/baru")["cooperative_id"].value == str(coop.id)

    gallery = create_gallery(web, db_session, coop.id)
    assert gallery.slug == "galeri-anyaman-setu"
    assert gallery.whatsapp == "+6281234567890"
    assert (gallery.lat, gallery.lng, gallery.max_radius_km) == (-6.35, 106.67, 7.5)
    assert (gallery.base_fee, gallery.per_km_fee) == (8000, 2500)
    shop_page = web.get(f"/galeri/{gallery.slug}")
    assert "Galeri Anyaman Setu" in shop_page.text
    assert "Galeri Anyaman Setu" in web.get("/").text

    created = create_manager(web, coop.id)
    assert created.status_int == 200
    assert created.headers["Cache-Control"] == "no-store"
    password = shown_password(created)
    assert len(password) >= 12
    manager = db_session.scalar(select(User).where(User.email == "ratna@koperasi.example"))
    assert manager.role is Role.MANAGER and manager.cooperative_id == coop.id
    assert password not in manager.password_hash and manager.check_password(password)
    assert password not in web.get("/admin/pengelola").text

    phone = app.test_client()
    assert login(phone, "ratna@koperasi.example", password).status_code == 302
    console = phone.get("/kelola/")
    assert console.status_code == 200 and "Galeri Anyaman Setu" in html(console)

    overview = web.get("/admin/").text
    for name in ("Koperasi Anyaman Setu", "Galeri Anyaman Setu", "Bu Ratna"):
        assert name in overview


def test_editing_a_cooperative_and_a_gallery(web, db_session, admin):
    coop = create_coop(web, db_session)
    gallery = create_gallery(web, db_session, coop.id)
    kelurahan = db_session.scalar(
        select(Kelurahan).where(Kelurahan.kecamatan_id == kecamatan(db_session).id)
    )
    url = f"/admin/galeri/{gallery.id}"
    form = form_for(web.get(url), url)
    assert form["position"].value == "-6.350000, 106.670000"
    assert form["max_radius_km"].value == "7,5"  # the page's locale
    fill(
        form,
        {
            "name": "Galeri Pandan Setu",
            "kelurahan_id": str(kelurahan.id),
            "position": "-6,3412; 106,6801",
            "whatsapp": "",
        },
    )
    response = form.submit()
    assert response.status_int == 302
    assert "Galeri Pandan Setu" in flash_text(response.follow())
    gallery = fresh(db_session, gallery)
    assert gallery.name == "Galeri Pandan Setu" and gallery.slug == "galeri-anyaman-setu"
    assert (gallery.lat, gallery.lng) == (-6.3412, 106.6801)
    assert gallery.kelurahan_id == kelurahan.id and gallery.whatsapp == ""

    url = f"/admin/koperasi/{coop.id}"
    response = submit(web, url, {"legal_type": "pemasaran", "commission_rate_percent": "20"})
    assert response.status_int == 302
    coop = fresh(db_session, coop)
    assert coop.legal_type.value == "pemasaran" and coop.commission_rate_percent == 20
    assert form_for(web.get(url), url)["legal_type"].value == "pemasaran"


# Deactivation


@pytest.fixture
def live_gallery(app, web, db_session, admin):  # type: ignore[no-untyped-def]
    """A cooperative, its gallery with one product, and a manager logged in on another phone."""
    coop = create_coop(web, db_session)
    gallery = create_gallery(web, db_session, coop.id)
    product = factories.product(
        db_session,
        gallery=gallery,
        member=factories.member(db_session, cooperative=coop),
        name="Tas Anyaman Pandan",
    )
    password = shown_password(create_manager(web, coop.id))
    phone = app.test_client()
    assert login(phone, "ratna@koperasi.example", password).status_code == 302
    return {
        "coop": coop.id,
        "gallery": gallery.id,
        "slug": gallery.slug,
        "product": product.id,
        "product_slug": product.slug,
        "phone": phone,
        "password": password,
        "manager": db_session.scalar(select(User.id).where(User.email == "ratna@koperasi.example")),
    }


def test_a_deactivated_gallery_leaves_the_shop_and_the_console(web, db_session, live_gallery):
    g, phone = live_gallery, live_gallery["phone"]
    action = f"/admin/galeri/{g['gallery']}/status"
    assert phone.get(f"/kelola/produk/{g['product']}").status_code == 200
    assert form_for(web.get("/admin/koperasi"), action)["active"].value == "0"
    response = press_status(web, "/admin/koperasi", action)
    assert response.status_int == 302
    assert "Galeri Anyaman Setu" in flash_text(response.follow())
    assert db_session.get(Gallery, g["gallery"]).is_active is False

    assert web.get(f"/galeri/{g['slug']}", status=404)
    assert web.get(f"/produk/{g['product_slug']}", status=404)
    assert "Galeri Anyaman Setu" not in web.get("/").text
    assert "Galeri Anyaman Setu" not in html(phone.get("/kelola/"))
    assert phone.get(f"/kelola/produk/{g['product']}").status_code == 404

    assert form_for(web.get("/admin/koperasi"), action)["active"].value == "1"
    press_status(web, "/admin/koperasi", action)
    assert web.get(f"/galeri/{g['slug']}").status_int == 200
    assert "Galeri Anyaman Setu" in html(phone.get("/kelola/"))


def test_deactivating_twice_leaves_it_deactivated(web, db_session, live_gallery):
    action = f"/admin/galeri/{live_gallery['gallery']}/status"
    first_tab = form_for(web.get("/admin/koperasi"), action)
    second_tab = form_for(web.get("/admin/koperasi"), action)
    first_tab.submit()
    second_tab.submit()  # the same "Deactivate" button, from a tab opened before
    assert fresh(db_session, db_session.get(Gallery, live_gallery["gallery"])).is_active is False


def test_a_deactivated_cooperative_locks_its_manager_out(app, web, db_session, live_gallery):
    g, phone = live_gallery, live_gallery["phone"]
    action = f"/admin/koperasi/{g['coop']}/status"
    assert press_status(web, "/admin/koperasi", action).status_int == 302
    assert fresh(db_session, db_session.get(Cooperative, g["coop"])).is_active is False
    assert web.get(f"/galeri/{g['slug']}", status=404)

    kicked_out = phone.get("/kelola/")
    assert kicked_out.status_code == 302 and "/akun/masuk" in kicked_out.headers["Location"]
    assert not can_log_in(app, "ratna@koperasi.example", g["password"])

    press_status(web, "/admin/koperasi", action)
    assert can_log_in(app, "ratna@koperasi.example", g["password"])
    assert web.get(f"/galeri/{g['slug']}").status_int == 200


def test_a_deactivated_manager_account_cannot_log_in(app, web, db_session, live_gallery):
    g, phone = live_gallery, live_gallery["phone"]
    action = f"/admin/pengelola/{g['manager']}/status"
    response = press_status(web, "/admin/pengelola", action)
    assert response.status_int == 302
    assert "Bu Ratna" in flash_text(response.follow())
    assert fresh(db_session, db_session.get(User, g["manager"])).is_active_account is False
    assert phone.get("/kelola/").status_code == 302
    assert not can_log_in(app, "ratna@koperasi.example", g["password"])
    assert web.get(f"/galeri/{g['slug']}").status_int == 200  # the gallery stays open

    press_status(web, "/admin/pengelola", action)
    assert can_log_in(app, "ratna@koperasi.example", g["password"])


def test_a_new_password_replaces_the_old_one(app, web, db_session, live_gallery):
    g = live_gallery
    url = f"/admin/pengelola/{g['manager']}"
    action = f"{url}/kata-sandi"
    chosen = submit(web, url, {"password": "gula-aren-99"}, action)
    assert chosen.status_int == 200 and "gula-aren-99" not in chosen.text
    assert not can_log_in(app, "ratna@koperasi.example", g["password"])
    assert can_log_in(app, "ratna@koperasi.example", "gula-aren-99")
    generated = shown_password(submit(web, url, {"password": ""}, action))
    assert can_log_in(app, "ratna@koperasi.example", generated)
    too_short = submit_refused(form_for(web.get(url), action), password="pendek")
    assert too_short.status_int == 400 and 'id="password-err"' in too_short.text
    assert can_log_in(app, "ratna@koperasi.example", generated)


def test_editing_a_manager_moves_them_to_another_cooperative(web, db_session, live_gallery):
    other = create_coop(web, db_session, name="Koperasi Kedua")
    url = f"/admin/pengelola/{live_gallery['manager']}"
    values = {"name": "Bu Ratna S.", "email": "RATNA2@koperasi.example"}
    response = submit(web, url, values | {"cooperative_id": str(other.id)})
    assert response.status_int == 302
    user = fresh(db_session, db_session.get(User, live_gallery["manager"]))
    assert (user.name, user.email, user.cooperative_id) == (
        "Bu Ratna S.",
        "ratna2@koperasi.example",
        other.id,
    )


# Bad input


def field_error(response, field: str) -> bool:  # type: ignore[no-untyped-def]
    """A hand-built request's refusal: a 400 with the reason beside ``field``."""
    return response.status_code == 400 and f'id="{field}-err"' in html(response)


def refused_beside(page, field: str) -> bool:  # type: ignore[no-untyped-def]
    """A rendered form's refusal: a 400 with the reason beside ``field``."""
    return page.status_int == 400 and f'id="{field}-err"' in page.text


def set_status(client, url: str, active: bool):  # type: ignore[no-untyped-def]
    """A hand-built status post (for forged ids), with a token from the list page."""
    return post(client, url, {"active": "1" if active else "0"}, form_url="/admin/koperasi")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "K" * 161}, "name"),
        ({"phone": "12"}, "phone"),
        ({"commission_rate_percent": "-5"}, "commission_rate_percent"),
        ({"commission_rate_percent": "9" * 30}, "commission_rate_percent"),
    ],
)
def test_bad_cooperative_input_is_shown_and_nothing_saved(web, db_session, admin, change, field):
    form = fill(page_form(web, "/admin/koperasi/baru"), coop_form(db_session))
    refused = submit_refused(form, **change)
    assert refused_beside(refused, field), errors(refused)
    assert (
        db_session.scalar(select(Cooperative).where(Cooperative.address == "Jl. Raya Setu No. 9"))
        is None
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"legal_type": "bank"}, "legal_type"),
        ({"kecamatan_id": "99999999999999999999"}, "kecamatan_id"),
        ({"kecamatan_id": "abc"}, "kecamatan_id"),
    ],
)
def test_forged_cooperative_choices_are_refused(client, db_session, admin, change, field):
    response = post(client, "/admin/koperasi/baru", coop_form(db_session, **change))
    assert field_error(response, field), html(response)
    assert (
        db_session.scalar(select(Cooperative).where(Cooperative.address == "Jl. Raya Setu No. 9"))
        is None
    )


def test_duplicate_cooperative_names_are_refused(web, db_session, admin):
    create_coop(web, db_session)
    refused = submit_refused(
        fill(page_form(web, "/admin/koperasi/baru"), coop_form(db_session)),
        name="koperasi ANYAMAN setu",
    )
    assert refused_beside(refused, "name")
    seeded = db_session.scalar(select(Cooperative).order_by(Cooperative.id))
    coop = create_coop(web, db_session, name="Koperasi Lain")
    url = f"/admin/koperasi/{coop.id}"
    assert refused_beside(submit_refused(form_for(web.get(url), url), name=seeded.name), "name")
    assert fresh(db_session, coop).name == "Koperasi Lain"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"address": ""}, "address"),
        ({"whatsapp": "0812"}, "whatsapp"),
        ({"whatsapp": "+1 202 555 0143"}, "whatsapp"),
        ({"whatsapp": "<script>"}, "whatsapp"),
        ({"position": ""}, "position"),
        ({"position": "di samping masjid"}, "position"),
        ({"position": "106.67, -6.35"}, "position"),
        ({"position": "6.35, 106.67"}, "position"),
        ({"position": "-6.9175, 107.6191"}, "position"),
        ({"position": "nan, nan"}, "position"),
        ({"position": "-6.35, 106.67, 3"}, "position"),
        ({"base_fee": "-5000"}, "base_fee"),
        ({"base_fee": "9" * 40}, "base_fee"),
        ({"base_fee": "lima ribu"}, "base_fee"),
        ({"per_km_fee": "-1"}, "per_km_fee"),
        ({"max_radius_km": "-3"}, "max_radius_km"),
        ({"max_radius_km": "0"}, "max_radius_km"),
        ({"max_radius_km": "nan"}, "max_radius_km"),
        ({"max_radius_km": "1e308"}, "max_radius_km"),
    ],
)
def test_bad_gallery_input_is_shown_and_nothing_saved(web, db_session, admin, change, field):
    coop = create_coop(web, db_session)
    form = form_for(web.get("/admin/galeri/baru"), "/admin/galeri/baru")
    refused = submit_refused(fill(form, gallery_form(db_session, coop.id)), **change)
    assert refused_beside(refused, field), errors(refused)
    assert db_session.scalar(select(Gallery).where(Gallery.cooperative_id == coop.id)) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kecamatan_id": str(2**31)}, "kecamatan_id"),
        ({"cooperative_id": "0"}, "cooperative_id"),
        ({"kelurahan_id": "99999999999999999999999"}, "kelurahan_id"),
    ],
)
def test_forged_gallery_choices_are_refused(client, web, db_session, admin, change, field):
    coop = create_coop(web, db_session)
    response = post(client, "/admin/galeri/baru", gallery_form(db_session, coop.id, **change))
    assert field_error(response, field), html(response)
    assert db_session.scalar(select(Gallery).where(Gallery.cooperative_id == coop.id)) is None


def test_a_kelurahan_of_another_kecamatan_is_refused(web, db_session, admin):
    coop = create_coop(web, db_session)
    elsewhere = db_session.scalar(
        select(Kelurahan).where(Kelurahan.kecamatan_id == kecamatan(db_session, "pamulang").id)
    )
    form = fill(page_form(web, "/admin/galeri/baru"), gallery_form(db_session, coop.id))
    refused = submit_refused(form, kelurahan_id=str(elsewhere.id))
    assert refused_beside(refused, "kelurahan_id")
    assert db_session.scalar(select(Gallery).where(Gallery.cooperative_id == coop.id)) is None


def test_duplicate_gallery_names_are_refused(web, db_session, admin):
    coop = create_coop(web, db_session)
    create_gallery(web, db_session, coop.id)
    form = fill(page_form(web, "/admin/galeri/baru"), gallery_form(db_session, coop.id))
    refused = submit_refused(form, name="GALERI ANYAMAN SETU")
    assert refused_beside(refused, "name")
    assert (
        len(db_session.scalars(select(Gallery).where(Gallery.cooperative_id == coop.id)).all()) == 1
    )


def test_html_is_stored_as_typed_and_shown_escaped(web, db_session, admin):
    evil = "<script>alert('x')</script>"
    coop = create_coop(web, db_session, name=f"Koperasi {evil}")
    gallery = create_gallery(
        web, db_session, coop.id, name=f"Galeri {evil}", description=f"<b>Murah</b> {evil}"
    )
    assert gallery.description == f"<b>Murah</b> {evil}"
    for url in (
        "/admin/",
        "/admin/koperasi",
        f"/admin/galeri/{gallery.id}",
        f"/galeri/{gallery.slug}",
    ):
        page = web.get(url).text
        assert "<script>alert" not in page and "<b>Murah" not in page, url
        assert "&lt;script&gt;alert(" in page or "&lt;script&gt;alert&#40;" in page, url


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "bukan-email"}, "email"),
        ({"email": ""}, "email"),
        ({"name": ""}, "name"),
        ({"password": "pendek"}, "password"),
    ],
)
def test_bad_manager_input_is_shown_and_nothing_saved(web, db_session, admin, change, field):
    coop = create_coop(web, db_session)
    values = manager_form(coop.id) | change
    refused = submit_refused(page_form(web, "/admin/pengelola/baru"), **values)
    assert refused_beside(refused, field), errors(refused)
    assert (
        db_session.scalar(
            select(User).where(User.role == Role.MANAGER, User.cooperative_id == coop.id)
        )
        is None
    )


def test_a_forged_cooperative_for_a_manager_is_refused(client, web, db_session, admin):
    coop = create_coop(web, db_session)
    form = manager_form(coop.id, cooperative_id="99999999999999999999")
    assert field_error(post(client, "/admin/pengelola/baru", form), "cooperative_id")
    assert db_session.scalar(select(User).where(User.email == "ratna@koperasi.example")) is None


def test_a_taken_email_is_refused_for_a_manager(web, db_session, admin):
    coop = create_coop(web, db_session)
    factories.user(db_session, email="sudah@ada.example")
    refused = submit_refused(
        page_form(web, "/admin/pengelola/baru"),
        **manager_form(coop.id, email="SUDAH@ada.example"),
    )
    assert refused_beside(refused, "email")
    shopper = db_session.scalar(select(User).where(User.email == "sudah@ada.example"))
    assert shopper.role is Role.SHOPPER


def test_an_initial_password_set_by_the_office_works_and_is_not_shown(app, web, db_session, admin):
    coop = create_coop(web, db_session)
    response = create_manager(web, coop.id, password="pilihan-kantor")
    assert response.status_int == 200 and "pilihan-kantor" not in response.text
    assert can_log_in(app, "ratna@koperasi.example", "pilihan-kantor")


def test_huge_missing_and_wrong_ids_are_404(client, db_session, admin):
    shopper_id, admin_id = factories.user(db_session).id, admin.id
    db_session.commit()  # releases the test's savepoint: a 404 below rolls its request back
    for url in [
        "/admin/koperasi/99999999999999999999",
        f"/admin/koperasi/{2**31}",
        "/admin/koperasi/0",
        "/admin/koperasi/-1",
        "/admin/galeri/99999999999999999999",
        "/admin/galeri/2147483647",
        "/admin/pengelola/99999999999999999999",
        f"/admin/pengelola/{shopper_id}",
        f"/admin/pengelola/{admin_id}",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        "/admin/koperasi/99999999999999999999/status",
        f"/admin/galeri/{2**31}/status",
        f"/admin/pengelola/{shopper_id}/status",
        f"/admin/pengelola/{admin_id}/kata-sandi",
    ]:
        assert set_status(client, url, active=False).status_code == 404, url
    assert db_session.get(User, shopper_id).is_active_account is True
    gallery_page = client.get("/admin/galeri/baru?koperasi=99999999999999999999")
    assert gallery_page.status_code == 200


def test_status_changes_need_post_a_token_and_a_clear_wish(client, web, db_session, admin):
    coop_id = create_coop(web, db_session).id
    url = f"/admin/koperasi/{coop_id}/status"
    assert client.get(url).status_code == 405
    assert client.post(url, data={"active": "0"}).status_code == 400
    for wish in ("", "2", "yes"):
        assert post(client, url, {"active": wish}, "/admin/koperasi").status_code == 400
    assert fresh(db_session, db_session.get(Cooperative, coop_id)).is_active is True


# Who may enter


def admin_urls(app, db_session) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every admin route as (method, url), with ids of real records filled in."""
    coop = factories.cooperative(db_session)
    record = registry_coops.create_record(
        db_session,
        registry_coops.CooperativeRecordInput(
            name="Koperasi Terdaftar", legal_form=LegalForm.JASA, kecamatan_id=coop.kecamatan_id
        ),
        date(2026, 12, 8),
    )
    official = registry_coops.add_official(db_session, record, Board.PENGURUS, "Ketua", "Ani")
    umkm = registry_umkm.create_umkm(
        db_session,
        registry_umkm.UmkmInput(
            owner_name="Ani",
            business_name="Keripik Ani",
            sector=Sector.KULINER,
            kecamatan_id=coop.kecamatan_id,
        ),
    )
    ids = {
        "coop_id": coop.id,
        "gallery_id": factories.gallery(db_session, cooperative=coop).id,
        "user_id": factories.user(db_session, role=Role.MANAGER, cooperative=coop).id,
        "record_id": record.id,
        "official_id": official.id,
        "umkm_id": umkm.id,
        "round_id": registry_rounds.open_round(
            db_session,
            registry_rounds.RoundInput("Pendataan Uji", 2026, date(2026, 12, 31)),
            None,
            date(2026, 12, 8),
        ).id,
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", str(ids[name]))
        urls += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    assert len(urls) >= 12
    return urls


@pytest.mark.parametrize("role", [Role.SHOPPER, Role.MANAGER, Role.COURIER])
def test_other_roles_are_forbidden_everywhere(app, client, db_session, role):
    urls = admin_urls(app, db_session)
    coop = factories.cooperative(db_session)
    links = {
        Role.MANAGER: {"cooperative": coop},
        Role.COURIER: {"gallery": factories.gallery(db_session, cooperative=coop)},
    }.get(role, {})
    user = factories.user(db_session, password=PASSWORD, role=role, **links)
    assert login(client, user.email, PASSWORD).status_code == 302
    token = csrf_from(client, "/akun/")
    names_before = db_session.scalars(select(Cooperative.name)).all()
    for method, url in urls:
        data = {"csrf_token": token, "active": "0", "name": "Diretas"}
        response = client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == 403, (role, method, url)
    assert db_session.scalars(select(Cooperative.name)).all() == names_before
    assert db_session.scalar(select(Cooperative).where(Cooperative.is_active.is_(False))) is None


def test_anonymous_visitors_are_sent_to_log_in(app, client, db_session):
    urls = admin_urls(app, db_session)
    token = csrf_from(client, "/akun/masuk")
    for method, url in urls:
        data = {"csrf_token": token, "active": "0"} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/akun/masuk"), (method, url)


# Services that the pages stand on


def test_generated_passwords_are_long_and_different():
    passwords = {admin_services.generate_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(len(p) == 14 and not set(p) & set("01ilo") for p in passwords)


def test_the_office_cannot_lock_itself_out(db_session):
    office = factories.user(db_session, role=Role.ADMIN)
    with pytest.raises(admin_services.OwnAccount):
        admin_services.set_account_active(db_session, office, False, actor_id=office.id)
    assert office.is_active_account is True


def test_the_overview_counts_per_kecamatan(web, db_session, admin):
    page = web.get("/admin/").text
    for name in db_session.scalars(select(Kecamatan.name)):
        assert f"<td>{name}</td>" in page
    coop = create_coop(web, db_session)
    gallery = create_gallery(web, db_session, coop.id)
    setu = kecamatan(db_session)
    before = re.search(rf"<tr><td>{setu.name}</td>\s*<td[^>]*>(\d+)</td>", page).group(1)
    after_page = web.get("/admin/").text
    after = re.search(rf"<tr><td>{setu.name}</td>\s*<td[^>]*>(\d+)</td>", after_page).group(1)
    assert int(after) == int(before) + 1
    assert gallery.name in after_page
