"""Read-side services of the catalog: what shoppers may see, found and paged.

Every function takes a session and returns plain models or a :class:`Page`; templates never
query. Loaders are eager (``selectinload``/``joinedload``) so a page costs the same number of
queries however many products it shows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from catalog.db import DbSession, is_valid_id
from catalog.exceptions import NotFound
from catalog.models import (
    Category,
    Cooperative,
    Gallery,
    Kecamatan,
    Member,
    Product,
    ProductStatus,
)
from catalog.text import clean_query, escape_like, query_words

T = TypeVar("T")

MAX_PAGE_NUMBER = 10_000


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results and what the pager needs to link the others."""

    items: Sequence[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class ProductFilters:
    """What a shopper narrowed a product list by; empty fields do not filter."""

    q: str = ""
    category: str | None = None
    kecamatan: str | None = None
    gallery: str | None = None


def clamp_page(page: int, per_page: int, total: int) -> int:
    """A page number inside 1..last page, whatever was asked for."""
    last = max(1, math.ceil(total / per_page))
    return min(max(page, 1), last, MAX_PAGE_NUMBER)


def product_loaders() -> tuple[ExecutableOption, ...]:
    return (
        selectinload(Product.images),
        joinedload(Product.gallery).joinedload(Gallery.kecamatan),
        joinedload(Product.member),
        joinedload(Product.category),
    )


def is_sellable(product: Product) -> bool:
    """The rule of what the shop sells: an active product of an active gallery of an active
    cooperative. :func:`visible_products` is the same rule in SQL, for listings."""
    gallery = product.gallery
    return (
        product.status == ProductStatus.ACTIVE
        and gallery.is_active
        and gallery.cooperative.is_active
    )


def sellable() -> ColumnElement[bool]:
    """:func:`is_sellable` in SQL, over a product joined to its gallery and cooperative (the
    listings, and the search documents' copy of it: catalog.search.index)."""
    return and_(
        Product.status == ProductStatus.ACTIVE,
        Gallery.is_active.is_(True),
        Cooperative.is_active.is_(True),
    )


def visible_products() -> Select[Product]:
    """Active products of active galleries of active cooperatives (:func:`is_sellable`)."""
    return select(Product).join(Product.gallery).join(Gallery.cooperative).where(sellable())


def visible_galleries() -> Select[Gallery]:
    return (
        select(Gallery)
        .join(Gallery.cooperative)
        .where(Gallery.is_active.is_(True), Cooperative.is_active.is_(True))
    )


def paginate(session: DbSession, stmt: Select[T], page: int, per_page: int) -> Page[T]:
    """Run ``stmt`` for one page; an out-of-range page number is clamped, never an error."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    page = clamp_page(page, per_page, total)
    items = session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items=items, page=page, per_page=per_page, total=total)


def filter_products(filters: ProductFilters) -> Select[Product]:
    """Visible products narrowed by ``filters``, in stock first, best name matches first."""
    stmt = visible_products()
    if filters.category:
        stmt = stmt.join(Product.category).where(Category.slug == filters.category)
    if filters.kecamatan:
        stmt = stmt.join(Gallery.kecamatan).where(Kecamatan.slug == filters.kecamatan)
    if filters.gallery:
        stmt = stmt.where(Gallery.slug == filters.gallery)
    words = query_words(clean_query(filters.q))
    order = [case((Product.stock > 0, 0), else_=1)]
    if words:
        stmt = stmt.join(Product.member).where(*[_word_matches(word) for word in words])
        phrase = f"{escape_like(' '.join(words))}%"
        order.append(case((Product.name.ilike(phrase, escape="\\"), 0), else_=1))
        order.append(case((and_(*[_name_has(w) for w in words]), 0), else_=1))
    return stmt.order_by(*order, Product.name, Product.id).options(*product_loaders())


def _name_has(word: str) -> ColumnElement[bool]:
    return Product.name.ilike(f"%{escape_like(word)}%", escape="\\")


def _word_matches(word: str) -> ColumnElement[bool]:
    pattern = f"%{escape_like(word)}%"
    return or_(
        Product.name.ilike(pattern, escape="\\"),
        Product.description.ilike(pattern, escape="\\"),
        Member.business_name.ilike(pattern, escape="\\"),
    )


def product_page(
    session: DbSession, filters: ProductFilters, page: int, per_page: int
) -> Page[Product]:
    return paginate(session, filter_products(filters), page, per_page)


def featured_products(session: DbSession, limit: int = 8) -> Sequence[Product]:
    stmt = (
        visible_products()
        .where(Product.is_featured.is_(True), Product.stock > 0)
        .order_by(Product.name)
        .limit(limit)
        .options(*product_loaders())
    )
    return session.scalars(stmt).unique().all()


def kecamatan_with_galleries(session: DbSession) -> list[tuple[Kecamatan, list[Gallery]]]:
    """Every kecamatan, in name order, with its visible galleries."""
    by_kecamatan: dict[int, list[Gallery]] = defaultdict(list)
    for gallery in galleries_in(session):
        by_kecamatan[gallery.kecamatan_id].append(gallery)
    kecamatan = session.scalars(select(Kecamatan).order_by(Kecamatan.name)).all()
    return [(k, by_kecamatan[k.id]) for k in kecamatan]


def get_kecamatan(session: DbSession, slug: str) -> Kecamatan:
    kecamatan = session.scalar(select(Kecamatan).where(Kecamatan.slug == slug))
    if kecamatan is None:
        raise NotFound(f"kecamatan {slug!r}")
    return kecamatan


def galleries_in(session: DbSession, kecamatan: Kecamatan | None = None) -> Sequence[Gallery]:
    stmt = visible_galleries().options(
        joinedload(Gallery.kecamatan), joinedload(Gallery.cooperative)
    )
    if kecamatan is not None:
        stmt = stmt.where(Gallery.kecamatan_id == kecamatan.id)
    return session.scalars(stmt.order_by(Gallery.name)).all()


def get_gallery(session: DbSession, slug: str) -> Gallery:
    stmt = visible_galleries().where(Gallery.slug == slug)
    gallery = session.scalar(
        stmt.options(joinedload(Gallery.kecamatan), joinedload(Gallery.cooperative))
    )
    if gallery is None:
        raise NotFound(f"gallery {slug!r}")
    return gallery


def get_product(
    session: DbSession, slug: str | None = None, product_id: int | None = None
) -> Product:
    """A visible product by slug or id, with everything its page shows loaded."""
    stmt = visible_products().options(*product_loaders())
    if slug is not None:
        stmt = stmt.where(Product.slug == slug)
    elif is_valid_id(product_id):
        stmt = stmt.where(Product.id == product_id)
    else:
        raise NotFound("product")
    product = session.scalars(stmt).unique().first()
    if product is None:
        raise NotFound("product")
    return product


def list_categories(session: DbSession) -> Sequence[Category]:
    return session.scalars(select(Category).order_by(Category.position, Category.name)).all()


def get_category(session: DbSession, slug: str) -> Category:
    category = session.scalar(select(Category).where(Category.slug == slug))
    if category is None:
        raise NotFound(f"category {slug!r}")
    return category


def product_counts_by_gallery(session: DbSession) -> dict[int, int]:
    """How many visible products each gallery shows, for the home page's gallery cards."""
    sub = visible_products().with_only_columns(Product.gallery_id).subquery()
    rows = session.execute(select(sub.c.gallery_id, func.count()).group_by(sub.c.gallery_id))
    return dict(rows.all())
