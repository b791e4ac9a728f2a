"""Checks of what officers type into the registries, shared by cooperatives and UMKM: every
refusal is an ``InvalidInput`` naming the field and saying why, in a message to translate."""

from __future__ import annotations

import re
from datetime import date

from catalog.db import DbSession, get_by_id
from catalog.exceptions import InvalidInput
from catalog.i18n import N_
from catalog.models import Kecamatan, Kelurahan

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_SEPARATORS = re.compile(r"[\s.\-/]")
MAX_RUPIAH = 10**15  # a thousand trillion: beyond any UMKM or cooperative, within 64 bits
MAX_COUNT = 10_000_000
FIRST_YEAR = 1945  # no Indonesian cooperative is older than the republic


def one_line(text: str | None, field: str, most: int, *, required: bool) -> str:
    """A line of text without control characters (PostgreSQL refuses NUL) or extra spaces."""
    cleaned = " ".join(_CONTROL.sub(" ", text or "").split())
    if required and not cleaned:
        raise InvalidInput(field, N_("Fill this in (up to %(most)s characters)."), most=most)
    if len(cleaned) > most:
        raise InvalidInput(field, N_("Keep this to %(most)s characters."), most=most)
    return cleaned


def digits(text: str | None, field: str, length: int) -> str | None:
    """A registration number of exactly ``length`` digits, as typed with or without spaces,
    dots or dashes; None when left empty."""
    cleaned = _SEPARATORS.sub("", _CONTROL.sub("", text or ""))
    if not cleaned:
        return None
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) != length:
        raise InvalidInput(field, N_("This number has %(length)s digits."), length=length)
    return cleaned


def count(value: int | None, field: str) -> int:
    """A number of people: zero or more."""
    if value is None:
        return 0
    if not 0 <= value <= MAX_COUNT:
        raise InvalidInput(field, N_("Give a number of zero or more."))
    return value


def rupiah(value: int | None, field: str, *, negative: bool = False) -> int | None:
    """An amount of rupiah, or None when unknown; negative only where a loss can be."""
    if value is None:
        return None
    if abs(value) > MAX_RUPIAH or (value < 0 and not negative):
        raise InvalidInput(field, N_("Give an amount of zero rupiah or more."))
    return value


def year(value: int | None, field: str, today: date) -> int | None:
    if value is None:
        return None
    if not FIRST_YEAR <= value <= today.year:
        raise InvalidInput(
            field, N_("Give a year from %(first)s to %(last)s."), first=FIRST_YEAR, last=today.year
        )
    return value


def past_date(value: date | None, field: str, today: date) -> date | None:
    """A date that has been: not in the future, nor before the republic."""
    if value is None:
        return None
    if value > today:
        raise InvalidInput(field, N_("This date is in the future."))
    if value.year < FIRST_YEAR:
        raise InvalidInput(field, N_("Give a date from %(first)s on."), first=FIRST_YEAR)
    return value


def place(session: DbSession, kecamatan_id: int | None, kelurahan_id: int | None) -> int:
    """The kecamatan's id, once it is known to exist and the kelurahan, if given, to lie in it."""
    kecamatan = get_by_id(session, Kecamatan, kecamatan_id)
    if kecamatan is None:
        raise InvalidInput("kecamatan_id", N_("Choose a kecamatan."))
    if kelurahan_id is None:
        return kecamatan.id
    kelurahan = get_by_id(session, Kelurahan, kelurahan_id)
    if kelurahan is None or kelurahan.kecamatan_id != kecamatan_id:
        raise InvalidInput("kelurahan_id", N_("Choose a kelurahan of the chosen kecamatan."))
    return kecamatan.id
