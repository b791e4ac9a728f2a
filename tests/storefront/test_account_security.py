"""Accounts that tell a stranger nothing and keep passwords strong (issue 10, "Accounts").

Log-in checks a password whether or not the email has an account (so its time says nothing);
new passwords have 12+ characters and are not common; a hash made with an older method is
remade on the next log-in. Registration's same answer for new and taken addresses is tested
in test_accounts.py.
"""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from accounts import passwords
from accounts.admin_services import generate_password
from catalog.exceptions import InvalidInput
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import PASSWORD, errors, form_for

WRONG = "Email atau kata sandi salah."


def log_in_as_typed(web, email: str, password: str):  # type: ignore[no-untyped-def]
    form = form_for(web.get("/akun/masuk"), "/akun/masuk")
    form["email"] = email
    form["password"] = password
    return form.submit()


@pytest.fixture
def hash_checks(monkeypatch):  # type: ignore[no-untyped-def]
    """Every call of the password hash check, as (hash method, password typed)."""
    calls: list[tuple[str, str]] = []
    real = passwords.check_password_hash

    def spy(password_hash: str, password: str) -> bool:
        calls.append((passwords.hash_method_of(password_hash), password))
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "check_password_hash", spy)
    return calls


@pytest.mark.parametrize("who", ["unknown email", "wrong password", "right password"])
def test_log_in_checks_one_password_hash_whether_or_not_the_account_exists(
    web, db_session, app, hash_checks, who
):
    factories.user(db_session, email="budi@gerai.example", password=PASSWORD)
    db_session.commit()
    email = "nobody@gerai.example" if who == "unknown email" else "budi@gerai.example"
    typed = PASSWORD if who == "right password" else "salah-sekali-ya"
    page = log_in_as_typed(web, email, typed)
    assert len(hash_checks) == 1
    assert hash_checks[0] == (
        passwords.hash_method_of(generate_password_hash("x", app.config["PASSWORD_HASH_METHOD"])),
        typed,
    )  # the dummy hash costs what a real one does: same method
    if who == "right password":
        assert page.status_int == 302
    else:
        assert errors(page) == [WRONG]


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("pendek-11ch", "at least"),
        ("x" * 201, "at least"),
        ("qwerty123456", "too common"),
        ("  QWERTY123456 ", "too common"),  # case and surrounding spaces do not hide it
        ("1q2w3e4r5t6y", "too common"),
        ("qazwsxedcrfv", "too common"),
    ],
)
def test_a_new_password_that_is_short_long_or_common_is_refused(password, why):
    with pytest.raises(InvalidInput, match=why) as refused:
        passwords.check_new_password(password)
    assert refused.value.field == "password"


def test_the_shipped_common_password_list_is_the_full_one():
    common = passwords.common_passwords()
    assert len(common) > 19_000 and "password" in common and "123456" in common
    assert all(word == word.lower() for word in common)


@pytest.mark.parametrize("password", ["gula-aren-manis-24", "Keripik Singkong Pedas", "x" * 200])
def test_a_long_uncommon_password_is_accepted(password):
    passwords.check_new_password(password)


def test_generated_manager_and_courier_passwords_pass_the_rule():
    for _ in range(50):
        passwords.check_new_password(generate_password())


def test_an_old_hash_method_is_upgraded_on_a_successful_log_in(web, db_session, app):
    configured = passwords.hash_method_of(
        generate_password_hash("x", app.config["PASSWORD_HASH_METHOD"])
    )
    user = factories.user(db_session, email="budi@gerai.example", password=PASSWORD)
    user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:2")
    db_session.commit()
    old = user.password_hash
    assert errors(log_in_as_typed(web, "budi@gerai.example", "salah-sekali-ya")) == [WRONG]
    assert fresh(db_session, user).password_hash == old  # a wrong password changes nothing
    assert log_in_as_typed(web, "budi@gerai.example", PASSWORD).status_int == 302
    upgraded = fresh(db_session, user).password_hash
    assert upgraded != old and passwords.hash_method_of(upgraded) == configured
    assert user.check_password(PASSWORD)


def test_a_current_hash_is_left_alone_on_log_in(web, db_session):
    user = factories.user(db_session, email="budi@gerai.example", password=PASSWORD)
    db_session.commit()
    before = user.password_hash
    assert log_in_as_typed(web, "budi@gerai.example", PASSWORD).status_int == 302
    assert fresh(db_session, user).password_hash == before
