"""The one text normaliser of product search, used when indexing and when reading a query.

Index text and query text go through the same steps, so whatever they decide, both sides
agree:

- `fold`: the first `MAX_CHARS` characters only (product texts are far shorter; a 10,000
  character query costs the same as a 2,000 character one), NFKC, casefold, accents stripped,
  control and format characters (NUL, zero-width, bidi overrides) dropped, every run of
  anything but ASCII letters and digits turned into one space.
- Repeated letters: every run of one repeated letter becomes a single letter, doubles included
  ("kriiipik" and "kriipik" -> "kripik", "batiiik" -> "batik", "saat" -> "sat",
  "anggrek" -> "angrek"). Collapsing only runs of three would leave "kriipik" unmatched;
  collapsing doubles too costs a few collisions ("saat"/"sat", "taat"/"tat") that are harmless
  in a product catalogue and absorbs spellings such as rengginang/renginang. Digits are never
  collapsed (10 is not 100). Lexicon entries are folded the same way when loaded.
- Words: a word of three or more letters followed by "2" is Indonesian reduplication
  ("oleh2" -> "oleh oleh"); any other word mixing letters and digits is split where they meet
  ("250gr" -> "250 gr", "a5" -> "a 5"), so "1kg" and "1 kg" agree.
- `terms`: the words with the lexicon (`lexicon.toml`) applied, longest phrase first: spelling
  variants, synonyms and English words become one canonical form. Canonical forms are fixed
  points; `load_lexicon` refuses a lexicon that would break that.
- Affixes are not stripped yet: a stemmer such as Sastrawi is to be measured against the
  relevance set before it is adopted.

Every term matches ``[a-z0-9]+`` and is never empty, so terms can go straight into FTS5,
tsquery and LIKE patterns.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

MAX_CHARS = 2000
"""Only this many characters of a text are read."""

DEFAULT_LEXICON_PATH = Path(__file__).with_name("lexicon.toml")

# Letters with no Unicode decomposition to a base letter plus accent.
_LETTERS = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})
_DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Mc", "Me"}
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REPEATED_LETTER = re.compile(r"([a-z])\1+")
_REDUPLICATED = re.compile(r"([a-z]{3,})2")
_LETTERS_OR_DIGITS = re.compile(r"[a-z]+|[0-9]+")
_SECTIONS = ("variants", "synonyms", "english")
_MAX_PASSES = 4

Phrase = tuple[str, ...]


def fold(text: str) -> str:
    """Text folded for matching: 'Gula-Aren!!' -> 'gula aren', 'KRIIIPIK' -> 'kripik'."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold()
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    # whitespace controls (tab, newline) separate words; other invisible characters vanish
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _DROPPED
    )
    text = _NOT_WORD.sub(" ", text)
    return _REPEATED_LETTER.sub(r"\1", text).strip()


def words(text: str) -> list[str]:
    """The folded words of a text, reduplication spelled out and letters split from digits."""
    result: list[str] = []
    for word in fold(text).split():
        reduplicated = _REDUPLICATED.fullmatch(word)
        if reduplicated:
            result += [reduplicated[1], reduplicated[1]]
        else:
            result += _LETTERS_OR_DIGITS.findall(word)
    return result


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Phrases (tuples of folded words) and the canonical words each one stands for."""

    rules: Mapping[Phrase, Phrase]

    @cached_property
    def longest(self) -> int:
        """The number of words in the longest phrase."""
        return max(map(len, self.rules), default=0)

    def __len__(self) -> int:
        return len(self.rules)


@dataclass(frozen=True)
class QueryTerm:
    """A canonical term of a query and the folded word the shopper typed for it."""

    term: str
    typed: str


def terms(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The canonical terms of a text, in order, duplicates kept."""
    return [term for term, _ in _rewrite(words(text), lexicon or default_lexicon())]


def query_terms(text: str, max_terms: int = 8, lexicon: Lexicon | None = None) -> list[QueryTerm]:
    """A shopper's query as distinct canonical terms, each with the word typed for it.

    For a phrase of the lexicon, a canonical word takes the typed word that means it on its
    own ("palm sugar" -> gula/sugar, aren/palm; "gula merah" -> gula/gula, aren/merah); each
    other canonical word takes the longest typed word not yet taken, or the longest of the
    phrase when none is left ("t-shirt" -> kaos/shirt, "tote bag" -> totebag/tote).
    """
    result: list[QueryTerm] = []
    for term, typed in _rewrite(words(text), lexicon or default_lexicon()):
        if len(result) >= max_terms:
            break
        if all(seen.term != term for seen in result):
            result.append(QueryTerm(term, typed))
    return result


def completions(start: str, lexicon: Lexicon | None = None) -> list[str]:
    """The one-word canonical terms that a one-word spelling of the lexicon beginning with
    ``start`` stands for: a shopper halfway through "kripik" ("krip") means keripik."""
    rules = (lexicon or default_lexicon()).rules
    found = {
        canonical[0]
        for other, canonical in rules.items()
        if len(other) == 1 and len(canonical) == 1 and other[0].startswith(start)
    }
    return sorted(found)


def _rewrite(tokens: list[str], lexicon: Lexicon) -> list[tuple[str, str]]:
    """(canonical word, typed word) pairs: the lexicon applied until nothing changes.

    A second pass only fires when a rewrite makes a new phrase with its neighbour ("gula
    coconut" -> "gula kelapa" -> "gula aren"); the number of passes is capped.
    """
    pairs = [(token, token) for token in tokens]
    for _ in range(_MAX_PASSES):
        pairs, changed = _rewrite_once(pairs, lexicon)
        if not changed:
            break
    return pairs


def _rewrite_once(
    pairs: list[tuple[str, str]], lexicon: Lexicon
) -> tuple[list[tuple[str, str]], bool]:
    """One left-to-right pass, longest phrase first; also whether any phrase was replaced."""
    result: list[tuple[str, str]] = []
    changed = False
    start = 0
    while start < len(pairs):
        for size in range(min(lexicon.longest, len(pairs) - start), 0, -1):
            window = pairs[start : start + size]
            canonical = lexicon.rules.get(tuple(word for word, _ in window))
            if canonical is not None:
                typed = [window[i][1] for i in _aligned([w for w, _ in window], canonical, lexicon)]
                result += zip(canonical, typed, strict=True)
                changed = True
                start += size
                break
        else:
            result.append(pairs[start])
            start += 1
    return result, changed


def _aligned(source: list[str], canonical: Phrase, lexicon: Lexicon) -> list[int]:
    """For each canonical word, the index of the source word it stands for."""
    alone = [lexicon.rules.get((word,), (word,)) for word in source]
    unused = list(range(len(source)))
    chosen: list[int | None] = []
    for term in canonical:
        match = next((i for i in unused if term in alone[i]), None)
        if match is not None:
            unused.remove(match)
        chosen.append(match)
    result = []
    for match in chosen:
        if match is None:
            match = max(unused or range(len(source)), key=lambda i: len(source[i]))
            if match in unused:
                unused.remove(match)
        result.append(match)
    return result


# Loading the lexicon


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and check a lexicon file; a ValueError names what is wrong with it."""
    path = path or DEFAULT_LEXICON_PATH
    with path.open("rb") as file:
        data = tomllib.load(file)
    return lexicon_from_mapping(data, source=str(path))


def lexicon_from_mapping(data: Mapping[str, Any], source: str = "lexicon") -> Lexicon:
    """Build a lexicon from the sections of a parsed lexicon file (see `lexicon.toml`)."""
    unknown = sorted(set(data) - set(_SECTIONS))
    if unknown:
        raise ValueError(f"{source}: unknown sections {unknown}; expected {list(_SECTIONS)}")
    rules: dict[Phrase, Phrase] = {}
    for section in _SECTIONS:
        for canonical, others in _entries(data.get(section, {}), section, source):
            for other in others:
                _add_rule(rules, other, canonical, source)
    _check_fixed_points(rules, source)
    return Lexicon(MappingProxyType(rules))


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped beside this module, loaded once."""
    return load_lexicon()


def _entries(table: object, section: str, source: str) -> Iterator[tuple[Phrase, list[Phrase]]]:
    """(canonical phrase, other phrases) of one section; English maps each word to one phrase."""
    if not isinstance(table, dict):
        raise ValueError(f"{source}: [{section}] must be a table")
    for key, value in table.items():
        if section == "english":
            if not isinstance(value, str):
                raise ValueError(f"{source}: [english] {key!r} must map to one string")
            yield _phrase(value, source), [_phrase(key, source)]
        else:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{source}: [{section}] {key!r} must map to a list of strings")
            yield _phrase(key, source), [_phrase(v, source) for v in value]


def _phrase(text: str, source: str) -> Phrase:
    phrase = tuple(words(text))
    if not phrase:
        raise ValueError(f"{source}: {text!r} has no letters or digits")
    return phrase


def _add_rule(rules: dict[Phrase, Phrase], other: Phrase, canonical: Phrase, source: str) -> None:
    if other == canonical:
        return  # the same once folded, as "rengginang" and "renginang" are
    if rules.get(other, canonical) != canonical:
        raise ValueError(
            f"{source}: {' '.join(other)!r} is given as a form of both "
            f"{' '.join(rules[other])!r} and {' '.join(canonical)!r}"
        )
    rules[other] = canonical


def _check_fixed_points(rules: Mapping[Phrase, Phrase], source: str) -> None:
    """Refuse chains and cycles: a canonical form must come out of the lexicon unchanged."""
    lexicon = Lexicon(rules)
    for canonical in set(rules.values()):
        if canonical in rules:
            raise ValueError(f"{source}: {_chain(rules, canonical)}")
        rewritten = tuple(term for term, _ in _rewrite(list(canonical), lexicon))
        if rewritten != canonical:
            raise ValueError(
                f"{source}: the canonical form {' '.join(canonical)!r} would itself be "
                f"rewritten to {' '.join(rewritten)!r}; write it in its final form"
            )


def _chain(rules: Mapping[Phrase, Phrase], start: Phrase) -> str:
    path = [start]
    while path[-1] in rules and rules[path[-1]] not in path:
        path.append(rules[path[-1]])
    shown = " -> ".join(" ".join(p) for p in [*path, rules.get(path[-1], ())] if p)
    if path[-1] in rules:
        return f"cycle of forms: {shown}"
    return (
        f"the canonical form {' '.join(start)!r} is itself listed as a form of another "
        f"({shown}); list its spellings under the final form"
    )
