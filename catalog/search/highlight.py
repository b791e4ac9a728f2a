"""Which words of a product's text a query found, for the results page to mark them."""

from __future__ import annotations

import re

from catalog.search.engine import Understood
from catalog.search.normalise import fold, terms

_WORD = re.compile(r"\w+", re.UNICODE)


def marked(text: str, understood: Understood) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, in order, each with whether it is a word the query found:
    one of its terms (or their corrections), or a word the typed word starts. Joined, the
    pieces are ``text`` again; the caller escapes them."""
    wanted = {t for w in understood.words for t in (w.term, *w.corrections)}
    starts = [w.prefix for w in understood.words if w.prefix]
    pieces: list[tuple[str, bool]] = []
    end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        folded = fold(word)
        found = bool(wanted & set(terms(word))) or any(folded.startswith(s) for s in starts)
        if match.start() > end:
            pieces.append((text[end : match.start()], False))
        pieces.append((word, found))
        end = match.end()
    if end < len(text):
        pieces.append((text[end:], False))
    return pieces
