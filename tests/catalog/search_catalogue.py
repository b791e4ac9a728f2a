"""The demo city's catalogue for the search tests: every place, cooperative, gallery, member,
category and all curated products of ``demo.data``, without photos.

The demo seed (``demo.seed``) finds each record by its natural key before inserting it and
draws a photo per product; a search test needs neither, so here the same data goes in as new
objects through one ``add_all`` and one flush, which takes a fraction of a second.

Sold-out products come from the data itself (``stock=0``), e.g. "Keripik Pisang Cokelat",
"Jamu Beras Kencur" and "Kerupuk Bawang Mentah"; :data:`SOLD_OUT` lists them all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from catalog.db import make_engine
from catalog.models import (
    Category,
    Cooperative,
    Gallery,
    Kecamatan,
    Kelurahan,
    LegalType,
    Member,
    MovementKind,
    Product,
    ProductStatus,
    StockMovement,
)
from catalog.text import slugify
from demo import data
from demo.seed import INITIAL_STOCK_REASON
from storefront import migrate
from tests.databases import fresh_database

SOLD_OUT: frozenset[str] = frozenset(item.name for item in data.PRODUCTS if item.stock == 0)
"""Names of the demo products that are sold out (stock 0 in ``demo.data``)."""


class _Catalogue:
    """The rows being built, keyed by the natural keys ``demo.data`` refers to them by."""

    def __init__(self) -> None:
        self.kecamatan: dict[str, Kecamatan] = {}
        self.kelurahan: dict[tuple[str, str], Kelurahan] = {}
        self.categories: dict[str, Category] = {}
        self.cooperatives: dict[str, Cooperative] = {}
        self.galleries: dict[str, Gallery] = {}
        self.members: dict[str, Member] = {}
        self.products: dict[str, Product] = {}
        self.movements: list[StockMovement] = []

    def rows(self) -> list[object]:
        return [
            *self.kecamatan.values(),
            *self.kelurahan.values(),
            *self.categories.values(),
            *self.cooperatives.values(),
            *self.galleries.values(),
            *self.members.values(),
            *self.products.values(),
            *self.movements,
        ]


def load_catalogue(session: Session) -> dict[str, Product]:
    """Add the demo catalogue to ``session`` and flush once; return the products by name."""
    built = _Catalogue()
    _add_places(built)
    _add_categories(built)
    _add_cooperatives_and_galleries(built)
    _add_members(built)
    _add_products(built)
    session.add_all(built.rows())
    session.flush()
    return built.products


def _add_places(built: _Catalogue) -> None:
    for kec in data.KECAMATAN:
        row = Kecamatan(slug=kec.slug, name=kec.name, lat=kec.lat, lng=kec.lng)
        built.kecamatan[kec.slug] = row
        for kel in kec.kelurahan:
            built.kelurahan[(kec.slug, kel.name)] = Kelurahan(
                kecamatan=row, name=kel.name, lat=kel.lat, lng=kel.lng
            )


def _add_categories(built: _Catalogue) -> None:
    for position, cat in enumerate(data.CATEGORIES):
        built.categories[cat.slug] = Category(
            slug=cat.slug,
            name=cat.name,
            name_en=cat.name_en,
            description=cat.description,
            description_en=cat.description_en,
            position=position,
        )


def _add_cooperatives_and_galleries(built: _Catalogue) -> None:
    for coop in data.COOPERATIVES:
        built.cooperatives[coop.slug] = Cooperative(
            slug=coop.slug,
            name=coop.name,
            legal_type=LegalType(coop.legal_type),
            kecamatan=built.kecamatan[coop.kecamatan_slug],
            address=coop.address,
            phone=coop.phone,
            commission_rate_percent=coop.commission_rate_percent,
            description=coop.description,
        )
    for gal in data.GALLERIES:
        built.galleries[gal.slug] = Gallery(
            slug=gal.slug,
            name=gal.name,
            cooperative=built.cooperatives[gal.cooperative_slug],
            kecamatan=built.kecamatan[gal.kecamatan_slug],
            kelurahan=built.kelurahan[(gal.kecamatan_slug, gal.kelurahan_name)],
            address=gal.address,
            lat=gal.lat,
            lng=gal.lng,
            opening_hours=gal.opening_hours,
            whatsapp=gal.whatsapp,
            description=gal.description,
            base_fee=gal.base_fee,
            per_km_fee=gal.per_km_fee,
            max_radius_km=gal.max_radius_km,
        )


def _add_members(built: _Catalogue) -> None:
    # Kelurahan names are unique across the city, which is how demo.data names a member's.
    kelurahan_by_name = {name: row for (_kec, name), row in built.kelurahan.items()}
    for mem in data.MEMBERS:
        built.members[mem.key] = Member(
            cooperative=built.cooperatives[mem.cooperative_slug],
            owner_name=mem.owner_name,
            business_name=mem.business_name,
            phone=mem.phone,
            nib=mem.nib,
            commission_rate_percent=mem.commission_rate_percent,
            kelurahan=kelurahan_by_name.get(mem.kelurahan_name),
            story=mem.story,
        )


def _add_products(built: _Catalogue) -> None:
    slugs: set[str] = set()
    for item in data.PRODUCTS:
        product = _product(built, item, _free_slug(item.name, slugs))
        built.products[item.name] = product
        if item.stock > 0:
            built.movements.append(
                StockMovement(
                    product=product,
                    kind=MovementKind.RESTOCK,
                    quantity=item.stock,
                    stock_after=item.stock,
                    reason=INITIAL_STOCK_REASON,
                )
            )


def _product(built: _Catalogue, item: data.ProductData, slug: str) -> Product:
    return Product(
        slug=slug,
        gallery=built.galleries[item.gallery_slug],
        member=built.members[item.member_key],
        category=built.categories[item.category_slug],
        name=item.name,
        description=item.description,
        price=item.price,
        unit=item.unit,
        weight_g=item.weight_g,
        stock=item.stock,
        status=ProductStatus.ACTIVE,
        pirt_number=item.pirt_number,
        is_halal=item.is_halal,
        is_featured=item.featured,
    )


def _free_slug(name: str, taken: set[str]) -> str:
    base = slug = slugify(name)
    n = 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


@contextlib.contextmanager
def catalogue_database(tmp_dir: Path, sqlite: bool = False) -> Iterator[Engine]:
    """An engine on a fresh migrated database (SQLite, or PostgreSQL when
    ``TEST_DATABASE_URL`` is set and ``sqlite`` is not asked for) holding the demo catalogue,
    committed; dropped afterwards."""
    database = contextlib.nullcontext(f"sqlite:///{tmp_dir / 'catalogue.sqlite3'}")
    with database if sqlite else fresh_database(tmp_dir) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            with Session(engine) as session:
                load_catalogue(session)
                session.commit()
            yield engine
        finally:
            engine.dispose()
