"""Parsing rupiah as people write them, and cleaning what they type."""

from __future__ import annotations

import pytest

from catalog.exceptions import InvalidInput
from catalog.money import parse_rupiah
from catalog.phones import display_phone, normalise_phone
from catalog.text import clean_query, escape_like, slugify


@pytest.mark.parametrize(
    "text,amount",
    [
        ("25000", 25000),
        ("25.000", 25000),
        ("Rp 25.000", 25000),
        ("rp25.000", 25000),
        ("1.500.000", 1500000),
        ("25.000,00", 25000),
        ("25.000,0", 25000),
        (" 7500 ", 7500),
    ],
)
def test_parse_rupiah_accepts_indonesian_notation(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "-5", "25,5", "25,000", "2.5000", "25.00", "1e6"])
def test_parse_rupiah_refuses_anything_else(text):
    with pytest.raises(ValueError):
        parse_rupiah(text)


@pytest.mark.parametrize("raw", ["0812-3456-7890", "62 812 3456 7890", "+6281234567890"])
def test_phone_numbers_are_stored_as_e164(raw):
    assert normalise_phone(raw) == "+6281234567890"
    assert display_phone("+6281234567890") == "+62 812-3456-7890"


@pytest.mark.parametrize("raw", ["12345", "abc", "+1 650 253 0000"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(InvalidInput):
        normalise_phone(raw)


def test_clean_query_removes_control_characters_and_clamps():
    assert clean_query("  gula\x00 aren\u202e\u200b  ") == "gula aren"
    assert len(clean_query("x" * 10_000, max_length=100)) == 100


def test_slugify_and_like_escaping():
    assert (
        slugify("Keripik Singkong Balado (Pedas!) 250 g") == "keripik-singkong-balado-pedas-250-g"
    )
    assert slugify("☕") == "item"
    assert escape_like("50%_off") == "50\\%\\_off"
