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


# Numbers a courier can call and WhatsApp: libphonenumber's mobile numbers (in Indonesia +62 8…;
# FIXED_LINE_OR_MOBILE is kept for numbering plans that cannot tell the two apart).
MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)
NOT_MOBILE = N_("Enter an Indonesian mobile (HP) number, e.g. 0812-3456-7890.")
LANDLINE = N_(
    "That is a landline number. Enter a mobile (HP) number, e.g. 0812-3456-7890, so the courier "
    "and the gallery can call or WhatsApp you."
)


def normalise_mobile_phone(raw: str, field: str = "phone") -> str:
    """An Indonesian mobile (HP) number, as people type it, -> '+6281234567890'.

    The contact phone of an order: on delivery day the ojek courier and the gallery call or
    WhatsApp the shopper on it, so a landline (valid for :func:`normalise_phone`) is refused.
    """
    try:
        e164 = normalise_phone(raw, field)
    except InvalidInput as exc:
        raise InvalidInput(field, NOT_MOBILE) from exc
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
        raise InvalidInput(field, LANDLINE)
    if kind not in MOBILE_TYPES:  # toll-free, premium, shared cost…
        raise InvalidInput(field, NOT_MOBILE)
    return e164


def display_phone(e164: str) -> str:
    """'+6281234567890' -> '+62 812-3456-7890', for people to read."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
