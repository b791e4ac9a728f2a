"""Flask-Login wiring: how a session's user id becomes a User."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from accounts.models import User
from catalog import db
from catalog.db import MAX_ID
from storefront.extensions import login_manager


def load_user(user_id: str) -> User | None:
    if not user_id.isdigit() or int(user_id) > MAX_ID:
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
