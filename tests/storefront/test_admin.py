"""The city office's console: cooperatives, galleries and managers, through the web pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from catalog.models import Cooperative, Gallery, Kecamatan, Kelurahan
from storefront.accounts import admin_services
from storefront.accounts.models import Role, User
from tests import factories
from tests.conftest import login

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
def admin(client, db_session) -> User:  # type: ignore[no-untyped-def]
    user = factories.user(db_session, password=PASSWORD, role=Role.ADMIN)
    assert login(client, user.email, PASSWORD).status_code == 302
    return user


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


def create_coop(client, db_session, **kw) -> Cooperative:  # type: ignore[no-untyped-def]
    response = post(client, "/admin/koperasi/baru", coop_form(db_session, **kw))
    assert response.status_code == 302, html(response)
    name = " ".join(kw.get("name", "Koperasi Anyaman Setu").split())
    return db_session.scalar(select(Cooperative).where(Cooperative.name == name))


def create_gallery(client, db_session, coop_id: int, **kw) -> Gallery:  # type: ignore[no-untyped-def]
    response = post(client, "/admin/galeri/baru", gallery_form(db_session, coop_id, **kw))
    assert response.status_code == 302, html(response)
    name = kw.get("name", "Galeri Anyaman Setu")
    return db_session.scalar(select(Gallery).where(Gallery.name == name))


def shown_password(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'<strong class="password"><code>([^<]+)</code>', html(response))
    assert match, "the generated password is not shown"
    return match.group(1)


def set_status(client, url: str, active: bool):  # type: ignore[no-untyped-def]
    return post(client, url, {"active": "1" if active else "0"}, form_url="/admin/koperasi")


# The whole journey


def test_the_city_office_opens_a_gallery_and_gives_it_a_manager(app, client, db_session, admin):
    response = post(client, "/admin/koperasi/baru", coop_form(db_session))
    coop = db_session.scalar(select(Cooperative).where(Cooperative.name == "Koperasi Anyaman Setu"))
    assert coop is not None and coop.phone == "+62217412345"
    assert response.headers["Location"] == f"/admin/galeri/baru?koperasi={coop.id}"
    form_page = html(client.get(response.headers["Location"]))
    assert f'<option selected value="{coop.id}">' in form_page

    gallery = create_gallery(client, db_session, coop.id)
    assert gallery.slug == "galeri-anyaman-setu"
    assert gallery.whatsapp == "+6281234567890"
    assert (gallery.lat, gallery.lng, gallery.max_radius_km) == (-6.35, 106.67, 7.5)
    assert (gallery.base_fee, gallery.per_km_fee) == (8000, 2500)
    shop_page = client.get(f"/galeri/{gallery.slug}")
    assert shop_page.status_code == 200 and "Galeri Anyaman Setu" in html(shop_page)
    assert "Galeri Anyaman Setu" in html(client.get("/"))

    created = post(client, "/admin/pengelola/baru", manager_form(coop.id))
    assert created.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"
    password = shown_password(created)
    assert len(password) >= 12
    manager = db_session.scalar(select(User).where(User.email == "ratna@koperasi.example"))
    assert manager.role is Role.MANAGER and manager.cooperative_id == coop.id
    assert password not in manager.password_hash and manager.check_password(password)
    assert password not in html(client.get("/admin/pengelola"))

    phone = app.test_client()
    assert login(phone, "ratna@koperasi.example", password).status_code == 302
    console = phone.get("/kelola/")
    assert console.status_code == 200 and "Galeri Anyaman Setu" in html(console)

    overview = html(client.get("/admin/"))
    for name in ("Koperasi Anyaman Setu", "Galeri Anyaman Setu", "Bu Ratna"):
        assert name in overview


def test_editing_a_cooperative_and_a_gallery(client, db_session, admin):
    coop = create_coop(client, db_session)
    gallery = create_gallery(client, db_session, coop.id)
    kelurahan = db_session.scalar(
        select(Kelurahan).where(Kelurahan.kecamatan_id == kecamatan(db_session).id)
    )
    edit_page = html(client.get(f"/admin/galeri/{gallery.id}"))
    assert 'value="-6.350000, 106.670000"' in edit_page
    response = post(
        client,
        f"/admin/galeri/{gallery.id}",
        gallery_form(
            db_session,
            coop.id,
            name="Galeri Pandan Setu",
            kelurahan_id=str(kelurahan.id),
            position="-6,3412; 106,6801",
            whatsapp="",
        ),
    )
    assert response.status_code == 302
    gallery = db_session.get(Gallery, gallery.id)
    assert gallery.name == "Galeri Pandan Setu" and gallery.slug == "galeri-anyaman-setu"
    assert (gallery.lat, gallery.lng) == (-6.3412, 106.6801)
    assert gallery.kelurahan_id == kelurahan.id and gallery.whatsapp == ""

    response = post(
        client,
        f"/admin/koperasi/{coop.id}",
        coop_form(db_session, legal_type="pemasaran", commission_rate_percent="20"),
    )
    assert response.status_code == 302
    coop = db_session.get(Cooperative, coop.id)
    assert coop.legal_type.value == "pemasaran" and coop.commission_rate_percent == 20
    assert '<option selected value="pemasaran">' in html(client.get(f"/admin/koperasi/{coop.id}"))


# Deactivation


@pytest.fixture
def live_gallery(app, client, db_session, admin):  # type: ignore[no-untyped-def]
    """A cooperative, its gallery with one product, and a manager logged in on another phone."""
    coop = create_coop(client, db_session)
    gallery = create_gallery(client, db_session, coop.id)
    product = factories.product(
        db_session,
        gallery=gallery,
        member=factories.member(db_session, cooperative=coop),
        name="Tas Anyaman Pandan",
    )
    password = shown_password(post(client, "/admin/pengelola/baru", manager_form(coop.id)))
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


def test_a_deactivated_gallery_leaves_the_shop_and_the_console(client, db_session, live_gallery):
    g, phone = live_gallery, live_gallery["phone"]
    assert phone.get(f"/kelola/produk/{g['product']}").status_code == 200
    button = re.search(
        rf'action="/admin/galeri/{g["gallery"]}/status">.*?name="active" value="(\d)"',
        html(client.get("/admin/koperasi")),
        re.S,
    )
    assert button and button.group(1) == "0"
    response = set_status(client, f"/admin/galeri/{g['gallery']}/status", active=False)
    assert response.status_code == 302
    assert db_session.get(Gallery, g["gallery"]).is_active is False

    assert client.get(f"/galeri/{g['slug']}").status_code == 404
    assert client.get(f"/produk/{g['product_slug']}").status_code == 404
    assert "Galeri Anyaman Setu" not in html(client.get("/"))
    assert "Galeri Anyaman Setu" not in html(phone.get("/kelola/"))
    assert phone.get(f"/kelola/produk/{g['product']}").status_code == 404

    set_status(client, f"/admin/galeri/{g['gallery']}/status", active=True)
    assert client.get(f"/galeri/{g['slug']}").status_code == 200
    assert "Galeri Anyaman Setu" in html(phone.get("/kelola/"))


def test_deactivating_twice_leaves_it_deactivated(client, db_session, live_gallery):
    url = f"/admin/galeri/{live_gallery['gallery']}/status"
    set_status(client, url, active=False)
    set_status(client, url, active=False)
    assert db_session.get(Gallery, live_gallery["gallery"]).is_active is False


def test_a_deactivated_cooperative_locks_its_manager_out(app, client, db_session, live_gallery):
    g, phone = live_gallery, live_gallery["phone"]
    response = set_status(client, f"/admin/koperasi/{g['coop']}/status", active=False)
    assert response.status_code == 302
    assert client.get(f"/galeri/{g['slug']}").status_code == 404

    kicked_out = phone.get("/kelola/")
    assert kicked_out.status_code == 302 and "/akun/masuk" in kicked_out.headers["Location"]
    again = app.test_client()
    assert login(again, "ratna@koperasi.example", g["password"]).status_code == 200
    assert again.get("/kelola/").status_code == 302

    set_status(client, f"/admin/koperasi/{g['coop']}/status", active=True)
    assert login(again, "ratna@koperasi.example", g["password"]).status_code == 302
    assert again.get("/kelola/").status_code == 200
    assert client.get(f"/galeri/{g['slug']}").status_code == 200


def test_a_deactivated_manager_account_cannot_log_in(app, client, db_session, live_gallery):
    g, phone = live_gallery, live_gallery["phone"]
    response = post(
        client, f"/admin/pengelola/{g['manager']}/status", {"active": "0"}, "/admin/pengelola"
    )
    assert response.status_code == 302
    assert db_session.get(User, g["manager"]).is_active_account is False
    assert phone.get("/kelola/").status_code == 302
    assert login(app.test_client(), "ratna@koperasi.example", g["password"]).status_code == 200
    assert client.get(f"/galeri/{g['slug']}").status_code == 200  # the gallery stays open

    post(client, f"/admin/pengelola/{g['manager']}/status", {"active": "1"}, "/admin/pengelola")
    assert login(app.test_client(), "ratna@koperasi.example", g["password"]).status_code == 302


def test_a_new_password_replaces_the_old_one(app, client, db_session, live_gallery):
    g = live_gallery
    url = f"/admin/pengelola/{g['manager']}"
    chosen = post(client, f"{url}/kata-sandi", {"password": "gula-aren-99"}, url)
    assert chosen.status_code == 200 and "gula-aren-99" not in html(chosen)
    assert login(app.test_client(), "ratna@koperasi.example", g["password"]).status_code == 200
    assert login(app.test_client(), "ratna@koperasi.example", "gula-aren-99").status_code == 302
    generated = shown_password(post(client, f"{url}/kata-sandi", {"password": ""}, url))
    assert login(app.test_client(), "ratna@koperasi.example", generated).status_code == 302
    too_short = post(client, f"{url}/kata-sandi", {"password": "pendek"}, url)
    assert too_short.status_code == 400 and 'id="password-err"' in html(too_short)
    assert login(app.test_client(), "ratna@koperasi.example", generated).status_code == 302


def test_editing_a_manager_moves_them_to_another_cooperative(client, db_session, live_gallery):
    other = create_coop(client, db_session, name="Koperasi Kedua")
    url = f"/admin/pengelola/{live_gallery['manager']}"
    response = post(
        client, url, manager_form(other.id, name="Bu Ratna S.", email="RATNA2@koperasi.example")
    )
    assert response.status_code == 302
    user = db_session.get(User, live_gallery["manager"])
    assert (user.name, user.email, user.cooperative_id) == (
        "Bu Ratna S.",
        "ratna2@koperasi.example",
        other.id,
    )


# Bad input


def field_error(response, field: str) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 400 and f'id="{field}-err"' in html(response)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "K" * 161}, "name"),
        ({"legal_type": "bank"}, "legal_type"),
        ({"kecamatan_id": "99999999999999999999"}, "kecamatan_id"),
        ({"kecamatan_id": "abc"}, "kecamatan_id"),
        ({"phone": "12"}, "phone"),
        ({"commission_rate_percent": "-5"}, "commission_rate_percent"),
        ({"commission_rate_percent": "9" * 30}, "commission_rate_percent"),
    ],
)
def test_bad_cooperative_input_is_shown_and_nothing_saved(client, db_session, admin, change, field):
    response = post(client, "/admin/koperasi/baru", coop_form(db_session, **change))
    assert field_error(response, field), html(response)
    assert (
        db_session.scalar(select(Cooperative).where(Cooperative.address == "Jl. Raya Setu No. 9"))
        is None
    )


def test_duplicate_cooperative_names_are_refused(client, db_session, admin):
    create_coop(client, db_session)
    response = post(
        client, "/admin/koperasi/baru", coop_form(db_session, name="koperasi ANYAMAN setu")
    )
    assert field_error(response, "name")
    seeded = db_session.scalar(select(Cooperative).order_by(Cooperative.id))
    coop = create_coop(client, db_session, name="Koperasi Lain")
    response = post(client, f"/admin/koperasi/{coop.id}", coop_form(db_session, name=seeded.name))
    assert field_error(response, "name")
    assert db_session.get(Cooperative, coop.id).name == "Koperasi Lain"


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
        ({"kecamatan_id": str(2**31)}, "kecamatan_id"),
        ({"cooperative_id": "0"}, "cooperative_id"),
        ({"kelurahan_id": "99999999999999999999999"}, "kelurahan_id"),
    ],
)
def test_bad_gallery_input_is_shown_and_nothing_saved(client, db_session, admin, change, field):
    coop = create_coop(client, db_session)
    response = post(client, "/admin/galeri/baru", gallery_form(db_session, coop.id, **change))
    assert field_error(response, field), html(response)
    assert db_session.scalar(select(Gallery).where(Gallery.cooperative_id == coop.id)) is None


def test_a_kelurahan_of_another_kecamatan_is_refused(client, db_session, admin):
    coop = create_coop(client, db_session)
    elsewhere = db_session.scalar(
        select(Kelurahan).where(Kelurahan.kecamatan_id == kecamatan(db_session, "pamulang").id)
    )
    form = gallery_form(db_session, coop.id, kelurahan_id=str(elsewhere.id))
    assert field_error(post(client, "/admin/galeri/baru", form), "kelurahan_id")


def test_duplicate_gallery_names_are_refused(client, db_session, admin):
    coop = create_coop(client, db_session)
    create_gallery(client, db_session, coop.id)
    response = post(
        client, "/admin/galeri/baru", gallery_form(db_session, coop.id, name="GALERI ANYAMAN SETU")
    )
    assert field_error(response, "name")


def test_html_is_stored_as_typed_and_shown_escaped(client, db_session, admin):
    evil = "<script>alert('x')</script>"
    coop = create_coop(client, db_session, name=f"Koperasi {evil}")
    gallery = create_gallery(
        client, db_session, coop.id, name=f"Galeri {evil}", description=f"<b>Murah</b> {evil}"
    )
    assert gallery.description == f"<b>Murah</b> {evil}"
    for url in (
        "/admin/",
        "/admin/koperasi",
        f"/admin/galeri/{gallery.id}",
        f"/galeri/{gallery.slug}",
    ):
        page = html(client.get(url))
        assert "<script>alert" not in page and "<b>Murah" not in page, url
        assert "&lt;script&gt;alert(" in page, url


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "bukan-email"}, "email"),
        ({"email": ""}, "email"),
        ({"name": ""}, "name"),
        ({"password": "pendek"}, "password"),
        ({"cooperative_id": "99999999999999999999"}, "cooperative_id"),
    ],
)
def test_bad_manager_input_is_shown_and_nothing_saved(client, db_session, admin, change, field):
    coop = create_coop(client, db_session)
    response = post(client, "/admin/pengelola/baru", manager_form(coop.id, **change))
    assert field_error(response, field), html(response)
    assert (
        db_session.scalar(
            select(User).where(User.role == Role.MANAGER, User.cooperative_id == coop.id)
        )
        is None
    )


def test_a_taken_email_is_refused_for_a_manager(client, db_session, admin):
    coop = create_coop(client, db_session)
    factories.user(db_session, email="sudah@ada.example")
    response = post(
        client, "/admin/pengelola/baru", manager_form(coop.id, email="SUDAH@ada.example")
    )
    assert field_error(response, "email")
    shopper = db_session.scalar(select(User).where(User.email == "sudah@ada.example"))
    assert shopper.role is Role.SHOPPER


def test_an_initial_password_set_by_the_office_works_and_is_not_shown(
    app, client, db_session, admin
):
    coop = create_coop(client, db_session)
    response = post(
        client, "/admin/pengelola/baru", manager_form(coop.id, password="pilihan-kantor")
    )
    assert response.status_code == 200 and "pilihan-kantor" not in html(response)
    assert login(app.test_client(), "ratna@koperasi.example", "pilihan-kantor").status_code == 302


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


def test_status_changes_need_post_a_token_and_a_clear_wish(client, db_session, admin):
    coop_id = create_coop(client, db_session).id
    url = f"/admin/koperasi/{coop_id}/status"
    assert client.get(url).status_code == 405
    assert client.post(url, data={"active": "0"}).status_code == 400
    for wish in ("", "2", "yes"):
        assert post(client, url, {"active": wish}, "/admin/koperasi").status_code == 400
    assert db_session.get(Cooperative, coop_id).is_active is True


# Who may enter


def admin_urls(app, db_session) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every admin route as (method, url), with ids of real records filled in."""
    coop = factories.cooperative(db_session)
    ids = {
        "coop_id": coop.id,
        "gallery_id": factories.gallery(db_session, cooperative=coop).id,
        "user_id": factories.user(db_session, role=Role.MANAGER, cooperative=coop).id,
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


def test_the_overview_counts_per_kecamatan(client, db_session, admin):
    page = html(client.get("/admin/"))
    assert client.get("/admin/").status_code == 200
    for name in db_session.scalars(select(Kecamatan.name)):
        assert f"<td>{name}</td>" in page
    coop = create_coop(client, db_session)
    gallery = create_gallery(client, db_session, coop.id)
    setu = kecamatan(db_session)
    before = re.search(rf"<tr><td>{setu.name}</td>\s*<td[^>]*>(\d+)</td>", page).group(1)
    after_page = html(client.get("/admin/"))
    after = re.search(rf"<tr><td>{setu.name}</td>\s*<td[^>]*>(\d+)</td>", after_page).group(1)
    assert int(after) == int(before) + 1
    assert gallery.name in after_page
