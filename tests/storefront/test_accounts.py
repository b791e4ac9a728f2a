"""Shopper registration, log in and log out, with CSRF and safe redirects."""

from __future__ import annotations

import re

from sqlalchemy import select

from storefront.accounts.models import Role, User
from tests import factories
from tests.conftest import login


def csrf_token(client, url: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url).data
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()


def register(client, **fields):  # type: ignore[no-untyped-def]
    data = {
        "name": "Siti Aminah",
        "email": "siti@gerai.example",
        "password": "gulaaren123",
        "confirm": "gulaaren123",
    } | fields
    return client.post(
        "/akun/daftar", data=data | {"csrf_token": csrf_token(client, "/akun/daftar")}
    )


def test_register_creates_a_shopper_and_logs_in(client, db_session):
    response = register(client, email="Siti@Gerai.Example")
    assert response.status_code == 302
    user = db_session.scalar(select(User).where(User.email == "siti@gerai.example"))
    assert user is not None and user.role is Role.SHOPPER
    assert user.password_hash != "gulaaren123"
    assert "Siti Aminah" in client.get("/akun/").get_data(as_text=True)


def test_register_refuses_a_taken_email_and_weak_input(client, db_session):
    factories.user(db_session, email="ada@gerai.example")
    page = register(client, email="ADA@gerai.example").get_data(as_text=True)
    assert "sudah terdaftar" in page
    page = register(client, email="bukan-email", password="123", confirm="456").get_data(
        as_text=True
    )
    assert page.count('class="error"') >= 2
    assert db_session.scalar(select(User).where(User.email == "bukan-email")) is None


def test_login_with_right_and_wrong_password(client, db_session):
    factories.user(db_session, email="budi@gerai.example", password="benar-sekali")
    wrong = login(client, "budi@gerai.example", "salah")
    assert wrong.status_code == 200
    assert "Email atau kata sandi salah" in wrong.get_data(as_text=True)
    right = login(client, "budi@gerai.example", "benar-sekali")
    assert right.status_code == 302
    assert client.get("/akun/").status_code == 200


def test_inactive_account_cannot_log_in(client, db_session):
    factories.user(
        db_session, email="nonaktif@gerai.example", password="benar-sekali", is_active_account=False
    )
    assert login(client, "nonaktif@gerai.example", "benar-sekali").status_code == 200
    assert client.get("/akun/").status_code == 302


def test_login_next_is_followed_only_inside_the_site(client, db_session):
    factories.user(db_session, email="rina@gerai.example", password="benar-sekali")
    for target, expected in [
        ("/kategori/kuliner", "/kategori/kuliner"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ]:
        token = csrf_token(client, "/akun/masuk")
        response = client.post(
            "/akun/masuk",
            data={
                "email": "rina@gerai.example",
                "password": "benar-sekali",
                "next": target,
                "csrf_token": token,
            },
        )
        assert response.headers["Location"] == expected, target
        client.post("/akun/keluar", data={"csrf_token": csrf_token(client, "/akun/")})


def test_forms_without_csrf_token_are_refused(client, db_session):
    factories.user(db_session, email="tanpa@gerai.example", password="benar-sekali")
    response = client.post(
        "/akun/masuk", data={"email": "tanpa@gerai.example", "password": "benar-sekali"}
    )
    assert response.status_code == 400
    assert client.get("/akun/").status_code == 302


def test_logout_needs_post(client, db_session):
    factories.user(db_session, email="keluar@gerai.example", password="benar-sekali")
    login(client, "keluar@gerai.example", "benar-sekali")
    assert client.get("/akun/keluar").status_code == 405
    client.post("/akun/keluar", data={"csrf_token": csrf_token(client, "/akun/")})
    assert client.get("/akun/").status_code == 302


def test_account_page_needs_login(client):
    response = client.get("/akun/")
    assert response.status_code == 302
    assert "/akun/masuk" in response.headers["Location"]


def test_courier_of_a_deactivated_gallery_or_cooperative_cannot_log_in(client, db_session):
    from storefront.accounts.models import Role

    for closed in ("gallery", "cooperative"):
        gallery = factories.gallery(db_session)
        courier = factories.user(
            db_session, password="benar-sekali", role=Role.COURIER, gallery=gallery
        )
        target = gallery if closed == "gallery" else gallery.cooperative
        target.is_active = False
        db_session.commit()
        assert login(client, courier.email, "benar-sekali").status_code == 200, closed
        assert client.get("/akun/").status_code == 302, closed
