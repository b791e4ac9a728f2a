"""Forms tested as the browser sends them: WebTest drives the app through the rendered pages.

Every field a test submits comes from the page (hidden fields, CSRF token and the pressed
button included); setting a field the page does not render raises ``AssertionError``. Use
hand-built requests only for hostile input that a browser would never send.

Usage::

    page = web.get("/kelola/produk/7")
    form = form_for(page, "/kelola/produk/7")
    form["price"] = "30.000"
    result = form.submit().maybe_follow()
    assert "saved" in flash_text(result)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.orm import scoped_session
from webtest import TestApp, TestResponse
from webtest.forms import Form

from accounts.models import User
from tests import factories

PASSWORD = "rahasia-as-rendered"


@pytest.fixture
def web(app: Flask, db_session: scoped_session) -> Iterator[TestApp]:
    """A browser-like client over the app; cookies persist between requests of one test."""
    yield TestApp(app)


def form_for(page: TestResponse, action: str, *, index: int = 0) -> Form:
    """The page's form whose action ends with ``action`` (path only), the ``index``-th of them.

    A form without an ``action`` attribute posts to the page's own URL, as browsers do.
    """
    matches = [f for f in page.forms.values() if _form_path(f, page) == action]
    assert matches, f"no form posting to {action} on {page.request.path}; forms: " + ", ".join(
        sorted({_form_path(f, page) for f in page.forms.values()})
    )
    return matches[index]


def _form_path(form: Form, page: TestResponse) -> str:
    action = form.action or page.request.path_qs
    return action.split("?", 1)[0].split("#", 1)[0].removeprefix("http://localhost")


def log_in(web: TestApp, user: User, password: str = PASSWORD) -> TestResponse:
    """Log in through the rendered log-in form; returns the page landed on."""
    form = form_for(web.get("/akun/masuk"), "/akun/masuk")
    form["email"] = user.email
    form["password"] = password
    landed = form.submit()
    assert landed.status_int == 302, f"{user.email} could not log in: {texts(landed, 'error')}"
    return landed.follow()


def signed_in(web: TestApp, session, **user_fields: object) -> User:  # type: ignore[no-untyped-def]
    """A new user (``tests.factories.user(**user_fields)``, password PASSWORD), logged in."""
    user = factories.user(session, password=PASSWORD, **user_fields)
    log_in(web, user)
    return user


def fill(form: Form, values: dict[str, str]) -> Form:
    """Type ``values`` into the rendered ``form`` (a field it lacks raises AssertionError)."""
    for name, value in values.items():
        form[name] = value
    return form


def texts(page: TestResponse, css_class: str) -> list[str]:
    """The visible text of every element carrying ``css_class`` (tags stripped)."""
    pattern = rf'<(\w+)[^>]*class="[^"]*\b{re.escape(css_class)}\b[^"]*"[^>]*>(.*?)</\1>'
    found = re.findall(pattern, page.text, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", inner).split()) for _tag, inner in found]


def errors(page: TestResponse) -> list[str]:
    """Error messages shown beside fields or at the top of a form."""
    return [t for t in texts(page, "error") if t]


def flash_text(page: TestResponse) -> str:
    """All flash messages of the page, joined."""
    return " ".join(texts(page, "flash"))


TYPED_TAGS = ("input", "textarea")
TYPED_INPUT_TYPES = {"text", "email", "number", "password", "url", "tel", "search", None}


def typed_fields(form: Form) -> list[str]:
    """Names of the fields a person types into (not hidden, checkboxes, selects or files)."""
    names = []
    for name, fields in form.fields.items():
        field = fields[0]
        if name and field.tag in TYPED_TAGS and field.attrs.get("type") in TYPED_INPUT_TYPES:
            names.append(name)
    return names


def submit_refused(
    form: Form, *, pressing: tuple[str, str] | None = None, **values: str
) -> TestResponse:
    """Fill ``values`` (names from the page), submit, and expect a refusal the user can read.

    A refusal is the form's page again (or a redirect to a page) with a visible reason in the
    page's language, never a bare error page or a server error. ``pressing`` is the (name,
    value) of the submit button to press when the form has several.
    """
    for name, value in values.items():
        form[name] = value
    button = {"name": pressing[0], "value": pressing[1]} if pressing else {}
    page = form.submit(expect_errors=True, **button)
    if page.status_int in (302, 303):
        page = page.follow(expect_errors=True)
    assert page.status_int < 500, f"{form.action}: server error {page.status_int}"
    assert errors(page), (
        f"{form.action} refused ({page.status_int}) without a visible reason; "
        f"page title: {texts(page, 'error-page')[:1]}"
    )
    return page


def submit_blank(form: Form, *, pressing: tuple[str, str] | None = None) -> TestResponse:
    """Empty every typed field and submit: the refusal must say why."""
    return submit_refused(form, pressing=pressing, **dict.fromkeys(typed_fields(form), ""))


def assert_kept(page: TestResponse, action: str, values: dict[str, str]) -> None:
    """The refused page shows again what the user typed (passwords excepted)."""
    form = form_for(page, action)
    for name, value in values.items():
        assert form[name].value == value, f"{action}: {name} lost what was typed"
