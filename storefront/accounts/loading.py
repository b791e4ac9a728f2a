"""Flask-Login wiring: how a session's ``"id:version"`` becomes a User.

The session keeps what ``User.get_id`` returns: the account's id and the session version it
was opened under. A session whose version is no longer the account's (it logged out, its
password changed, it was closed or reopened) is anonymous, wherever the cookie was copied to.
A bare id, as sessions kept before versions existed, is refused too: one log-in more.
"""

from __future__ import annotations

import re

from flask import Flask
from flask_babel import lazy_gettext as _l

from accounts.models import User
from catalog import db
from catalog.db import MAX_ID
from storefront.extensions import login_manager

_SESSION_ID = re.compile(r"([0-9]{1,10}):([0-9]{1,10})")


def parse_session_id(value: str) -> tuple[int, int] | None:
    """The (user id, session version) a session keeps, or None when it is not one."""
    match = _SESSION_ID.fullmatch(value)
    if match is None:
        return None
    user_id, version = int(match[1]), int(match[2])
    if user_id > MAX_ID or version > MAX_ID:
        return None
    return user_id, version


def load_user(session_id: str) -> User | None:
    parsed = parse_session_id(session_id)
    if parsed is None:
        return None
    user_id, version = parsed
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or not user.session_matches(version):
        return None
    return user


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
