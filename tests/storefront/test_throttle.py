"""Throttling with the limiter on: per account and per client address, the 429 answer, proxies,
a Redis that is down, and counts shared through the real Redis by two app instances."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import scoped_session
from webtest import TestApp, TestResponse

import config as settings
from accounts.models import User
from storefront import create_app, throttle
from tests import factories
from tests.conftest import TEST_PHOTO_SIZE
from tests.storefront.test_accounts import account_emails
from tests.webforms import PASSWORD, errors, form_for

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 3
WRONG = "bukan-kata-sandinya-123"


def limited_app(database_url: str, media_root: Path, **overrides: Any) -> Flask:
    """An app on the tests' database with the limiter on (settings from the environment, as
    in production), each with storage of its own."""
    config = settings.TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.MEDIA_ROOT = str(media_root)
    config.INSTANCE_PATH = str(media_root.parent / "instance")
    config.DEMO_PHOTO_SIZE = TEST_PHOTO_SIZE
    config.RATELIMIT_ENABLED = True
    for name, value in overrides.items():
        setattr(config, name, value)
    return create_app(config)


@pytest.fixture
def apps(app: Flask, database_url: str, media_root: Path) -> Iterator[list[Flask]]:
    """Apps built by a test with ``apps.append(limited_app(...))``; engines closed after."""
    built: list[Flask] = []
    yield built
    for each in built:
        each.extensions["gerai.engine"].dispose()


@pytest.fixture
def limited(apps: list[Flask], database_url: str, media_root: Path) -> Flask:
    apps.append(limited_app(database_url, media_root))
    return apps[-1]


@pytest.fixture
def session(limited: Flask, db_session: scoped_session) -> scoped_session:
    """The test's transaction; requested after the limited app, whose creation binds the
    session handle to its own engine."""
    return db_session


def browser(flask_app: Flask, ip: str, **headers: str) -> TestApp:
    """A browser at client address ``ip`` (REMOTE_ADDR), sending ``headers`` with each request."""
    environ = {"REMOTE_ADDR": ip} | {
        "HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()
    }
    return TestApp(flask_app, extra_environ=environ)


def try_log_in(web: TestApp, email: str, password: str) -> TestResponse:
    """Submit the rendered log-in form; a 429 is returned, not raised."""
    form = form_for(web.get("/akun/masuk"), "/akun/masuk")
    form["email"] = email
    form["password"] = password
    return form.submit(expect_errors=True)


def refused_as_wrong(page: TestResponse) -> bool:
    return page.status_int == 200 and "Email atau kata sandi salah." in errors(page)


def retry_after(page: TestResponse) -> int:
    value = page.headers.get("Retry-After", "")
    assert value.isdigit(), f"Retry-After is {value!r}"
    return int(value)


def shopper(session: scoped_session) -> User:
    return factories.user(
        session, password=PASSWORD, email=f"rina.{uuid.uuid4().hex[:8]}@contoh.id"
    )


# --- per account ----------------------------------------------------------------------------


def test_five_wrong_passwords_from_five_addresses_lock_the_account(limited, session):
    user = shopper(session)
    user_id = user.id
    for n in range(5):
        assert refused_as_wrong(try_log_in(browser(limited, f"10.0.0.{n + 1}"), user.email, WRONG))
    # the sixth try, even with the right password and the address typed differently, waits
    locked = try_log_in(browser(limited, "10.0.0.9"), f"  {user.email.upper()} ", PASSWORD)
    assert locked.status_int == 429
    assert 60 < retry_after(locked) <= 15 * 60
    assert session.get(User, user_id).last_login_at is None
    # another account is not affected, from any of those addresses
    other = shopper(session)
    assert try_log_in(browser(limited, "10.0.0.1"), other.email, PASSWORD).status_int == 302


def test_the_owners_own_log_ins_do_not_lock_the_account(limited, session):
    user = shopper(session)
    for _ in range(8):
        web = browser(limited, "10.0.1.1")
        assert try_log_in(web, user.email, PASSWORD).status_int == 302
    for _ in range(4):
        assert refused_as_wrong(try_log_in(browser(limited, "10.0.1.2"), user.email, WRONG))
    assert try_log_in(browser(limited, "10.0.1.3"), user.email, PASSWORD).status_int == 302


def test_a_blank_form_is_refused_without_counting_against_an_account(limited, session):
    user = shopper(session)
    for _ in range(6):
        page = try_log_in(browser(limited, "10.0.2.1"), "", "")
        assert page.status_int == 200 and errors(page)
    assert try_log_in(browser(limited, "10.0.2.1"), user.email, PASSWORD).status_int == 302


def ask_for_reset_link(web: TestApp, email: str) -> TestResponse:
    """Submit the rendered "forgot your password" form; a 429 is returned, not raised."""
    form = form_for(web.get("/akun/lupa-sandi"), "/akun/lupa-sandi")
    form["email"] = email
    return form.submit(expect_errors=True)


def reset_emails_to(session: scoped_session, email: str) -> int:
    return sum(
        email in to and kind.endswith("reset") for kind, to, _text in account_emails(session)
    )


@pytest.mark.parametrize("exists", [True, False], ids=["account", "no account"])
def test_reset_links_to_one_address_are_limited_the_same_whether_or_not_it_has_an_account(
    limited, session, exists
):
    email = shopper(session).email if exists else "tidak.ada@contoh.id"
    for n in range(3):
        assert ask_for_reset_link(browser(limited, f"10.0.3.{n + 1}"), email).status_int == 302
    stopped = ask_for_reset_link(browser(limited, "10.0.3.9"), email.upper())
    assert stopped.status_int == 429
    assert 60 < retry_after(stopped) <= 60 * 60
    assert reset_emails_to(session, email) == (3 if exists else 0)
    # another address is not affected
    assert ask_for_reset_link(browser(limited, "10.0.3.9"), "lain@contoh.id").status_int == 302


# --- per client address ---------------------------------------------------------------------


def test_one_address_is_stopped_across_accounts_and_the_owner_logs_in_elsewhere(limited, session):
    user = shopper(session)
    user_id = user.id
    sweeper = browser(limited, "10.1.1.1")
    for n in range(20):
        assert refused_as_wrong(try_log_in(sweeper, f"orang{n}@contoh.id", WRONG))
    stopped = try_log_in(sweeper, user.email, PASSWORD)
    assert stopped.status_int == 429
    assert 0 < retry_after(stopped) <= 60
    # only that address is limited: the right password works from another one
    assert try_log_in(browser(limited, "10.1.1.2"), user.email, PASSWORD).status_int == 302
    assert session.get(User, user_id).last_login_at is not None


def test_a_made_up_forwarded_for_does_not_dodge_the_address_limit(limited, session):
    for n in range(20):
        web = browser(limited, "10.2.2.2", X_Forwarded_For=f"198.51.100.{n}")
        assert refused_as_wrong(try_log_in(web, f"orang{n}@contoh.id", WRONG))
    web = browser(limited, "10.2.2.2", X_Forwarded_For="198.51.100.200")
    assert try_log_in(web, "lagi@contoh.id", WRONG).status_int == 429


def test_behind_a_trusted_proxy_the_address_it_saw_counts(apps, database_url, media_root):
    proxied = limited_app(database_url, media_root, TRUSTED_PROXY_COUNT=1)
    apps.append(proxied)

    def via_proxy(forwarded: str) -> TestApp:
        return browser(proxied, "10.9.9.9", X_Forwarded_For=forwarded)

    with proxied.test_request_context(
        environ_base={"REMOTE_ADDR": "10.9.9.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5"}
    ):
        assert throttle.client_ip() == "ip:203.0.113.5"
    with proxied.test_request_context(environ_base={"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}):
        assert throttle.client_ip() == "ip:2001:db8:1:2::/64"
    for n in range(20):
        assert refused_as_wrong(try_log_in(via_proxy("203.0.113.5"), f"o{n}@contoh.id", WRONG))
    # what the client itself puts in front of the proxy's entry is not believed
    assert try_log_in(via_proxy("203.0.113.6, 203.0.113.5"), "x@contoh.id", WRONG).status_int == 429
    # another client behind the same proxy is counted on its own
    assert refused_as_wrong(try_log_in(via_proxy("203.0.113.6"), "y@contoh.id", WRONG))


# --- changing one's password ----------------------------------------------------------------


def change_password(web: TestApp, current: str) -> TestResponse:
    form = form_for(web.get("/akun/"), "/akun/kata-sandi")
    form["current"] = current
    form["password"] = form["confirm"] = "kata-sandi-baru-yang-panjang-77"
    return form.submit(expect_errors=True)


def test_wrong_current_passwords_lock_the_password_change(limited, session):
    user = shopper(session)
    user_id = user.id
    webs = [browser(limited, f"10.3.0.{n}") for n in range(1, 7)]
    for web in webs:
        assert try_log_in(web, user.email, PASSWORD).status_int == 302
    for web in webs[:5]:
        page = change_password(web, WRONG)
        assert page.status_int == 400 and "Kata sandi saat ini salah." in " ".join(errors(page))
    locked = change_password(webs[5], PASSWORD)
    assert locked.status_int == 429
    assert retry_after(locked) > 60
    assert session.get(User, user_id).check_password(PASSWORD)


# --- the 429 answer -------------------------------------------------------------------------


def test_the_429_page_says_in_indonesian_how_long_to_wait_and_links_back(limited, session):
    web = browser(limited, "10.4.4.4")
    for n in range(20):
        try_log_in(web, f"orang{n}@contoh.id", WRONG)
    page = try_log_in(web, "orang@contoh.id", WRONG)
    assert page.status_int == 429
    assert page.content_type == "text/html"
    assert "<h1>Terlalu banyak percobaan</h1>" in page.text
    assert "Tunggu sekitar satu menit, lalu coba lagi." in page.text
    assert page.html.find("a", string="Kembali")["href"] == "/akun/masuk"
    assert page.html.find("form") is not None  # the site's layout (its search form), not bare

    web.get("/bahasa/en")
    english = try_log_in(web, "orang@contoh.id", WRONG)
    assert english.status_int == 429
    assert "<h1>Too many tries</h1>" in english.text
    assert "Please wait about a minute, then try again." in english.text


def test_the_429_page_counts_minutes_for_a_locked_account(limited, session):
    user = shopper(session)
    for n in range(5):
        try_log_in(browser(limited, f"10.5.0.{n}"), user.email, WRONG)
    page = try_log_in(browser(limited, "10.5.1.1"), user.email, WRONG)
    assert page.status_int == 429
    minutes = -(-retry_after(page) // 60)  # the page was written a moment before the header
    assert minutes > 1
    assert any(
        f"Tunggu sekitar {m} menit, lalu coba lagi." in page.text for m in (minutes, minutes + 1)
    )


def test_the_api_answers_429_in_json_with_retry_after(limited, session):
    api = browser(limited, "10.6.6.6")
    for _ in range(30):
        assert api.post_json("/api/v1/orders", {}, expect_errors=True).status_int != 429
    refused = api.post_json("/api/v1/orders", {}, expect_errors=True)
    assert refused.status_int == 429
    assert refused.content_type == "application/json"
    assert refused.json["code"] == 429
    assert "detik" in refused.json["message"]
    assert 0 < retry_after(refused) <= 60
    # another client is served
    other = browser(limited, "10.6.6.7").post_json("/api/v1/orders", {}, expect_errors=True)
    assert other.status_int in (400, 422)


# --- storage: per process, down, shared through Redis ---------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_redis_that_is_down_lets_log_in_through_and_logs_an_error(
    apps, database_url, media_root, monkeypatch, caplog, request
):
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{closed_port()}/0")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    down = limited_app(database_url, media_root)
    apps.append(down)
    user = shopper(request.getfixturevalue("db_session"))  # bound after the app is built
    with caplog.at_level(logging.ERROR, logger="flask-limiter"):
        for _ in range(6):
            assert refused_as_wrong(try_log_in(browser(down, "10.7.7.7"), user.email, WRONG))
        assert try_log_in(browser(down, "10.7.7.7"), user.email, PASSWORD).status_int == 302
    assert any(r.name == "flask-limiter" and r.levelno >= logging.ERROR for r in caplog.records)


def test_two_app_instances_with_memory_storage_count_apart(
    apps, database_url, media_root, monkeypatch, request
):
    """The control for the Redis test below: each app keeps its own storage."""
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    first, second = (limited_app(database_url, media_root) for _ in range(2))
    apps.extend([first, second])
    assert first.extensions["gerai.limits"].storage is not second.extensions["gerai.limits"].storage
    user = shopper(request.getfixturevalue("db_session"))
    for n in range(5):
        try_log_in(browser(first, f"10.8.0.{n}"), user.email, WRONG)
    assert try_log_in(browser(first, "10.8.1.1"), user.email, WRONG).status_int == 429
    assert refused_as_wrong(try_log_in(browser(second, "10.8.1.1"), user.email, WRONG))


@pytest.fixture
def redis_url() -> str:
    """The real Redis on 127.0.0.1:6379; skipped when it is not there, except in CI."""
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            answered = conn.recv(16).startswith(b"+PONG")
    except OSError:
        answered = False
    if not answered:
        message = f"Redis is not answering on {REDIS_HOST}:{REDIS_PORT}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI does not skip the shared-limit tests)")
        pytest.skip(message)
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"


def test_two_app_instances_share_their_counts_through_redis(
    apps, database_url, media_root, monkeypatch, redis_url, request
):
    import redis

    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    prefix = f"gerai-limits-test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(redis_url)
    try:
        first, second = (
            limited_app(database_url, media_root, RATELIMIT_STORAGE_OPTIONS=_options(prefix))
            for _ in range(2)
        )
        apps.extend([first, second])
        assert first.config["RATELIMIT_STORAGE_URI"] == redis_url
        user = shopper(request.getfixturevalue("db_session"))
        for n in range(3):
            assert refused_as_wrong(try_log_in(browser(first, f"10.9.0.{n}"), user.email, WRONG))
        for n in range(2):
            assert refused_as_wrong(try_log_in(browser(second, f"10.9.1.{n}"), user.email, WRONG))
        for each in (first, second):
            locked = try_log_in(browser(each, "10.9.2.1"), user.email, PASSWORD)
            assert locked.status_int == 429
            assert retry_after(locked) > 60
        keys = [key.decode() for key in client.scan_iter(match=f"{prefix}:*")]
        assert keys, "no counts were written to Redis"
        assert not any(user.email.split("@")[0] in key for key in keys)
    finally:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
        assert not list(client.scan_iter(match=f"{prefix}:*"))
        client.close()


def _options(prefix: str) -> dict[str, object]:
    options = dict(settings.TestingConfig().RATELIMIT_STORAGE_OPTIONS)
    assert options["key_prefix"] == "gerai-limits"  # REDIS_URL alone gives the shared prefix
    return options | {"key_prefix": prefix}


# --- settings -------------------------------------------------------------------------------


def test_redis_url_is_used_unless_a_storage_uri_is_given(monkeypatch):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert settings.TestingConfig().RATELIMIT_STORAGE_URI == "memory://"
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/2")
    config = settings.TestingConfig()
    assert config.RATELIMIT_STORAGE_URI == "redis://cache.internal:6379/2"
    assert config.RATELIMIT_STORAGE_OPTIONS["key_prefix"] == "gerai-limits"
    assert config.RATELIMIT_HEADERS_ENABLED is True
    assert config.TRUSTED_PROXY_COUNT == 0
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    assert settings.TestingConfig().RATELIMIT_STORAGE_URI == "memory://"


def test_production_warns_when_limits_are_counted_per_process(monkeypatch, caplog):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://gerai.example")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    built = []
    try:
        with caplog.at_level(logging.WARNING):
            built.append(create_app(settings.ProductionConfig()))
        assert any("REDIS_URL" in r.getMessage() for r in caplog.records)
        caplog.clear()
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
        with caplog.at_level(logging.WARNING):
            built.append(create_app(settings.ProductionConfig()))
        assert not any("REDIS_URL" in r.getMessage() for r in caplog.records)
    finally:
        for each in built:
            each.extensions["gerai.engine"].dispose()
