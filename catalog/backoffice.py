"""Read-side services for a cooperative's managers: everything is scoped to one cooperative.

A record of another cooperative is reported as not found, never as forbidden, so ids of other
cooperatives reveal nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from catalog.db import DbSession, get_by_id, is_valid_id
from catalog.exceptions import NotFound
from catalog.models import Category, Gallery, Member, Product, ProductImage, ProductStatus
from catalog.text import escape_like

LOW_STOCK = 5


def galleries_of(session: DbSession, cooperative_id: int) -> Sequence[Gallery]:
    """The cooperative's active galleries (a deactivated gallery cannot be managed)."""
    stmt = select(Gallery).where(
        Gallery.cooperative_id == cooperative_id, Gallery.is_active.is_(True)
    )
    return session.scalars(stmt.order_by(Gallery.name)).all()


def gallery_of(session: DbSession, cooperative_id: int, gallery_id: int) -> Gallery:
    gallery = get_by_id(session, Gallery, gallery_id)
    if gallery is None or gallery.cooperative_id != cooperative_id or not gallery.is_active:
        raise NotFound("gallery")
    return gallery


def members_of(
    session: DbSession, cooperative_id: int, *, include_inactive: bool = True
) -> Sequence[Member]:
    stmt = select(Member).where(Member.cooperative_id == cooperative_id)
    if not include_inactive:
        stmt = stmt.where(Member.is_active.is_(True))
    return session.scalars(stmt.order_by(Member.business_name)).all()


def member_of(session: DbSession, cooperative_id: int, member_id: int) -> Member:
    member = get_by_id(session, Member, member_id)
    if member is None or member.cooperative_id != cooperative_id:
        raise NotFound("member")
    return member


def product_of(session: DbSession, cooperative_id: int, product_id: int) -> Product:
    """A product of one of the cooperative's active galleries, any status."""
    if not is_valid_id(product_id):
        raise NotFound("product")
    stmt = (
        select(Product)
        .join(Product.gallery)
        .where(
            Product.id == product_id,
            Gallery.cooperative_id == cooperative_id,
            Gallery.is_active.is_(True),
        )
        .options(selectinload(Product.images), joinedload(Product.member))
    )
    product = session.scalars(stmt).unique().first()
    if product is None:
        raise NotFound("product")
    return product


def image_of(session: DbSession, cooperative_id: int, image_id: int) -> ProductImage:
    image = get_by_id(session, ProductImage, image_id)
    if image is None:
        raise NotFound("image")
    product_of(session, cooperative_id, image.product_id)
    return image


@dataclass(frozen=True)
class ProductListFilters:
    gallery_id: int | None = None
    member_id: int | None = None
    category_id: int | None = None
    status: ProductStatus | None = None
    low_stock: bool = False
    q: str = ""


def products_of(
    session: DbSession, cooperative_id: int, filters: ProductListFilters
) -> Select[Product]:
    """The cooperative's products narrowed by ``filters``, for the manager's list."""
    stmt = (
        select(Product)
        .join(Product.gallery)
        .where(Gallery.cooperative_id == cooperative_id, Gallery.is_active.is_(True))
        .options(
            selectinload(Product.images),
            joinedload(Product.member),
            joinedload(Product.category),
            joinedload(Product.gallery),
        )
    )
    if filters.gallery_id:
        stmt = stmt.where(Product.gallery_id == filters.gallery_id)
    if filters.member_id:
        stmt = stmt.where(Product.member_id == filters.member_id)
    if filters.category_id:
        stmt = stmt.where(Product.category_id == filters.category_id)
    if filters.status:
        stmt = stmt.where(Product.status == filters.status)
    if filters.low_stock:
        stmt = stmt.where(Product.stock <= LOW_STOCK, Product.status == ProductStatus.ACTIVE)
    if filters.q:
        pattern = f"%{escape_like(filters.q)}%"
        stmt = stmt.where(
            or_(Product.name.ilike(pattern, escape="\\"), Product.slug.ilike(pattern, escape="\\"))
        )
    return stmt.order_by(Product.name, Product.id)


def categories(session: DbSession) -> Sequence[Category]:
    return session.scalars(select(Category).order_by(Category.position, Category.name)).all()


def product_counts_by_status(session: DbSession, cooperative_id: int) -> dict[str, int]:
    """How many of the cooperative's products are active, draft, archived."""
    stmt = (
        select(Product.status, func.count())
        .join(Product.gallery)
        .where(Gallery.cooperative_id == cooperative_id, Gallery.is_active.is_(True))
        .group_by(Product.status)
    )
    counts = {status.value: 0 for status in ProductStatus}
    counts.update({status.value: n for status, n in session.execute(stmt)})
    return counts
