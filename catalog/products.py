"""Product services for managers: create, edit, archive. They flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from catalog.db import DbSession, saved, taken_by_another
from catalog.exceptions import DuplicateName, InvalidInput
from catalog.i18n import N_
from catalog.models import Category, Gallery, Member, MovementKind, Product, ProductStatus
from catalog.stock import change_stock
from catalog.text import slugify

MAX_PRICE = 1_000_000_000  # Rp 1 milyar: far above any UMKM product, far below int overflow


@dataclass
class ProductInput:
    """What a manager fills in for a product (stock is changed through the stock ledger)."""

    name: str
    category_id: int
    member_id: int
    price: int
    unit: str
    description: str = ""
    weight_g: int = 0
    pirt_number: str | None = None
    is_halal: bool = False
    status: ProductStatus = ProductStatus.ACTIVE
    is_featured: bool = False


def _check(
    session: DbSession, gallery: Gallery, data: ProductInput, product_id: int | None
) -> None:
    data.name = " ".join(data.name.split())
    if not data.name or len(data.name) > 160:
        raise InvalidInput("name", N_("Give a name of 1 to 160 characters."))
    if not 0 < data.price <= MAX_PRICE:
        raise InvalidInput("price", N_("The price must be above Rp 0."))
    if data.weight_g < 0:
        raise InvalidInput("weight_g", N_("The weight cannot be negative."))
    if not data.unit.strip():
        raise InvalidInput("unit", N_("Say how it is sold, for example “bungkus 250 g”."))
    member = session.get(Member, data.member_id)
    if member is None or member.cooperative_id != gallery.cooperative_id:
        raise InvalidInput("member_id", N_("Choose a member of this cooperative."))
    if session.get(Category, data.category_id) is None:
        raise InvalidInput("category_id", N_("Choose a category."))
    same_name = (Product.gallery_id == gallery.id, Product.name == data.name)
    if taken_by_another(session, Product.id, *same_name, other_than=product_id):
        raise DuplicateName("name", N_("This gallery already has a product with this name."))


def _free_slug(session: DbSession, name: str) -> str:
    base = slugify(name)
    # a range, not LIKE 'base%': it uses the unique index on every database
    same_start = (Product.slug >= base) & (Product.slug < base + "~")
    taken = set(session.scalars(select(Product.slug).where(same_start)))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(product: Product, data: ProductInput) -> None:
    product.name = data.name
    product.category_id = data.category_id
    product.member_id = data.member_id
    product.price = data.price
    product.unit = data.unit.strip()
    product.description = data.description.strip()
    product.weight_g = data.weight_g
    product.pirt_number = (data.pirt_number or "").strip() or None
    product.is_halal = data.is_halal
    product.status = data.status
    product.is_featured = data.is_featured


def create_product(
    session: DbSession,
    gallery: Gallery,
    data: ProductInput,
    *,
    initial_stock: int = 0,
    actor_id: int | None = None,
) -> Product:
    """A new product in ``gallery``; its initial stock enters the ledger as a restock."""
    _check(session, gallery, data, None)
    if initial_stock < 0:
        raise InvalidInput("stock", N_("Stock cannot be below zero."))
    product = Product(gallery_id=gallery.id, slug=_free_slug(session, data.name), stock=0)
    _apply(product, data)
    session.add(product)
    session.flush()
    if initial_stock:
        change_stock(
            session,
            product,
            initial_stock,
            MovementKind.RESTOCK,
            reason="Stok awal",
            actor_id=actor_id,
        )
    return product


def update_product(session: DbSession, product: Product, data: ProductInput) -> Product:
    """Change a product's details; order lines keep their own snapshots."""
    _check(session, product.gallery, data, product.id)
    _apply(product, data)
    return saved(session, product)


def set_status(session: DbSession, product: Product, status: ProductStatus) -> Product:
    """Publish, hide as draft, or archive (archived products leave the shop)."""
    product.status = status
    return saved(session, product)
