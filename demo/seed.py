"""Seeding the demo city of Tangerang Selatan. Idempotent: records are found by natural key and
left as they are when present, so running it twice adds nothing the second time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from catalog.images import StoredImage, store_variants
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
    ProductImage,
    ProductStatus,
    StockMovement,
)
from catalog.search import index as search_index
from catalog.storage import MediaStorage
from catalog.text import slugify
from demo import data
from demo.photos import product_photo

M = TypeVar("M")
Progress = Callable[[int], None]
INITIAL_STOCK_REASON = "Stok awal (data demo)"
BULK_CHUNK = 1000
PHOTOS_PER_CATEGORY_FOR_SCALE = 4


class Seeder:
    """Seeds one session; ``created`` counts what was new, by kind."""

    def __init__(self, session: Session, storage: MediaStorage, photo_size: int = 1024) -> None:
        self.session = session
        self.storage = storage
        self.photo_size = photo_size
        self.created: Counter[str] = Counter()
        self.kecamatan: dict[str, Kecamatan] = {}
        self.kelurahan: dict[tuple[str, str], Kelurahan] = {}
        self.categories: dict[str, Category] = {}
        self.cooperatives: dict[str, Cooperative] = {}
        self.galleries: dict[str, Gallery] = {}
        self.members: dict[str, Member] = {}

    def _get_or_create(self, model: type[M], key: dict[str, Any], values: dict[str, Any]) -> M:
        found = self.session.scalars(select(model).filter_by(**key)).first()
        if found is not None:
            return found
        obj = model(**key, **values)
        self.session.add(obj)
        self.created[model.__name__] += 1
        return obj

    def seed_places(self) -> None:
        for kec in data.KECAMATAN:
            row = self._get_or_create(
                Kecamatan, {"slug": kec.slug}, {"name": kec.name, "lat": kec.lat, "lng": kec.lng}
            )
            self.session.flush()
            self.kecamatan[kec.slug] = row
            for kel in kec.kelurahan:
                self.kelurahan[(kec.slug, kel.name)] = self._get_or_create(
                    Kelurahan,
                    {"kecamatan_id": row.id, "name": kel.name},
                    {"lat": kel.lat, "lng": kel.lng},
                )
        self.session.flush()

    def seed_categories(self) -> None:
        for position, cat in enumerate(data.CATEGORIES):
            self.categories[cat.slug] = self._get_or_create(
                Category,
                {"slug": cat.slug},
                {
                    "name": cat.name,
                    "name_en": cat.name_en,
                    "description": cat.description,
                    "description_en": cat.description_en,
                    "position": position,
                },
            )
        self.session.flush()

    def seed_cooperatives(self) -> None:
        for coop in data.COOPERATIVES:
            self.cooperatives[coop.slug] = self._get_or_create(
                Cooperative,
                {"slug": coop.slug},
                {
                    "name": coop.name,
                    "legal_type": LegalType(coop.legal_type),
                    "kecamatan": self.kecamatan[coop.kecamatan_slug],
                    "address": coop.address,
                    "phone": coop.phone,
                    "commission_rate_percent": coop.commission_rate_percent,
                    "description": coop.description,
                },
            )
        self.session.flush()

    def seed_galleries(self) -> None:
        for gal in data.GALLERIES:
            self.galleries[gal.slug] = self._get_or_create(
                Gallery,
                {"slug": gal.slug},
                {
                    "name": gal.name,
                    "cooperative": self.cooperatives[gal.cooperative_slug],
                    "kecamatan": self.kecamatan[gal.kecamatan_slug],
                    "kelurahan": self.kelurahan[(gal.kecamatan_slug, gal.kelurahan_name)],
                    "address": gal.address,
                    "lat": gal.lat,
                    "lng": gal.lng,
                    "opening_hours": gal.opening_hours,
                    "whatsapp": gal.whatsapp,
                    "description": gal.description,
                    "base_fee": gal.base_fee,
                    "per_km_fee": gal.per_km_fee,
                    "max_radius_km": gal.max_radius_km,
                },
            )
        self.session.flush()

    def seed_members(self) -> None:
        kelurahan_by_name = {name: kel for (_kec, name), kel in self.kelurahan.items()}
        for mem in data.MEMBERS:
            coop = self.cooperatives[mem.cooperative_slug]
            self.members[mem.key] = self._get_or_create(
                Member,
                {"cooperative_id": coop.id, "business_name": mem.business_name},
                {
                    "owner_name": mem.owner_name,
                    "phone": mem.phone,
                    "nib": mem.nib,
                    "commission_rate_percent": mem.commission_rate_percent,
                    "kelurahan": kelurahan_by_name.get(mem.kelurahan_name),
                    "story": mem.story,
                },
            )
        self.session.flush()

    def seed_curated_products(self, progress: Progress | None = None) -> None:
        """The hand-written demo products, each with its own generated photo."""
        for index, item in enumerate(data.PRODUCTS):
            gallery = self.galleries[item.gallery_slug]
            product = self.session.scalars(
                select(Product).filter_by(gallery_id=gallery.id, name=item.name)
            ).first()
            if product is None:
                product = self._new_product(item, gallery)
                photo = product_photo(item.name, item.category_slug, index, self.photo_size)
                self._attach_image(product, store_variants(self.storage, photo), item.name)
            if progress:
                progress(1)

    def _new_product(self, item: data.ProductData, gallery: Gallery) -> Product:
        product = Product(**self._product_values(item, gallery.id, self._free_slug(item.name)))
        self.session.add(product)
        self.session.flush()
        if item.stock > 0:
            self.session.add(_initial_movement(product.id, item.stock))
        self.created["Product"] += 1
        return product

    def _attach_image(self, product: Product, stored: StoredImage, alt: str) -> None:
        product.images.append(ProductImage(position=0, alt=alt, **_image_values(stored)))
        self.created["ProductImage"] += 1

    def _free_slug(self, name: str, taken: set[str] | None = None) -> str:
        base = slugify(name)
        slug, n = base, 1
        while (slug in taken) if taken is not None else self._slug_exists(slug):
            n += 1
            slug = f"{base}-{n}"
        return slug

    def _slug_exists(self, slug: str) -> bool:
        return self.session.scalar(select(Product.id).where(Product.slug == slug)) is not None

    def _product_values(self, item: data.ProductData, gallery_id: int, slug: str) -> dict:
        return {
            "slug": slug,
            "gallery_id": gallery_id,
            "member_id": self.members[item.member_key].id,
            "category_id": self.categories[item.category_slug].id,
            "name": item.name,
            "description": item.description,
            "price": item.price,
            "unit": item.unit,
            "weight_g": item.weight_g,
            "stock": item.stock,
            "status": ProductStatus.ACTIVE,
            "pirt_number": item.pirt_number,
            "is_halal": item.is_halal,
            "is_featured": item.featured,
        }

    def seed_scaled_products(self, count: int, progress: Progress | None = None) -> None:
        """``count`` generated products for benchmarks, inserted in bulk, photos shared."""
        photos = self._category_photos()
        existing = set(self.session.execute(select(Product.gallery_id, Product.name)).all())
        slugs = set(self.session.scalars(select(Product.slug)))
        for chunk in _chunks(data.scaled_products(count), BULK_CHUNK):
            rows = []
            for item in chunk:
                gallery_id = self.galleries[item.gallery_slug].id
                if (gallery_id, item.name) in existing:
                    continue
                slug = self._free_slug(item.name, slugs)
                slugs.add(slug)
                rows.append((item, self._product_values(item, gallery_id, slug)))
            self._insert_bulk(rows, photos)
            if progress:
                progress(len(chunk))

    def _insert_bulk(self, rows: list[tuple[data.ProductData, dict]], photos: dict) -> None:
        if not rows:
            return
        stmt = insert(Product).returning(Product.id, sort_by_parameter_order=True)
        ids = self.session.scalars(stmt, [values for _item, values in rows]).all()
        images, movements = [], []
        for number, (product_id, (item, _values)) in enumerate(zip(ids, rows, strict=True)):
            stored = photos[item.category_slug][number % PHOTOS_PER_CATEGORY_FOR_SCALE]
            images.append(
                {"product_id": product_id, "position": 0, "alt": item.name} | _image_values(stored)
            )
            if item.stock > 0:
                movements.append(_movement_values(product_id, item.stock))
        self.session.execute(insert(ProductImage), images)
        if movements:
            self.session.execute(insert(StockMovement), movements)
        search_index.reindex(self.session, ids)  # a bulk insert passes no flush listener
        self.created["Product"] += len(rows)

    def _category_photos(self) -> dict[str, list[StoredImage]]:
        photos: dict[str, list[StoredImage]] = {}
        for cat in data.CATEGORIES:
            photos[cat.slug] = [
                store_variants(
                    self.storage, product_photo(cat.name, cat.slug, 1000 + n, self.photo_size)
                )
                for n in range(PHOTOS_PER_CATEGORY_FOR_SCALE)
            ]
        return photos


def _image_values(stored: StoredImage) -> dict[str, Any]:
    return {
        "content_hash": stored.content_hash,
        "width": stored.width,
        "height": stored.height,
        "variant_widths": list(stored.variant_widths),
    }


def _movement_values(product_id: int, stock: int) -> dict[str, Any]:
    return {
        "product_id": product_id,
        "kind": MovementKind.RESTOCK,
        "quantity": stock,
        "stock_after": stock,
        "reason": INITIAL_STOCK_REASON,
    }


def _initial_movement(product_id: int, stock: int) -> StockMovement:
    return StockMovement(**_movement_values(product_id, stock))


def _chunks(items: Iterable[M], size: int) -> Iterator[list[M]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def seed_catalog(
    session: Session,
    storage: MediaStorage,
    *,
    scale: int = 0,
    progress: Progress | None = None,
    photo_size: int = 1024,
) -> Seeder:
    """Seed places, categories, cooperatives, galleries, members and products; flush only."""
    seeder = Seeder(session, storage, photo_size)
    seeder.seed_places()
    seeder.seed_categories()
    seeder.seed_cooperatives()
    seeder.seed_galleries()
    seeder.seed_members()
    seeder.seed_curated_products(progress)
    if scale:
        seeder.seed_scaled_products(scale, progress)
    session.flush()
    return seeder
