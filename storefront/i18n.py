"""Language choice and the formatting of money and numbers for templates."""

from __future__ import annotations

from flask import current_app, session
from flask_babel import get_locale

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def select_locale() -> str:
    """The shopper's chosen language, or Indonesian."""
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "id"


def rupiah(amount: int | None) -> str:
    """Integer rupiah shown the Indonesian way: 25000 -> 'Rp 25.000'."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(int(amount)):,}".replace(",", ".")


def thousands(number: int) -> str:
    """A count with Indonesian thousands separators: 1500 -> '1.500'."""
    return f"{int(number):,}".replace(",", ".")
