"""Helpers for manager-console tests: a logged-in manager and CSRF-aware posts."""

from __future__ import annotations

import re

from accounts.models import Role
from catalog.models import Cooperative
from tests import factories
from tests.conftest import login

PASSWORD = "kelola-rahasia"


def csrf_from(client, url: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url).data
    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1).decode()


def log_in_manager(client, db_session, cooperative: Cooperative):  # type: ignore[no-untyped-def]
    user = factories.user(db_session, password=PASSWORD, role=Role.MANAGER, cooperative=cooperative)
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 302, "manager could not log in"
    return user


def post(client, url: str, data: dict | None = None, form_url: str = "/kelola/", **kw):  # type: ignore[no-untyped-def]
    """POST with a valid CSRF token taken from ``form_url``."""
    return client.post(url, data=(data or {}) | {"csrf_token": csrf_from(client, form_url)}, **kw)


def shop_with_a_product(session, **product_fields: object) -> dict:  # type: ignore[no-untyped-def]
    """A cooperative's gallery, a member, a category and one product (5 in stock, no photo)."""
    gallery = factories.gallery(session)
    member = factories.member(session, cooperative=gallery.cooperative)
    category = factories.category(session)
    fields = {"stock": 5, "with_image": False} | product_fields
    product = factories.product(
        session, gallery=gallery, member=member, category=category, **fields
    )
    return {"gallery": gallery, "member": member, "category": category, "product": product}


def fresh(session, obj):  # type: ignore[no-untyped-def]
    """The same row re-read in the current session (requests end their own sessions)."""
    session.expire_all()
    return session.get(type(obj), obj.id)
