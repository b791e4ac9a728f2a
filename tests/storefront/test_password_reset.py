"""Forgot your password: the request page tells no one which addresses have accounts, the
emailed link works once and for an hour, sets a password by the common rule and ends every
session; hostile tokens get a 4xx, never a 500.

Everything a person does goes through the rendered pages (WebTest); the link is the one parsed
out of the email stored in the outbox. Hostile tokens are sent by hand.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from webtest import TestApp

from accounts import password_reset
from accounts.models import Role, User
from catalog.db import utcnow
from orders.models import OutboxEmail
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.storefront.test_accounts import account_emails
from tests.storefront.test_sessions import signed_in_at
from tests.webforms import PASSWORD, errors, flash_text, form_for, log_in, submit_blank

FORGOT = "/akun/lupa-sandi"
NEW_PASSWORD = "kebun-salak-pondok-aren"
SENT = "Jika ada akun dengan alamat itu, kami sudah mengirim tautan ke sana"
LINK = re.compile(r"https?://[^/\s]+(/akun/sandi-baru/[A-Za-z0-9._-]+)")
EXPIRED = "Tautan ini sudah kedaluwarsa"
USED = "Tautan ini sudah pernah dipakai"
INVALID = "Tautan ini tidak sah"


def ask_for_link(web: TestApp, address: str, *, expect_errors: bool = False):  # type: ignore[no-untyped-def]
    """Follow "Forgot your password?" from the log-in page and send ``address``."""
    login_page = web.get("/akun/masuk")
    forgot_page = login_page.click(href=FORGOT)
    assert forgot_page.status_int == 200
    form = form_for(forgot_page, FORGOT)
    form["email"] = address
    return form.submit(expect_errors=expect_errors)


def without_csrf(page: str) -> str:
    """A page's text without its CSRF token (each browser session has its own)."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", page)


def reset_emails(db_session) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(to, plain text) of each reset-link email in the outbox, oldest first."""
    return [(to, text) for kind, to, text in account_emails(db_session) if kind.endswith("reset")]


def emailed_link(db_session) -> str:  # type: ignore[no-untyped-def]
    """The path of the link in the latest reset email."""
    _to, text = reset_emails(db_session)[-1]
    found = LINK.search(text)
    assert found, text
    return found[1]


def new_password_form(web: TestApp, link: str, password: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    page = web.get(link)
    assert page.status_int == 200
    form = form_for(page, link)
    form["password"] = password
    form["confirm"] = password if confirm is None else confirm
    return form


def refused_link(web: TestApp, link: str, status: int, words: str) -> None:
    page = web.get(link, expect_errors=True)
    assert page.status_int == status, page.status
    assert words in page.text, page.text[:800]
    assert FORGOT in page.text  # the way to a new link


@pytest.fixture
def siti(db_session) -> User:  # type: ignore[no-untyped-def]
    user = factories.user(
        db_session, email="siti.lupa@gerai.example", name="Siti Aminah", password=PASSWORD
    )
    db_session.commit()
    return user


def test_an_unknown_address_gets_the_same_answer_and_no_email(web, db_session, siti):
    assert "Lupa kata sandi?" in web.get("/akun/masuk").text
    known = ask_for_link(web, "Siti.Lupa@gerai.example")
    unknown = ask_for_link(TestApp(web.app), "tidak.ada@gerai.example")
    assert known.status_int == unknown.status_int == 302
    assert known.location == unknown.location and known.location.endswith("/akun/masuk")
    shown_known, shown_unknown = known.follow(), unknown.follow()
    assert SENT in flash_text(shown_known)
    assert flash_text(shown_known) == flash_text(shown_unknown)
    assert without_csrf(shown_known.text) == without_csrf(shown_unknown.text)
    ((to, text),) = reset_emails(db_session)
    assert to == "Siti Aminah <siti.lupa@gerai.example>"
    assert "/akun/sandi-baru/" in text and "60 menit" in text


def test_a_deactivated_account_gets_the_same_answer_and_no_email(web, db_session, siti):
    siti.is_active_account = False
    db_session.commit()
    answered = ask_for_link(web, siti.email)
    assert answered.status_int == 302 and answered.location.endswith("/akun/masuk")
    assert SENT in flash_text(answered.follow())
    assert reset_emails(db_session) == []


def test_a_bad_address_is_refused_beside_the_field(web, db_session):
    refused = ask_for_link(web, "bukan-email", expect_errors=True)
    assert refused.status_int == 400 and errors(refused)
    assert db_session.scalar(select(func.count()).select_from(OutboxEmail)) == 0


def test_the_emailed_link_sets_a_new_password_once_and_ends_every_session(web, db_session, siti):
    other_device = TestApp(web.app)
    log_in(other_device, siti)
    version = fresh(db_session, siti).session_version
    ask_for_link(web, siti.email)
    link = emailed_link(db_session)

    page = web.get(link)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page.headers["Cache-Control"]
    assert siti.email in page.text
    web.get(link)  # opening the page (twice: a mail scanner, a reload) uses nothing up
    assert signed_in_at(other_device)

    landed = new_password_form(web, link, NEW_PASSWORD).submit()
    assert landed.status_int == 302 and landed.headers["Referrer-Policy"] == "no-referrer"
    home = landed.follow()
    assert "Kata sandi baru Anda sudah disimpan" in flash_text(home)
    assert signed_in_at(web)  # signed in afresh, under the new session version
    siti = fresh(db_session, siti)
    assert siti.session_version == version + 1 and siti.last_login_at is not None
    assert siti.check_password(NEW_PASSWORD) and not siti.check_password(PASSWORD)
    assert not signed_in_at(other_device)  # the other session has ended

    stranger = TestApp(web.app)
    wrong = form_for(stranger.get("/akun/masuk"), "/akun/masuk")
    wrong["email"], wrong["password"] = siti.email, PASSWORD
    assert "Email atau kata sandi salah." in errors(wrong.submit(expect_errors=True))
    log_in(stranger, siti, NEW_PASSWORD)
    assert signed_in_at(stranger)

    refused_link(web, link, 410, USED)
    refused_link(TestApp(web.app), link, 410, USED)
    kinds = [(kind, to) for kind, to, _text in account_emails(db_session)]
    assert kinds[-1] == ("account_password_changed", "Siti Aminah <siti.lupa@gerai.example>")
    assert "Kata sandi akun Gerai Anda baru saja diganti" in account_emails(db_session)[-1][2]


def test_the_form_of_a_used_link_left_open_in_another_tab_is_refused(web, db_session, siti):
    ask_for_link(web, siti.email)
    link = emailed_link(db_session)
    first, second = (
        new_password_form(web, link, NEW_PASSWORD),
        new_password_form(TestApp(web.app), link, "kelapa-muda-serpong-99"),
    )
    assert first.submit().status_int == 302
    late = second.submit(expect_errors=True)
    assert late.status_int == 410 and USED in late.text
    assert fresh(db_session, siti).check_password(NEW_PASSWORD)


def test_a_weak_or_mistyped_password_is_refused_and_the_link_still_works(web, db_session, siti):
    ask_for_link(web, siti.email)
    link = emailed_link(db_session)
    before = (siti.password_hash, siti.session_version)
    common = new_password_form(web, link, "Q1w2e3r4t5y6").submit(expect_errors=True)
    assert common.status_int == 400
    assert any("Kata sandi ini terlalu umum" in m for m in errors(common)), errors(common)
    short = new_password_form(web, link, "pendek").submit(expect_errors=True)
    assert short.status_int == 400 and any("12" in m for m in errors(short)), errors(short)
    mistyped = new_password_form(web, link, NEW_PASSWORD, "kebun-salak-lain").submit(
        expect_errors=True
    )
    assert any("Kata sandi tidak sama." in m for m in errors(mistyped)), errors(mistyped)
    siti = fresh(db_session, siti)
    assert (siti.password_hash, siti.session_version) == before
    assert new_password_form(web, link, NEW_PASSWORD).submit().status_int == 302
    assert fresh(db_session, siti).check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(app, web, db_session, siti):
    secret = app.config["SECRET_KEY"]
    hour_ago = utcnow() - timedelta(seconds=app.config["PASSWORD_RESET_MAX_AGE_S"] + 5)
    old = password_reset.make_token(siti, secret, now=hour_ago)
    refused_link(web, f"/akun/sandi-baru/{old}", 410, EXPIRED)
    almost = password_reset.make_token(siti, secret, now=hour_ago + timedelta(seconds=30))
    assert web.get(f"/akun/sandi-baru/{almost}").status_int == 200  # 25 s before it expires
    # the service, with an injected clock: an hour and a second later the same token is dead
    later = utcnow() + timedelta(hours=1, seconds=1)
    fresh_token = password_reset.make_token(siti, secret)
    with pytest.raises(password_reset.ResetLinkExpired):
        password_reset.reset_password_with_token(
            db_session,
            fresh_token,
            NEW_PASSWORD,
            secret_key=secret,
            hash_method="pbkdf2:sha256:1",
            now=later,
        )
    assert fresh(db_session, siti).check_password(PASSWORD)


def test_a_tampered_or_foreign_token_is_refused(app, web, db_session, siti):
    good = password_reset.make_token(siti, app.config["SECRET_KEY"])
    payload, _, signature = good.rpartition(".")
    other_user = factories.user(db_session)
    db_session.commit()
    forged_payload = password_reset.make_token(other_user, app.config["SECRET_KEY"]).split(".")[0]
    for token in (
        payload + "." + signature[::-1],
        forged_payload + "." + signature,
        password_reset.make_token(siti, "another-secret-key-of-32-characters!"),
        good[:-3],
    ):
        refused_link(web, f"/akun/sandi-baru/{token}", 400, INVALID)
    assert fresh(db_session, siti).check_password(PASSWORD)


def test_logging_out_makes_an_outstanding_link_stale(web, db_session, siti):
    ask_for_link(web, siti.email)
    link = emailed_link(db_session)
    log_in(web, siti)
    form_for(web.get("/akun/"), "/akun/keluar").submit()
    refused_link(web, link, 410, USED)


def test_two_uses_at_once_change_the_password_once(app, db_session, siti):
    """The stale copy of the account a racing request holds does not pass the conditional
    update: the other use changed the row in between."""
    secret = app.config["SECRET_KEY"]
    token = password_reset.make_token(siti, secret)
    password_reset.user_for_token(db_session, token, secret_key=secret)  # this request read it
    db_session.execute(  # the other request committed its use meanwhile
        update(User)
        .where(User.id == siti.id)
        .values(password_hash="x", session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(password_reset.ResetLinkUsed):
        password_reset.reset_password_with_token(
            db_session, token, NEW_PASSWORD, secret_key=secret, hash_method="pbkdf2:sha256:1"
        )
    assert fresh(db_session, siti).password_hash == "x"


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.SHOPPER, "/"),
        (Role.MANAGER, "/kelola/"),
        (Role.COURIER, "/kurir/"),
        (Role.ADMIN, "/admin/"),
    ],
)
def test_every_kind_of_account_can_reset_its_password(web, db_session, role, landing):
    links = {}
    if role in (Role.MANAGER, Role.COURIER):
        gallery = factories.gallery(db_session)
        links = (
            {"cooperative": gallery.cooperative} if role == Role.MANAGER else {"gallery": gallery}
        )
    user = factories.user(db_session, role=role, password=PASSWORD, **links)
    db_session.commit()
    ask_for_link(web, user.email)
    landed = new_password_form(web, emailed_link(db_session), NEW_PASSWORD).submit()
    assert landed.status_int == 302 and landed.location.endswith(landing), landed.location
    assert fresh(db_session, user).check_password(NEW_PASSWORD)


def test_the_email_speaks_the_language_of_the_page(web, db_session, siti):
    web.get("/bahasa/en")
    ask_for_link(web, siti.email)
    ((_to, text),) = reset_emails(db_session)
    assert "Someone, probably you, asked to reset the password" in text
    assert "60 minutes" in text


HOSTILE_TOKENS = [
    "%00",
    "abc%00def",
    "x" * 5000,
    "9" * 40,
    "%F0%9F%94%91.%E2%80%AE",
    "%FF%FE",
    "..",
    "W1sxLCJhIiwxXV0.x",
]


@pytest.mark.parametrize("token", HOSTILE_TOKENS, ids=range(len(HOSTILE_TOKENS)))
def test_hostile_tokens_get_a_4xx_never_a_500(app, client, db_session, siti, token, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    page = client.get(FORGOT)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    assert csrf
    url = f"/akun/sandi-baru/{token}"
    answers = [
        client.get(url).status_code,
        client.post(
            url,
            data={"csrf_token": csrf[1], "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        ).status_code,
    ]
    assert all(400 <= status < 500 for status in answers), answers
    assert fresh(db_session, siti).check_password(PASSWORD)


def test_both_forms_sent_blank_say_why(web, db_session, siti):
    blank = submit_blank(form_for(web.get(FORGOT), FORGOT))
    assert blank.status_int == 400
    ask_for_link(web, siti.email)
    link = emailed_link(db_session)
    blank = submit_blank(form_for(web.get(link), link))
    assert blank.status_int == 400 and len(errors(blank)) == 2
    assert fresh(db_session, siti).check_password(PASSWORD)
