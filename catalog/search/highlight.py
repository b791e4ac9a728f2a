"""Which words of a product's text a query found, for the results page to mark them."""

from __future__ import annotations

import re

from catalog.search.engine import Understood
from catalog.search.normalise import fold, terms

_WORD = re.compile(r"\w+", re.UNICODE)
_LONGEST_PHRASE = 3  # words; the lexicon's phrases are shorter


def marked(text: str, understood: Understood) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, in order, each with whether it is a word the query found:
    one of its terms (or their corrections), a word the typed word starts, or a word of a
    phrase the lexicon reads as the query's terms ("Gula Kelapa" for "gula merah": both
    words read as gula aren). Joined, the pieces are ``text`` again; the caller escapes them."""
    wanted = {t for w in understood.words for t in (w.term, *w.corrections)}
    starts = [w.prefix for w in understood.words if w.prefix]
    words = list(_WORD.finditer(text))
    found = [
        bool(wanted & set(terms(m.group()))) or any(fold(m.group()).startswith(s) for s in starts)
        for m in words
    ]
    for first in range(len(words)):
        for size in range(_LONGEST_PHRASE, 1, -1):
            window = words[first : first + size]
            phrase = terms(" ".join(m.group() for m in window))
            if len(window) == size and phrase and set(phrase) <= wanted:
                found[first : first + size] = [True] * size
                break
    pieces: list[tuple[str, bool]] = []
    end = 0
    for match, hit in zip(words, found, strict=True):
        if match.start() > end:
            pieces.append((text[end : match.start()], False))
        pieces.append((match.group(), hit))
        end = match.end()
    if end < len(text):
        pieces.append((text[end:], False))
    return pieces
