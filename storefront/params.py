"""Lenient parsing of query-string values for HTML pages: bad input falls back, never errors."""

from __future__ import annotations

from collections.abc import Mapping

from catalog.text import clean_query


def int_arg(args: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    """An integer argument clamped to lo..hi; missing or malformed gives the default."""
    raw = args.get(name, "")
    try:
        value = int(raw.strip()[:12])
    except ValueError:
        return default
    return min(max(value, lo), hi)


def slug_arg(args: Mapping[str, str], name: str) -> str | None:
    """A slug-like argument, or None when missing or not slug-shaped."""
    value = args.get(name, "").strip().lower()
    if not value or len(value) > 160 or not all(ch.isalnum() or ch == "-" for ch in value):
        return None
    return value if value.isascii() else None


def query_arg(args: Mapping[str, str], max_length: int) -> str:
    return clean_query(args.get("q"), max_length)
