"""Indonesian phone numbers: whatever people type, stored as E.164 (+62…)."""

from __future__ import annotations

import phonenumbers

from catalog.exceptions import InvalidInput
from catalog.i18n import N_


def normalise_phone(raw: str, field: str = "phone") -> str:
    """'0812-3456-7890', '62 812 3456 7890' or '+62812…' -> '+6281234567890'."""
    text = (raw or "").strip()
    if text.startswith("62"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(field, N_("Not a phone number.")) from exc
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise InvalidInput(field, N_("Not a valid Indonesian phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """'+6281234567890' -> '+62 812-3456-7890', for people to read."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
