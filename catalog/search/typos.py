"""The typo index: the catalogue's terms found again from a word typed with a letter or two
wrong ("batk" -> batik, "gla" -> gula, "kripk" -> keripik).

Every term is stored under its deletion keys: itself and each string left when up to
:func:`max_edits` of its letters are taken out. Two words within that many edits of each
other always share a key, so the terms near a typed word are found with one indexed lookup
of the word's own keys, then confirmed with the edit distance. The same table and the same
Python serve SQLite and PostgreSQL, so both find the same corrections.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import cast

from sqlalchemy import Connection, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from catalog.models import SearchTypo

MAX_LENGTH = 40  # longer words are not corrected (and not stored)
LOOKUP_BATCH = 900

_typo = cast(Table, SearchTypo.__table__)


def max_edits(word: str) -> int:
    """How many letters may be wrong: none in words of one or two letters or in numbers,
    one in words of three or four letters, two in longer ones."""
    if len(word) < 3 or len(word) > MAX_LENGTH or word.isdigit():
        return 0
    return 1 if len(word) <= 4 else 2


def deletion_keys(word: str, edits: int) -> set[str]:
    """The word and every string left when up to ``edits`` of its letters are taken out."""
    keys = {word}
    for count in range(1, min(edits, len(word) - 1) + 1):
        for gone in combinations(range(len(word)), count):
            keys.add("".join(ch for i, ch in enumerate(word) if i not in gone))
    return keys


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) between ``a`` and ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def _known(conn: Connection, words: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(words), LOOKUP_BATCH):
        batch = words[start : start + LOOKUP_BATCH]
        found.update(
            conn.scalars(
                select(_typo.c.term).where(_typo.c.key.in_(batch), _typo.c.key == _typo.c.term)
            )
        )
    return found


def add(conn: Connection, terms: Iterable[str]) -> None:
    """Store the terms the index does not know yet (a term is never removed: a stale one
    only offers a correction that finds nothing; a rebuild clears them)."""
    wanted = sorted({t for t in terms if len(t) <= MAX_LENGTH})
    known = _known(conn, wanted)
    new = [t for t in wanted if t not in known]
    rows = [
        {"key": key, "term": term} for term in new for key in deletion_keys(term, max_edits(term))
    ]
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), 5_000):
        conn.execute(dialect.insert(_typo).on_conflict_do_nothing(), rows[start : start + 5_000])


def clear(conn: Connection) -> None:
    conn.execute(delete(_typo))


def begins_a_term(conn: Connection, start: str) -> bool:
    """Whether some term of the catalogue starts with ``start`` (every term is stored under
    itself as a key, so this is one range of the key index)."""
    found = conn.scalar(
        select(_typo.c.term)
        .where(_typo.c.key >= start, _typo.c.key < start + "\x7f", _typo.c.key == _typo.c.term)
        .limit(1)
    )
    return found is not None


def known(conn: Connection, word: str) -> bool:
    """Whether ``word`` is a term of the catalogue."""
    return bool(_known(conn, [word]))


def corrections(conn: Connection, word: str, limit: int = 3) -> list[tuple[str, int]]:
    """The catalogue's terms within :func:`max_edits` of ``word`` with their distance, nearest
    first (then the closer length, then alphabetical); [] for a word that cannot be corrected."""
    edits = max_edits(word)
    if not edits:
        return []
    keys = sorted(deletion_keys(word, edits))
    candidates: set[str] = set(conn.scalars(select(_typo.c.term).where(_typo.c.key.in_(keys))))
    near = [(distance(word, term), abs(len(term) - len(word)), term) for term in candidates]
    return [(term, d) for d, _gap, term in sorted(near) if 0 < d <= edits][:limit]
