"""Small builders for test data; each fills sensible defaults and flushes."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from accounts.models import Role, User
from catalog.models import (
    Category,
    Cooperative,
    Gallery,
    Kecamatan,
    LegalType,
    Member,
    Product,
    ProductImage,
    ProductStatus,
)

_seq = itertools.count(1)
T = TypeVar("T")


def _n() -> int:
    return next(_seq)


def _add(session: Session, obj: T) -> T:
    session.add(obj)
    session.flush()
    return obj


def kecamatan(session: Session, **kw: Any) -> Kecamatan:
    n = _n()
    defaults = {"slug": f"kec-{n}", "name": f"Kecamatan Uji {n}", "lat": -6.3, "lng": 106.7}
    return _add(session, Kecamatan(**defaults | kw))


def cooperative(session: Session, **kw: Any) -> Cooperative:
    n = _n()
    kw.setdefault("kecamatan", kecamatan(session))
    defaults = {"slug": f"kop-{n}", "name": f"Koperasi Uji {n}", "legal_type": LegalType.PRODUSEN}
    return _add(session, Cooperative(**defaults | kw))


def gallery(session: Session, **kw: Any) -> Gallery:
    n = _n()
    kw.setdefault("cooperative", cooperative(session))
    kw.setdefault("kecamatan", kw["cooperative"].kecamatan)
    obj = Gallery(
        **{
            "slug": f"galeri-uji-{n}",
            "name": f"Galeri Uji {n}",
            "lat": -6.3,
            "lng": 106.7,
            "whatsapp": "+6281200000000",
            "opening_hours": "Senin–Sabtu 08.00–17.00",
        }
        | kw
    )
    return _add(session, obj)


def member(session: Session, **kw: Any) -> Member:
    n = _n()
    kw.setdefault("cooperative", cooperative(session))
    defaults = {"owner_name": f"Ibu Uji {n}", "business_name": f"Usaha Uji {n}"}
    return _add(session, Member(**defaults | kw))


def category(session: Session, **kw: Any) -> Category:
    n = _n()
    defaults = {"slug": f"kat-{n}", "name": f"Kategori {n}", "name_en": f"Category {n}"}
    return _add(session, Category(**defaults | kw))


def product(session: Session, **kw: Any) -> Product:
    n = _n()
    kw.setdefault("gallery", gallery(session))
    kw.setdefault("member", member(session, cooperative=kw["gallery"].cooperative))
    kw.setdefault("category", category(session))
    with_image = kw.pop("with_image", True)
    obj = Product(
        **{
            "slug": f"produk-uji-{n}",
            "name": f"Produk Uji {n}",
            "price": 25_000,
            "unit": "bungkus 250 g",
            "weight_g": 250,
            "stock": 10,
            "status": ProductStatus.ACTIVE,
            "description": "Produk untuk pengujian.",
        }
        | kw
    )
    if with_image:
        obj.images.append(
            ProductImage(
                content_hash=f"{n:032x}",
                width=640,
                height=640,
                variant_widths=[320, 640],
                alt=obj.name,
            )
        )
    return _add(session, obj)


def user(session: Session, password: str = "rahasia-123", **kw: Any) -> User:
    n = _n()
    obj = User(
        **{"email": f"user{n}@gerai.example", "name": f"Pengguna {n}", "role": Role.SHOPPER} | kw
    )
    obj.set_password(password, method="pbkdf2:sha256:1")
    return _add(session, obj)


@dataclass
class Shop:
    """A gallery with one member and one category: what an import sheet refers to."""

    gallery: Gallery
    member: Member
    category: Category

    def product(self, session: Session, **kw: Any) -> Product:
        """A product of this shop's gallery, member and category."""
        return product(
            session, gallery=self.gallery, member=self.member, category=self.category, **kw
        )


def import_shop(session: Session) -> Shop:
    gallery_ = gallery(session)
    member_ = member(session, cooperative=gallery_.cooperative, business_name="Dapur Bu Sri")
    category_ = category(session, slug="camilan-uji", name="Camilan Uji", name_en="Test Snacks")
    return Shop(gallery_, member_, category_)
