"""Shopper registration, log in and log out through the rendered forms; CSRF and safe redirects.

Ordinary use goes through the pages (WebTest); a missing CSRF token and a GET to log out are
sent by hand, as no browser form would send them.
"""

from __future__ import annotations

import email
import email.policy

import pytest
from sqlalchemy import func, select

from accounts.models import Role, User
from orders.models import OutboxEmail
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import PASSWORD, assert_kept, errors, fill, flash_text, form_for, log_in

WRONG = "Email atau kata sandi salah."
CLOSED_MANAGER = "Akun ini dinonaktifkan. Hubungi Dinas Koperasi kota untuk mengaktifkannya lagi."
CLOSED_COURIER = "Akun ini dinonaktifkan. Minta pengelola galeri Anda untuk mengaktifkannya lagi."


def register_form(web, **fields):  # type: ignore[no-untyped-def]
    form = form_for(web.get("/akun/daftar"), "/akun/daftar")
    values = {
        "name": "Siti Aminah",
        "email": "siti@gerai.example",
        "password": "gula-aren-manis-24",
        "confirm": "gula-aren-manis-24",
    } | fields
    return fill(form, values)


def log_in_as_typed(web, email: str, password: str):  # type: ignore[no-untyped-def]
    form = form_for(web.get("/akun/masuk"), "/akun/masuk")
    form["email"] = email
    form["password"] = password
    return form.submit()


def says(page, message: str) -> bool:  # type: ignore[no-untyped-def]
    """``message`` is shown as an error (beside a field or at the top of the form)."""
    return any(message in shown for shown in errors(page))


def user_count(db_session) -> int:  # type: ignore[no-untyped-def]
    return db_session.scalar(select(func.count()).select_from(User))


def signed_in(web) -> bool:  # type: ignore[no-untyped-def]
    return web.get("/akun/", expect_errors=True).status_int == 200


CHECK_EMAIL = "Periksa email Anda: kami telah mengirim pesan tentang akun Anda ke alamat itu."


def account_emails(db_session) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(kind, to, plain text) of each account email in the outbox, oldest first."""
    db_session.expire_all()
    rows = db_session.scalars(
        select(OutboxEmail)
        .where(OutboxEmail.event_type.like("email.account_%"))
        .order_by(OutboxEmail.id)
    )
    found = []
    for row in rows:
        message = email.message_from_string(row.payload["mime"], policy=email.policy.default)
        body = message.get_body(("plain",))
        assert body is not None
        found.append((row.payload["kind"], str(message["To"]), body.get_content()))
    return found


def answer(landed):  # type: ignore[no-untyped-def]
    """What the person who registered sees: where they land and what it says."""
    assert landed.status_int == 302
    return landed.location, flash_text(landed.follow())


def test_register_creates_a_shopper_and_says_check_your_email(web, db_session):
    landed = register_form(web, email="Siti@Gerai.Example").submit()
    where, said = answer(landed)
    assert where.endswith("/akun/masuk") and CHECK_EMAIL in said
    db_session.expire_all()
    user = db_session.scalar(select(User).where(User.email == "siti@gerai.example"))
    assert user is not None and user.role is Role.SHOPPER and user.name == "Siti Aminah"
    assert user.password_hash != "gula-aren-manis-24" and user.check_password("gula-aren-manis-24")
    ((kind, to, text),) = account_emails(db_session)
    assert kind == "account_welcome" and "siti@gerai.example" in to
    assert "Akun belanja Anda di Gerai sudah siap" in text and "/akun/masuk" in text
    assert not signed_in(web)  # the same answer as for a taken address: log in next
    assert (
        "Siti Aminah" in log_in_as_typed(web, "siti@gerai.example", "gula-aren-manis-24").follow()
    )


def test_a_taken_email_gets_the_same_answer_and_its_owner_is_told_by_email(web, db_session):
    owner = factories.user(db_session, email="ada@gerai.example", name="Ada Lovelace")
    db_session.commit()
    before = user_count(db_session)
    hash_before = owner.password_hash
    new_address = answer(register_form(web, email="baru@gerai.example").submit())
    taken = answer(register_form(web, email="ADA@gerai.example").submit())
    assert taken == new_address  # nothing on the page tells them apart
    assert user_count(db_session) == before + 1  # only the new address got an account
    assert fresh(db_session, owner).password_hash == hash_before and owner.name == "Ada Lovelace"
    assert not signed_in(web)
    kinds = [(kind, to) for kind, to, _text in account_emails(db_session)]
    assert kinds == [
        ("account_welcome", "Siti Aminah <baru@gerai.example>"),
        ("account_exists", "Ada Lovelace <ada@gerai.example>"),
    ]
    text = account_emails(db_session)[1][2]
    assert "Seseorang mencoba mendaftarkan akun baru di Gerai dengan alamat email ini" in text


def test_register_refuses_weak_input_field_by_field(web, db_session):
    before = user_count(db_session)
    form = register_form(web, email="bukan-email", password="123", confirm="456")
    refused = form.submit(status=400)
    assert says(refused, "Alamat email tidak valid.")
    assert says(refused, "Kata sandi tidak sama.")
    assert says(refused, "Isian harus 12 sampai 200 karakter.")
    assert_kept(refused, "/akun/daftar", {"name": "Siti Aminah", "email": "bukan-email"})
    assert user_count(db_session) == before


@pytest.mark.parametrize("taken", [False, True], ids=["new address", "taken address"])
def test_register_refuses_a_common_password_the_same_way_for_any_address(web, db_session, taken):
    factories.user(db_session, email="ada@gerai.example")
    db_session.commit()
    before = user_count(db_session)
    address = "ada@gerai.example" if taken else "baru@gerai.example"
    form = register_form(web, email=address, password="Qwerty123456", confirm="Qwerty123456")
    refused = form.submit(status=400)
    assert says(refused, "Kata sandi ini terlalu umum: termasuk yang pertama dicoba penyerang.")
    assert_kept(refused, "/akun/daftar", {"name": "Siti Aminah", "email": address})
    assert form_for(refused, "/akun/daftar")["password"].value == ""  # never sent back
    assert user_count(db_session) == before
    assert account_emails(db_session) == []


def test_login_with_right_and_wrong_password(web, db_session):
    user = factories.user(db_session, email="budi@gerai.example", password="benar-sekali")
    db_session.commit()
    wrong = log_in_as_typed(web, "budi@gerai.example", "salah")
    assert wrong.status_int == 200
    assert errors(wrong) == [WRONG]
    assert_kept(wrong, "/akun/masuk", {"email": "budi@gerai.example", "password": ""})
    assert fresh(db_session, user).last_login_at is None
    right = log_in_as_typed(web, "budi@gerai.example", "benar-sekali")
    assert right.status_int == 302
    assert "Selamat datang kembali" in flash_text(right.follow())
    assert fresh(db_session, user).last_login_at is not None
    assert signed_in(web)


@pytest.mark.parametrize("closed", ["account", "cooperative"])
def test_a_deactivated_manager_with_the_right_password_is_told_whom_to_ask(web, db_session, closed):
    cooperative = factories.cooperative(db_session)
    manager = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=cooperative
    )
    if closed == "account":
        manager.is_active_account = False
    else:
        cooperative.is_active = False
    db_session.commit()
    refused = log_in_as_typed(web, manager.email, PASSWORD)
    assert refused.status_int == 200
    assert errors(refused) == [CLOSED_MANAGER]
    assert_kept(refused, "/akun/masuk", {"email": manager.email})
    assert fresh(db_session, manager).last_login_at is None
    assert not signed_in(web)


@pytest.mark.parametrize("closed", ["account", "gallery", "cooperative"])
def test_a_deactivated_courier_with_the_right_password_is_sent_to_the_gallery_manager(
    web, db_session, closed
):
    gallery = factories.gallery(db_session)
    courier = factories.user(db_session, password=PASSWORD, role=Role.COURIER, gallery=gallery)
    target = {"account": None, "gallery": gallery, "cooperative": gallery.cooperative}[closed]
    if target is None:
        courier.is_active_account = False
    else:
        target.is_active = False
    db_session.commit()
    refused = log_in_as_typed(web, courier.email, PASSWORD)
    assert errors(refused) == [CLOSED_COURIER]
    assert fresh(db_session, courier).last_login_at is None
    assert not signed_in(web)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COURIER, Role.SHOPPER])
def test_a_wrong_password_on_a_deactivated_account_reveals_nothing(web, db_session, role):
    gallery = factories.gallery(db_session)
    extra = {
        Role.MANAGER: {"cooperative": gallery.cooperative},
        Role.COURIER: {"gallery": gallery},
        Role.SHOPPER: {},
    }[role]
    user = factories.user(
        db_session, password=PASSWORD, role=role, is_active_account=False, **extra
    )
    db_session.commit()
    refused = log_in_as_typed(web, user.email, "bukan-sandinya")
    assert errors(refused) == [WRONG]
    assert "dinonaktifkan" not in refused.text
    unknown = log_in_as_typed(web, "tidak-ada@gerai.example", "bukan-sandinya")
    assert errors(unknown) == [WRONG]
    assert not signed_in(web)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/kategori/kuliner", "/kategori/kuliner"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_login_next_is_followed_only_inside_the_site(web, db_session, target, expected):
    user = factories.user(db_session, password=PASSWORD)
    db_session.commit()
    page = web.get("/akun/masuk", params={"next": target})
    form = form_for(page, "/akun/masuk")
    assert form["next"].value == target  # carried by the rendered hidden field
    form["email"] = user.email
    form["password"] = PASSWORD
    landed = form.submit()
    assert landed.status_int == 302
    assert landed.headers["Location"].removeprefix("http://localhost") == expected


def test_forms_without_csrf_token_are_refused(client, db_session):
    factories.user(db_session, email="tanpa@gerai.example", password="benar-sekali")
    response = client.post(
        "/akun/masuk", data={"email": "tanpa@gerai.example", "password": "benar-sekali"}
    )
    assert response.status_code == 400
    assert client.get("/akun/").status_code == 302


def test_log_out_through_the_account_page(web, db_session):
    user = factories.user(db_session, password=PASSWORD)
    db_session.commit()
    log_in(web, user)
    landed = form_for(web.get("/akun/"), "/akun/keluar").submit().follow()
    assert flash_text(landed) == "Anda sudah keluar."
    assert not signed_in(web)


def test_logout_needs_post(client, db_session):
    factories.user(db_session, email="keluar@gerai.example", password="benar-sekali")
    from tests.conftest import login

    login(client, "keluar@gerai.example", "benar-sekali")
    assert client.get("/akun/keluar").status_code == 405
    assert client.get("/akun/").status_code == 200


def test_account_page_needs_login(client):
    response = client.get("/akun/")
    assert response.status_code == 302
    assert "/akun/masuk" in response.headers["Location"]


# --- the shopper's order history is one tap away -----------------------------------------------


def history_link(page, where: str) -> str:  # type: ignore[no-untyped-def]
    """The href of the one link to the order history inside ``where`` (a CSS selector)."""
    links = [a["href"] for a in page.html.select(f"{where} a") if a["href"] == "/pesanan/"]
    assert len(links) == 1, f"{where}: {links}"
    return links[0]


def test_the_account_page_links_to_the_order_history(web, db_session):
    user = factories.user(db_session, password=PASSWORD)
    db_session.commit()
    log_in(web, user)
    history = web.get(history_link(web.get("/akun/"), "main"))
    assert history.request.path == "/pesanan/"
    assert "<h1>Pesanan saya</h1>" in history.text and "Belum ada pesanan." in history.text


def test_the_header_links_signed_in_shoppers_to_their_orders(web, db_session):
    user = factories.user(db_session, password=PASSWORD)
    db_session.commit()
    assert not web.get("/").html.select('header a[href="/pesanan/"]')  # a guest has no history
    log_in(web, user)
    history = web.get(history_link(web.get("/"), "header"))
    assert history.request.path == "/pesanan/"
    assert "<h1>Pesanan saya</h1>" in history.text
    assert web.get("/").click(description="Pesanan saya").request.path == "/pesanan/"
