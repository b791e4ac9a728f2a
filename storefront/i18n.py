"""Language choice and the formatting of money and numbers for templates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, session
from flask_babel import format_decimal, get_locale

from catalog.money import rupiah, thousands

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def select_locale() -> str:
    """The shopper's chosen language, or Indonesian."""
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "id"


def decimal(value: float, digits: int = 1) -> str:
    """A decimal as the page's language writes it: '1,9' in Indonesian, '1.9' in English."""
    return format_decimal(round(value, digits), format="#,##0." + "#" * digits)


__all__ = [
    "LANGUAGE_NAMES",
    "current_language",
    "decimal",
    "rupiah",
    "select_locale",
    "thousands",
]


def local_zone() -> ZoneInfo:
    """The galleries' time zone (Jakarta unless configured): the cooperative's day."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))


def local_today() -> date:
    return datetime.now(local_zone()).date()
