"""Text helpers: cleaning what people type, and making URL slugs."""

from __future__ import annotations

import re
import unicodedata

# control, format (bidi overrides, zero-width) and surrogate code points
_INVISIBLE = {"Cc", "Cf", "Cs"}
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def clean_query(raw: str | None, max_length: int = 100) -> str:
    """Normalise a search query: NFKC, no control or format characters, single spaces.

    PostgreSQL refuses NUL bytes in text, and odd Unicode must never reach the database raw.
    """
    if not raw:
        return ""
    text = unicodedata.normalize("NFKC", raw)
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = "".join(" " if unicodedata.category(ch) in _INVISIBLE else ch for ch in text)
    return _SPACES.sub(" ", text).strip()[:max_length].strip()


def query_words(query: str, max_words: int = 8) -> list[str]:
    """The distinct lower-case words of a cleaned query, at most ``max_words``."""
    words: list[str] = []
    for word in query.lower().split(" "):
        if word and word not in words:
            words.append(word)
    return words[:max_words]


def slugify(text: str, max_length: int = 120) -> str:
    """An ASCII URL slug: 'Keripik Singkong Balado' -> 'keripik-singkong-balado'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def escape_like(word: str, escape: str = "\\") -> str:
    """Escape LIKE wildcards so '%' and '_' typed by a shopper match themselves."""
    return word.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_")
