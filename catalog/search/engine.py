"""Finding products for what a shopper typed, the same way on SQLite and PostgreSQL.

The query is read by the one normaliser (catalog.search.normalise). Each of its terms may be
met by the canonical term itself, by a term starting with the word as typed ("gul" -> gula),
or, when the word is no term of the catalogue and begins none, by the terms a spelling of the
lexicon starting with it stands for ("krip" -> keripik), else by the likeliest term within a
typo or two of it (catalog.search.typos): only that one, so that the results are those of
the corrected query the page names. The full-text index finds the products that meet every
term; the ranking then puts first, in tiers:

0. the product's name starts with the query's terms as a phrase,
1. the phrase elsewhere in the name,
2. every term in the name,
3. every term somewhere in the product's document (category, member, gallery, description),
4. the name starts with the words as typed, the last one perhaps unfinished ("gul"),
5. every term in the name, some only as word starts,
6. every term in the document, some only as word starts,
7. the rest (a lexicon spelling's other canonical terms);

a mistyped word counts as its correction throughout;
within a tier, more of the words in the name first, in stock before sold out, then units
sold, then the newest. The tiers are
computed with LIKE on the stored, space-padded terms, which hold only ``[a-z0-9]`` and
spaces, so nothing a shopper types reaches SQL syntax.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute

from catalog.db import DbSession
from catalog.models import (
    Category,
    Gallery,
    Kecamatan,
    Product,
    ProductSearch,
    SearchNameWord,
)
from catalog.queries import Page, clamp_page, product_loaders
from catalog.search import typos
from catalog.search.index import fts
from catalog.search.normalise import QueryTerm, completions, query_terms

MIN_PREFIX = 2  # a word start shorter than this matches too much to mean anything
MAX_PRICE = 1_000_000_000


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    PRICE_LOW = "price_low"
    PRICE_HIGH = "price_high"
    NEWEST = "newest"
    NEAREST = "nearest"  # needs SearchQuery.near; without it, relevance


@dataclass(frozen=True)
class SearchQuery:
    """What the shopper asked for: words and filters (empty fields do not filter)."""

    q: str = ""
    category: str | None = None
    kecamatan: str | None = None
    gallery: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool = False
    halal: bool = False
    sort: Sort = Sort.RELEVANCE
    near: tuple[float, float] | None = None  # the shopper's (lat, lng), for Sort.NEAREST

    @property
    def price_range(self) -> tuple[int | None, int | None]:
        """The price bounds, in order (a range typed the wrong way round is turned around)."""
        low, high = self.min_price, self.max_price
        if low is not None and high is not None and low > high:
            low, high = high, low
        return low, high


@dataclass(frozen=True)
class Word:
    """One term of the query and how the catalogue can meet it."""

    term: str
    typed: str
    prefix: str | None  # the typed word as a word start, if long enough and it begins a term
    corrections: tuple[str, ...] = ()

    @property
    def main(self) -> str:
        """The form the ranking looks for: the term, or its likeliest correction."""
        return self.corrections[0] if self.corrections else self.term

    @property
    def start(self) -> str:
        """What a word of a name may begin with: the word as typed when it may be unfinished
        ("gul"), else its main form (a word the lexicon spells otherwise, "kripik", begins
        names in its canonical form)."""
        return self.prefix if self.prefix and self.term == self.typed else self.main


@dataclass(frozen=True)
class Understood:
    """The query as the engine read it."""

    words: tuple[Word, ...] = ()
    corrected: dict[str, str] = field(default_factory=dict)  # typed word -> best correction

    def __bool__(self) -> bool:
        return bool(self.words)


def understand(session: DbSession, text: str) -> Understood:
    """The query's terms, each with its word start and, when needed, typo corrections."""
    found: list[Word] = []
    corrected: dict[str, str] = {}
    for qt in query_terms(text):
        found.append(_word(session, qt, corrected))
    return Understood(tuple(found), corrected)


def _word(session: DbSession, qt: QueryTerm, corrected: dict[str, str]) -> Word:
    conn = session.connection()
    if typos.known(conn, qt.term):
        prefix = qt.typed if len(qt.typed) >= MIN_PREFIX and qt.typed != qt.term else None
        return Word(qt.term, qt.typed, prefix)
    start = qt.typed if len(qt.typed) >= MIN_PREFIX else None
    if start is not None and typos.begins_a_term(conn, start):
        return Word(qt.term, qt.typed, start)
    completed = [t for t in completions(qt.typed) if typos.known(conn, t)] if start else []
    if completed:
        return Word(qt.term, qt.typed, None, tuple(completed))
    fixes = _likeliest(session, typos.corrections(conn, qt.term, limit=6), keep=1)
    if fixes:  # the likeliest correction only: what "did you mean" names is what is shown
        corrected[qt.typed] = fixes[0]
    return Word(qt.term, qt.typed, None, tuple(fixes))


LIKELY_ENOUGH = 1000  # products holding a correction beyond which more say nothing more


def _likeliest(session: DbSession, candidates: list[tuple[str, int]], keep: int = 3) -> list[str]:
    """The corrections, nearest first and, among equally near ones, those more products hold
    first ("batk" is likelier batik than batu in a batik town); a term no product holds any
    more is dropped. Counts stop at :data:`LIKELY_ENOUGH`: two terms that a thousand products
    each hold are both common words, and counting all 16,000 batik would cost PostgreSQL a
    visit to each of them for nothing (terms as common as each other then go alphabetically,
    on both databases alike)."""
    counted = [(d, -_products_with(session, term), term) for term, d in candidates]
    return [term for _d, minus_count, term in sorted(counted) if minus_count < 0][:keep]


def _products_with(session: DbSession, term: str) -> int:
    """How many documents hold ``term``, up to :data:`LIKELY_ENOUGH`, counted in the
    full-text index alone."""
    word = [Word(term, term, None)]
    if session.get_bind().dialect.name == "postgresql":
        found = select(ProductSearch.product_id).where(_matching(session, word))
    else:
        found = select(fts.c.rowid).where(literal_column(fts.name).op("MATCH")(_fts5(word)))
    held = found.limit(LIKELY_ENOUGH).subquery()
    return session.scalar(select(func.count()).select_from(held)) or 0


# --- the full-text match -------------------------------------------------------------------


def _fts5(words: Sequence[Word]) -> str:
    """An FTS5 query: every word, each met by any of its forms (terms are [a-z0-9]+)."""
    groups = []
    for w in words:
        forms = [f'"{w.term}"'] + [f'"{c}"' for c in w.corrections]
        if w.prefix:
            forms.append(f'"{w.prefix}"*')
        groups.append("(" + " OR ".join(forms) + ")")
    return " AND ".join(groups)


def _tsquery(words: Sequence[Word]) -> str:
    """The same query for PostgreSQL's to_tsquery."""
    groups = []
    for w in words:
        forms = [w.term, *w.corrections]
        if w.prefix:
            forms.append(f"{w.prefix}:*")
        groups.append("(" + " | ".join(forms) + ")")
    return " & ".join(groups)


def _matching(session: DbSession, words: Sequence[Word]) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "postgresql":
        simple: ColumnElement[str] = literal_column("'simple'")
        document = func.to_tsvector(simple, ProductSearch.terms)
        return document.op("@@")(func.to_tsquery(simple, _tsquery(words)))
    found = select(fts.c.rowid).where(literal_column(fts.name).op("MATCH")(_fts5(words)))
    return ProductSearch.product_id.in_(found.scalar_subquery())


def _has(column: ColumnElement[str] | InstrumentedAttribute[str], term: str) -> ColumnElement[bool]:
    return column.like(f"% {term} %")


def _tier(words: Sequence[Word]) -> ColumnElement[int]:
    """The ranking tier of a matched product (see the module's docstring). A corrected word
    counts as its correction (or the first term its unfinished lexicon spelling stands for)."""
    mains = [w.main for w in words]
    phrase = " ".join(mains)
    name, document = ProductSearch.name_terms, ProductSearch.terms

    def started(column: InstrumentedAttribute[str]) -> list[ColumnElement[bool]]:
        return [
            or_(_has(column, w.main), column.like(f"% {w.prefix}%"))
            if w.prefix
            else _has(column, w.main)
            for w in words
        ]

    start = _typed_start(words)
    return case(
        (name.like(f" {phrase} %"), 0),
        (_has(name, phrase), 1),
        (and_(*[_has(name, m) for m in mains]), 2),
        (and_(*[_has(document, m) for m in mains]), 3),
        (name.like(f" {start}%"), 4),
        (and_(*started(name)), 5),
        (and_(*started(document)), 6),
        else_=7,
    )


def _name_hits(words: Sequence[Word]) -> ColumnElement[int]:
    """How many of the query's words the name holds: within a tier, "kopi serpong" puts
    the coffees of Serpong before the products that mention coffee in their description."""
    hits: ColumnElement[int] = literal_column("0")
    for w in words:
        hits = hits + case((_has(ProductSearch.name_terms, w.main), 1), else_=0)
    return hits


# --- filters, order and the page -----------------------------------------------------------


def _filtered(stmt: Select, query: SearchQuery) -> Select:
    """The visible products under the query's filters, from the documents' own copies."""
    doc = ProductSearch
    stmt = stmt.where(doc.visible.is_(True))
    if query.category:
        category = select(Category.id).where(Category.slug == query.category)
        stmt = stmt.where(doc.category_id.in_(category.scalar_subquery()))
    if query.kecamatan:
        kecamatan = select(Kecamatan.id).where(Kecamatan.slug == query.kecamatan)
        stmt = stmt.where(doc.kecamatan_id.in_(kecamatan.scalar_subquery()))
    if query.gallery:
        gallery = select(Gallery.id).where(Gallery.slug == query.gallery)
        stmt = stmt.where(doc.gallery_id.in_(gallery.scalar_subquery()))
    low, high = query.price_range
    if low is not None:
        stmt = stmt.where(doc.price >= low)
    if high is not None:
        stmt = stmt.where(doc.price <= high)
    if query.in_stock:
        stmt = stmt.where(doc.in_stock.is_(True))
    if query.halal:
        stmt = stmt.where(doc.is_halal.is_(True))
    return stmt


def _base(session: DbSession, understood: Understood) -> Select:
    """The documents the query's words match (all of them, without words)."""
    stmt = select(ProductSearch.product_id)
    if understood:
        stmt = stmt.where(_matching(session, understood.words))
    return stmt


def _farness(near: tuple[float, float]) -> ColumnElement[float]:
    """How far the product's gallery is from ``near``, for ordering only: the squared
    distance on a flat map scaled at the shopper's latitude (exact enough across a city, and
    plain arithmetic that both databases do alike)."""
    lat, lng = near
    scale = math.cos(math.radians(lat))
    north = Gallery.lat - lat
    east = (Gallery.lng - lng) * scale
    return north * north + east * east


def _ordered(
    stmt: Select, understood: Understood, sort: Sort, near: tuple[float, float] | None = None
) -> Select:
    doc = ProductSearch
    sold_out = case((doc.in_stock.is_(True), 0), else_=1)
    popular = (doc.units_sold.desc(), doc.listed_at.desc(), doc.product_id.desc())
    if sort is Sort.PRICE_LOW:
        return stmt.order_by(doc.price, sold_out, *popular)
    if sort is Sort.PRICE_HIGH:
        return stmt.order_by(doc.price.desc(), sold_out, *popular)
    if sort is Sort.NEWEST:
        return stmt.order_by(doc.listed_at.desc(), doc.product_id.desc())
    if sort is Sort.NEAREST and near is not None:
        stmt = stmt.join(Gallery, Gallery.id == doc.gallery_id)
        return stmt.order_by(_farness(near), sold_out, *popular)
    if understood:
        return stmt.order_by(
            _tier(understood.words), _name_hits(understood.words).desc(), sold_out, *popular
        )
    return stmt.order_by(sold_out, *popular)


# --- facets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: what the URL names it by, how many products it would show
    (under the query's other filters), and whether it is chosen."""

    key: str
    label: str
    count: int
    chosen: bool


@dataclass(frozen=True)
class Facets:
    categories: list[FacetValue]
    kecamatan: list[FacetValue]
    galleries: list[FacetValue]
    in_stock: int  # products in stock under the other filters
    halal: int  # halal products under the other filters
    price_low: int | None  # the cheapest and dearest price among the matched products
    price_high: int | None


@dataclass(frozen=True)
class _Group:
    category_id: int
    gallery_id: int
    kecamatan_id: int
    in_stock: bool
    halal: bool
    count: int
    low: int
    high: int


def _groups(session: DbSession, query: SearchQuery, understood: Understood) -> list[_Group]:
    """The matched products under the price range, counted per category, gallery, stock and
    halal: every facet's counts come from these few rows, without another query."""
    unfaceted = SearchQuery(q=query.q, min_price=query.min_price, max_price=query.max_price)
    doc = ProductSearch
    stmt = _filtered(_base(session, understood), unfaceted).with_only_columns(
        doc.category_id,
        doc.gallery_id,
        doc.kecamatan_id,
        doc.in_stock,
        doc.is_halal,
        func.count(),
        func.min(doc.price),
        func.max(doc.price),
    )
    rows: Sequence[Any] = session.execute(
        stmt.group_by(doc.category_id, doc.gallery_id, doc.kecamatan_id, doc.in_stock, doc.is_halal)
    ).all()
    return [
        _Group(int(c), int(g), int(k), bool(s), bool(h), int(n), int(lo), int(hi))
        for c, g, k, s, h, n, lo, hi in rows
    ]


@dataclass(frozen=True)
class _Chosen:
    category_id: int | None
    kecamatan_id: int | None
    gallery_id: int | None
    in_stock: bool
    halal: bool

    def keeps(self, group: _Group, ignoring: str = "") -> bool:
        """Whether the filters (but the one named ``ignoring``) keep the group's products."""
        checks = {
            "category": self.category_id is None or group.category_id == self.category_id,
            "kecamatan": self.kecamatan_id is None or group.kecamatan_id == self.kecamatan_id,
            "gallery": self.gallery_id is None or group.gallery_id == self.gallery_id,
            "in_stock": not self.in_stock or group.in_stock,
            "halal": not self.halal or group.halal,
        }
        return all(ok for name, ok in checks.items() if name != ignoring)


NOWHERE = -1  # the id of a filter value that exists nowhere among the matches


def _asked(slug: str | None, ids: dict[str, int]) -> int | None:
    """The id of the value a filter asks for: None when it asks nothing, NOWHERE when no
    matched product has it (an unknown slug, or a gallery none of the matches is in)."""
    if not slug:
        return None
    return ids.get(slug, NOWHERE)


def _count(groups: list[_Group], chosen: _Chosen, ignoring: str, key: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for group in groups:
        if chosen.keeps(group, ignoring):
            value = getattr(group, key)
            counts[value] = counts.get(value, 0) + group.count
    return counts


def facets(
    session: DbSession, query: SearchQuery, understood: Understood, english: bool = False
) -> Facets:
    """Counts for every filter value (each facet under the other filters, so a chosen value's
    siblings still show what choosing them would give), from one grouped query."""
    return _facets_and_total(session, query, understood, english)[0]


class GroupMemo(Protocol):
    """A place to keep the matches' groups between searches (a cache keyed by the catalogue's
    version): they depend only on the words and the price range, so choosing a filter, another
    sort or another page of the same search needs no pass over every match again."""

    def __call__(
        self, kind: str, parts: tuple[object, ...], make: Callable[[], list[_Group]]
    ) -> list[_Group]: ...


def _facets_and_total(
    session: DbSession,
    query: SearchQuery,
    understood: Understood,
    english: bool,
    memo: GroupMemo | None = None,
) -> tuple[Facets, int]:
    """The facets, and how many products all the filters keep (the results' total)."""
    if memo is None:
        groups = _groups(session, query, understood)
    else:
        asked = (understood, query.price_range)
        groups = memo("search-groups", asked, lambda: _groups(session, query, understood))
    categories = session.execute(
        select(Category.id, Category.slug, Category.name_en if english else Category.name).order_by(
            Category.position, Category.name
        )
    ).all()
    places = session.execute(
        select(Gallery.id, Gallery.slug, Gallery.name, Kecamatan.id, Kecamatan.slug, Kecamatan.name)
        .join(Kecamatan, Kecamatan.id == Gallery.kecamatan_id)
        .where(Gallery.id.in_({g.gallery_id for g in groups} or {0}))
        .order_by(Kecamatan.name, Gallery.name)
    ).all()
    slug_of_kecamatan = {row[3]: row[4] for row in places}
    chosen = _Chosen(  # a value asked for that no match has keeps nothing (NOWHERE)
        _asked(query.category, {slug: cid for cid, slug, _name in categories}),
        _asked(query.kecamatan, {slug: kid for kid, slug in slug_of_kecamatan.items()}),
        _asked(query.gallery, {row[1]: row[0] for row in places}),
        query.in_stock,
        query.halal,
    )
    per_category = _count(groups, chosen, "category", "category_id")
    per_kecamatan = _count(groups, chosen, "kecamatan", "kecamatan_id")
    per_gallery = _count(groups, chosen, "gallery", "gallery_id")
    kept = [g for g in groups if chosen.keeps(g)]
    kecamatan = {row[3]: (row[4], row[5]) for row in places}
    found = Facets(
        categories=[
            FacetValue(slug, name, per_category.get(cid, 0), slug == query.category)
            for cid, slug, name in categories
            if per_category.get(cid) or slug == query.category
        ],
        kecamatan=[
            FacetValue(slug, name, per_kecamatan.get(kid, 0), slug == query.kecamatan)
            for kid, (slug, name) in kecamatan.items()
            if per_kecamatan.get(kid) or slug == query.kecamatan
        ],
        galleries=[
            FacetValue(row[1], row[2], per_gallery.get(row[0], 0), row[1] == query.gallery)
            for row in places
            if per_gallery.get(row[0]) or row[1] == query.gallery
        ],
        in_stock=sum(g.count for g in groups if chosen.keeps(g, "in_stock") and g.in_stock),
        halal=sum(g.count for g in groups if chosen.keeps(g, "halal") and g.halal),
        price_low=min((g.low for g in kept), default=None),
        price_high=max((g.high for g in kept), default=None),
    )
    return found, sum(g.count for g in kept)


# --- the results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Results:
    """One page of products and how the query was read."""

    page: Page[Product]
    understood: Understood

    @property
    def suggestion(self) -> str | None:
        """The query with its mistyped words corrected ("Did you mean …?"), if any was."""
        if not self.understood.corrected:
            return None
        fixed = self.understood.corrected
        return " ".join(fixed.get(w.typed, w.typed) for w in self.understood.words)


def _typed_start(words: Sequence[Word]) -> str:
    """The words as typed, the last one perhaps unfinished: what a name may begin with. A
    word the lexicon spells otherwise ("kripik") begins names in its canonical form."""
    return " ".join([*(w.main for w in words[:-1]), words[-1].start])


def names_starting(session: DbSession, understood: Understood, limit: int) -> list[int]:
    """Up to ``limit`` visible products whose name begins with the words as typed, in the
    order of their names: one range of the name index, however large the catalogue."""
    start = _typed_start(understood.words)
    doc = ProductSearch
    stmt = (
        select(doc.product_id)
        .where(doc.name_key >= start, doc.name_key < start + "\x7f", doc.visible.is_(True))
        .order_by(doc.name_key)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def names_with_a_word_starting(session: DbSession, word: Word, limit: int) -> list[int]:
    """Up to ``limit`` visible products one of whose name's words begins with ``word`` (its
    :attr:`Word.start`), in the order of that word: one range of the name-word index,
    however many names hold such a word."""
    start = word.start
    names, doc = SearchNameWord, ProductSearch
    stmt = (
        select(names.product_id)
        .join(doc, doc.product_id == names.product_id)
        .where(names.word >= start, names.word < start + "\x7f", doc.visible.is_(True))
        .order_by(names.word, names.product_id)
        .limit(limit * 2)  # a name may hold two such words
    )
    return list(dict.fromkeys(session.scalars(stmt)))[:limit]


def some_matches(session: DbSession, understood: Understood, limit: int) -> list[int]:
    """Up to ``limit`` visible products the words match (a mistyped word by its likeliest
    correction only), in no particular order, found without ranking every match (the
    full-text index stops at the limit)."""
    doc = ProductSearch
    words = [Word(w.main, w.typed, w.prefix) for w in understood.words]
    if session.get_bind().dialect.name == "postgresql":
        stmt = select(doc.product_id).where(_matching(session, words), doc.visible.is_(True))
        return list(session.scalars(stmt.limit(limit)))
    found = (
        select(fts.c.rowid)
        .where(literal_column(fts.name).op("MATCH")(_fts5(words)))
        .limit(limit * 4)
        .subquery()
    )
    stmt = select(doc.product_id).join(found, found.c.rowid == doc.product_id)
    return list(session.scalars(stmt.where(doc.visible.is_(True)).limit(limit)))


def ranked(session: DbSession, query: SearchQuery, understood: Understood) -> Select:
    """The matching products' ids under the query's filters, in the query's order, uncounted
    (autocomplete takes its first few; :func:`search` pages it)."""
    return _ordered(
        _filtered(_base(session, understood), query), understood, query.sort, query.near
    )


def search(session: DbSession, query: SearchQuery, page: int, per_page: int) -> Results:
    """One page of the products that meet the query, best first; an out-of-range page is
    clamped. A query without a single term lists the products under the filters."""
    understood = understand(session, query.q)
    counted = ranked(session, query, understood).order_by(None).subquery()
    total = session.scalar(select(func.count()).select_from(counted)) or 0
    number, ids = _page_ids(session, query, understood, page, per_page, total)
    return _results(session, understood, ids, number, per_page, total)


def search_with_facets(
    session: DbSession,
    query: SearchQuery,
    page: int,
    per_page: int,
    english: bool = False,
    memo: GroupMemo | None = None,
) -> tuple[Results, Facets]:
    """:func:`search` and :func:`facets` together, the total taken from the facets' groups
    instead of a count of its own: one pass over the matches fewer."""
    return load(session, find(session, query, page, per_page, english, memo))


@dataclass(frozen=True)
class Found:
    """What a search found, by product id: small and plain, so a cache can keep it while the
    products themselves are loaded fresh (:func:`load`)."""

    understood: Understood
    ids: list[int]
    page: int
    per_page: int
    total: int
    facets: Facets


def find(
    session: DbSession,
    query: SearchQuery,
    page: int,
    per_page: int,
    english: bool = False,
    memo: GroupMemo | None = None,
) -> Found:
    """The ids of one page of results, with the total and the facets (see
    :func:`search_with_facets`)."""
    understood = understand(session, query.q)
    counted, total = _facets_and_total(session, query, understood, english, memo)
    number, ids = _page_ids(session, query, understood, page, per_page, total)
    return Found(understood, ids, number, per_page, total, counted)


def load(session: DbSession, found: Found) -> tuple[Results, Facets]:
    """The products of what :func:`find` found, in its order (one gone since is left out)."""
    shown = _results(session, found.understood, found.ids, found.page, found.per_page, found.total)
    return shown, found.facets


def _page_ids(
    session: DbSession,
    query: SearchQuery,
    understood: Understood,
    page: int,
    per_page: int,
    total: int,
) -> tuple[int, list[int]]:
    ordered = ranked(session, query, understood)
    number = clamp_page(page, per_page, total)
    ids = list(session.scalars(ordered.limit(per_page).offset((number - 1) * per_page)))
    return number, ids


def _products(session: DbSession, ids: list[int]) -> list[Product]:
    loaded = session.scalars(select(Product).where(Product.id.in_(ids)).options(*product_loaders()))
    by_id = {p.id: p for p in loaded.unique()}
    return [by_id[i] for i in ids if i in by_id]


def _results(
    session: DbSession,
    understood: Understood,
    ids: list[int],
    number: int,
    per_page: int,
    total: int,
) -> Results:
    items = _products(session, ids)
    return Results(Page(items=items, page=number, per_page=per_page, total=total), understood)


def search_products(
    session: DbSession, query: SearchQuery, page: int, per_page: int
) -> Page[Product]:
    """:func:`search`'s page alone."""
    return search(session, query, page, per_page).page
