"""The products' search documents, kept in step with the catalogue in the same transaction.

A session listener (:func:`follow_changes`) sees every flush: new products, changed names,
descriptions, categories, members or galleries, renamed galleries, members, categories and
kecamatan, and sales or their cancellations in the stock ledger, and rewrites the documents
they touch before the transaction commits. Bulk inserts through Core bypass the listener;
their authors call :func:`reindex` (or ``flask reindex`` runs :func:`rebuild`).

Each document holds the canonical terms (catalog.search.normalise) of the product's name, and
of its name, category, member, gallery, kecamatan and description together. The full-text
index over those terms is SQLite's FTS5 table ``product_fts`` (its own copy, rowid = product
id) or, on PostgreSQL, a GIN index on ``to_tsvector('simple', terms)``; both were made by
migration 0015. New terms also enter the typo index (catalog.search.typos).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    delete,
    event,
    exists,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session, UOWTransaction

from catalog import version
from catalog.db import DbSession
from catalog.models import (
    Category,
    Cooperative,
    Gallery,
    Kecamatan,
    Member,
    MovementKind,
    Product,
    ProductSearch,
    SearchNameWord,
    StockMovement,
)
from catalog.queries import sellable
from catalog.search import typos
from catalog.search.normalise import terms

FTS_TABLE = "product_fts"
FTS_INDEX = "ix_product_search_fts"
BATCH = 500
SEARCHED = (  # the product's columns its document reads
    "name",
    "description",
    "category_id",
    "member_id",
    "gallery_id",
    "status",
    "price",
    "is_halal",
    "stock",
)
SOLD = (MovementKind.SALE, MovementKind.RELEASE)  # a sale, and its cancellation's release

_search = cast(Table, ProductSearch.__table__)
_words = cast(Table, SearchNameWord.__table__)
MAX_WORD = typos.MAX_LENGTH  # the name-word index's key is as long as the typo index's
# SQLite's FTS5 table as Core sees it (not in the models' metadata: migration 0015 makes it).
# The column named after the table is FTS5's command column ('optimize').
fts = Table(
    FTS_TABLE,
    MetaData(),
    Column("rowid", Integer, primary_key=True),
    Column("terms", Text),
    Column(FTS_TABLE, Text),
)


def padded(words: Iterable[str]) -> str:
    """Terms as stored: space-separated, with a space at each end (' gula aren ')."""
    return " " + " ".join(words) + " "


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _documents(conn: Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The documents of these products, with their units sold, from two queries."""
    visible = sellable().label("visible")
    rows = conn.execute(
        select(
            Product.id,
            Product.name,
            Product.description,
            Category.name,
            Category.name_en,
            Member.business_name,
            Gallery.name,
            Kecamatan.name,
            visible,
            Product.stock,
            Product.price,
            Product.category_id,
            Product.gallery_id,
            Gallery.kecamatan_id,
            Product.is_halal,
            Product.created_at,
        )
        .join(Category, Category.id == Product.category_id)
        .join(Member, Member.id == Product.member_id)
        .join(Gallery, Gallery.id == Product.gallery_id)
        .join(Cooperative, Cooperative.id == Gallery.cooperative_id)
        .join(Kecamatan, Kecamatan.id == Gallery.kecamatan_id)
        .where(Product.id.in_(ids))
    ).all()
    sold = dict(
        conn.execute(
            select(StockMovement.product_id, -func.sum(StockMovement.quantity))
            .where(StockMovement.product_id.in_(ids), StockMovement.kind.in_(SOLD))
            .group_by(StockMovement.product_id)
        ).all()
    )
    documents = []
    for row in rows:
        product_id, name, description, category, category_en, member, gallery, kecamatan = row[:8]
        name_terms = terms(name)
        # each field apart, so that no phrase of the lexicon spans two of them
        fields = (category, category_en, member, gallery, kecamatan, description or "")
        others = [term for text in fields for term in terms(text)]
        documents.append(
            {
                "product_id": product_id,
                "name_terms": padded(name_terms),
                "name_key": " ".join(name_terms)[:200],
                "terms": padded(name_terms + others),
                "units_sold": max(0, int(sold.get(product_id) or 0)),
                "visible": bool(row.visible),
                "in_stock": row.stock > 0,
                "price": row.price,
                "category_id": row.category_id,
                "gallery_id": row.gallery_id,
                "kecamatan_id": row.kecamatan_id,
                "is_halal": bool(row.is_halal),
                "listed_at": row.created_at,
            }
        )
    return documents


def _write(conn: Connection, ids: Sequence[int], documents: list[dict[str, Any]]) -> None:
    """Replace the documents (and SQLite's full-text rows) of ``ids`` with ``documents``."""
    conn.execute(delete(_search).where(_search.c.product_id.in_(ids)))
    conn.execute(delete(_words).where(_words.c.product_id.in_(ids)))
    if documents:
        conn.execute(insert(_search), documents)
    if words := _name_words(documents):
        conn.execute(insert(_words), words)
    if conn.dialect.name == "sqlite":
        conn.execute(delete(fts).where(fts.c.rowid.in_(ids)))
        if documents:
            conn.execute(
                insert(fts), [{"rowid": d["product_id"], "terms": d["terms"]} for d in documents]
            )
    typos.add(conn, {term for d in documents for term in d["terms"].split()})


def _name_words(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the name-word index: each distinct word of each name, cut to the key's
    length (a longer word is still found by its start)."""
    return [
        {"word": word, "product_id": d["product_id"]}
        for d in documents
        for word in sorted({term[:MAX_WORD] for term in d["name_terms"].split()})
    ]


def reindex_connection(conn: Connection, product_ids: Collection[int]) -> None:
    """Rewrite the documents of these products on ``conn`` (inside the caller's transaction)."""
    ids = sorted(set(product_ids))
    for batch in _chunks(ids):
        _write(conn, batch, _documents(conn, batch))


def reindex(session: DbSession, product_ids: Collection[int]) -> None:
    """Rewrite the documents of these products; flushes first, never commits."""
    session.flush()
    version.note_change(session)
    reindex_connection(session.connection(), product_ids)


def rebuild(session: DbSession) -> int:
    """Every document and the typo index built again from the catalogue; returns how many
    products were indexed. Flushes, never commits."""
    session.flush()
    version.note_change(session)
    conn = session.connection()
    conn.execute(delete(_search))
    conn.execute(delete(_words))
    typos.clear(conn)
    if conn.dialect.name == "sqlite":
        conn.execute(delete(fts))
    ids = list(conn.scalars(select(Product.id).order_by(Product.id)))
    for batch in _chunks(ids):
        _write(conn, batch, _documents(conn, batch))
    if conn.dialect.name == "sqlite":
        conn.execute(insert(fts).values({FTS_TABLE: "optimize"}))
    return len(ids)


def missing(session: DbSession) -> bool:
    """Whether products exist and none has a search document (a database from before
    product search, or one filled by bulk inserts)."""
    return bool(
        session.scalar(select(exists().where(Product.id.isnot(None))))
        and not session.scalar(select(exists().where(_search.c.product_id.isnot(None))))
    )


# --- following the session's changes -------------------------------------------------------


def _changed(obj: object, names: Iterable[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


@dataclass
class _Touched:
    """What a flush changed for the search documents."""

    rewrite: set[int] = field(default_factory=set)  # products whose documents are rewritten
    sold: dict[int, int] = field(default_factory=dict)  # units sold (or given back) per product
    stock: dict[int, int] = field(default_factory=dict)  # the stock a movement left


def _touched_products(session: Session) -> _Touched:
    """What the flush changed: products to rewrite, and from new stock movements the stock
    they left and the units sold (or given back) per product. (Products are archived, never
    deleted; were one deleted, its document would go with it by the foreign key's cascade.)"""
    touched = _Touched()
    rewrite, sold = touched.rewrite, touched.sold
    owners: list[Any] = []
    for obj in session.new:
        if isinstance(obj, Product):
            rewrite.add(obj.id)
        elif isinstance(obj, StockMovement):
            touched.stock[obj.product_id] = obj.stock_after
            if obj.kind in SOLD:
                sold[obj.product_id] = sold.get(obj.product_id, 0) - obj.quantity
    for obj in session.dirty:
        if isinstance(obj, Product) and _changed(obj, SEARCHED):
            rewrite.add(obj.id)
        elif isinstance(obj, Gallery) and _changed(obj, ("name", "kecamatan_id", "is_active")):
            owners.append(Product.gallery_id == obj.id)
        elif isinstance(obj, Cooperative) and _changed(obj, ("is_active",)):
            galleries = select(Gallery.id).where(Gallery.cooperative_id == obj.id)
            owners.append(Product.gallery_id.in_(galleries.scalar_subquery()))
        elif isinstance(obj, Member) and _changed(obj, ("business_name",)):
            owners.append(Product.member_id == obj.id)
        elif isinstance(obj, Category) and _changed(obj, ("name", "name_en")):
            owners.append(Product.category_id == obj.id)
        elif isinstance(obj, Kecamatan) and _changed(obj, ("name",)):
            galleries = select(Gallery.id).where(Gallery.kecamatan_id == obj.id)
            owners.append(Product.gallery_id.in_(galleries.scalar_subquery()))
    conn = session.connection()
    for owned in owners:
        rewrite.update(conn.scalars(select(Product.id).where(owned)))
    return touched


@event.listens_for(Session, "after_flush")
def follow_changes(session: Session, _context: UOWTransaction) -> None:
    """Rewrite the documents the flush touched, in its transaction; a stock movement alone
    updates the stock and sales its document copies."""
    touched = _touched_products(session)
    if not (touched.rewrite or touched.stock):
        return
    conn = session.connection()
    if touched.rewrite:
        reindex_connection(conn, touched.rewrite)
    for product_id, left in touched.stock.items():
        if product_id in touched.rewrite:
            continue
        values: dict[str, Any] = {"in_stock": left > 0}
        units = touched.sold.get(product_id)
        if units:
            values["units_sold"] = _at_least_zero(conn, _search.c.units_sold + units)
        conn.execute(update(_search).where(_search.c.product_id == product_id).values(values))


def _at_least_zero(conn: Connection, value: ColumnElement[int]) -> ColumnElement[int]:
    """``max(value, 0)`` in the database's words (SQLite's two-argument max, greatest)."""
    if conn.dialect.name == "sqlite":
        return func.max(value, 0)
    return func.greatest(value, 0)
