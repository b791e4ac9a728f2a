"""Autocomplete: the products, categories and galleries a half-typed query points at.

The words are read by the engine (:func:`catalog.search.engine.understand`), so a word start
("gul"), a spelling variant ("krip") or a typo ("batk") is understood as the search page
understands it. Products are the engine's own matches in its relevance order, but without the
count of every match that a results page needs and a suggestion list does not. Categories and
galleries are few: their names are matched here, in Python, word start against word start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import select

from catalog.db import DbSession
from catalog.models import Category, Gallery, Product
from catalog.queries import visible_galleries
from catalog.search import engine
from catalog.search.engine import Understood, understand
from catalog.search.normalise import fold, terms

MAX_LIMIT = 20

T = TypeVar("T")


@dataclass(frozen=True)
class ProductSuggestion:
    name: str
    slug: str
    price: int
    gallery: str  # the gallery's name


@dataclass(frozen=True)
class CategorySuggestion:
    slug: str
    label: str  # the name in the shopper's language


@dataclass(frozen=True)
class GallerySuggestion:
    slug: str
    name: str


@dataclass(frozen=True)
class Suggestions:
    products: list[ProductSuggestion] = field(default_factory=list)
    categories: list[CategorySuggestion] = field(default_factory=list)
    galleries: list[GallerySuggestion] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.products or self.categories or self.galleries)


def suggest(session: DbSession, text: str, limit: int = 5, english: bool = False) -> Suggestions:
    """Up to ``limit`` products, categories and galleries for what has been typed so far; a
    query without two letters or digits (empty, punctuation, emoji, one letter) suggests
    nothing."""
    limit = max(0, min(limit, MAX_LIMIT))
    text = text if isinstance(text, str) else ""
    if len(fold(text)) < engine.MIN_PREFIX:
        return Suggestions()  # one letter begins too much to suggest anything useful
    understood = understand(session, text)
    if not understood or not limit:
        return Suggestions()
    return Suggestions(
        products=_products(session, understood, limit),
        categories=_categories(session, understood, limit, english),
        galleries=_galleries(session, understood, limit),
    )


def _products(session: DbSession, understood: Understood, limit: int) -> list[ProductSuggestion]:
    """Up to ``limit`` visible products: first those whose name begins with the words as
    typed (the name index, in name order), then, for one word, those with a later word of the
    name beginning with it (the name-word index), then others the words match (the full-text
    index). None ranks every match, so a word that begins a fifth of a city's catalogue costs
    what a rare one does."""
    ids = engine.names_starting(session, understood, limit)
    if len(ids) < limit and len(understood.words) == 1:
        more = engine.names_with_a_word_starting(session, understood.words[0], limit)
        ids += [i for i in more if i not in ids][: limit - len(ids)]
    if len(ids) < limit:
        more = engine.some_matches(session, understood, limit * 2)
        ids += [i for i in more if i not in ids][: limit - len(ids)]
    rows = session.execute(
        select(Product.id, Product.name, Product.slug, Product.price, Gallery.name)
        .join(Gallery, Gallery.id == Product.gallery_id)
        .where(Product.id.in_(ids))
    ).all()
    by_id = {row[0]: row for row in rows}
    return [
        ProductSuggestion(row[1], row[2], int(row[3]), row[4])
        for row in (by_id[i] for i in ids if i in by_id)
    ]


def _categories(
    session: DbSession, understood: Understood, limit: int, english: bool
) -> list[CategorySuggestion]:
    rows = session.execute(
        select(Category.slug, Category.name, Category.name_en).order_by(
            Category.position, Category.name
        )
    ).all()
    found = [
        (CategorySuggestion(slug, (name_en or name) if english else name), (name, name_en))
        for slug, name, name_en in rows
    ]
    return _best(found, understood, limit)


def _galleries(session: DbSession, understood: Understood, limit: int) -> list[GallerySuggestion]:
    stmt = visible_galleries().with_only_columns(Gallery.slug, Gallery.name).order_by(Gallery.name)
    found = [(GallerySuggestion(slug, name), (name,)) for slug, name in session.execute(stmt)]
    return _best(found, understood, limit)


def _best(
    candidates: Iterable[tuple[T, Sequence[str | None]]], understood: Understood, limit: int
) -> list[T]:
    """The candidates one of whose names every word meets, those whose name begins with the
    first word first (in their given order otherwise)."""
    scored = []
    for position, (item, names) in enumerate(candidates):
        scores = [s for s in (_score(understood, n) for n in names if n) if s is not None]
        if scores:
            scored.append((min(scores), position, item))
    return [item for _score_, _position, item in sorted(scored, key=lambda s: s[:2])][:limit]


def _score(understood: Understood, name: str) -> int | None:
    """0 when the name's first word meets the query's first word, 1 when every word of the
    query meets some word of the name, None when one does not."""
    name_terms = _name_terms(name)
    if not all(any(_meets(word, t) for t in name_terms) for word in understood.words):
        return None
    return 0 if _meets(understood.words[0], name_terms[0]) else 1


def _meets(word: engine.Word, name_term: str) -> bool:
    """Whether a word of a name is the query's word or starts with it (as typed, as its
    canonical term, or as one of its typo corrections); a start shorter than the engine's
    shortest word start must be the whole word, as in the engine."""
    return any(
        name_term == form or (len(form) >= engine.MIN_PREFIX and name_term.startswith(form))
        for form in (word.term, word.typed, *word.corrections)
    )


@lru_cache(maxsize=4096)
def _name_terms(name: str) -> tuple[str, ...]:
    """A name's terms, through the one normaliser (names repeat on every keystroke)."""
    return tuple(terms(name)) or ("",)
