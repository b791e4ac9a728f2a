"""Discovery by place: where a shopper is, the galleries nearest them, and where a sold-out
product (or one like it) is still in stock.

A place comes from a kelurahan the shopper chose or from the browser's position; anything that
is not a usable place is ignored, never an error, because it arrives in a query string.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from catalog.cooperatives import INDONESIA
from catalog.db import DbSession, get_by_id
from catalog.models import Gallery, Kecamatan, Kelurahan, Product
from catalog.queries import visible_galleries, visible_products
from catalog.search.normalise import terms
from catalog.text import escape_like

EARTH_RADIUS_KM = 6371.0088
MAX_COORDINATE_LENGTH = 32  # "-6.123456789" fits many times; a 10,000-digit number does not
MAX_CANDIDATES = 200  # name-matched rows scored in Python; the nearest and exact names first
MIN_LIKE_WORD = 3  # shorter words ("di", "isi") would match half the catalogue


@dataclass(frozen=True)
class Place:
    """Where distances are measured from; ``label`` is empty for the browser's own position."""

    lat: float
    lng: float
    label: str = ""
    kelurahan_id: int | None = None


class Match(enum.IntEnum):
    """How an alternative relates to the sold-out product; lower ranks first."""

    SAME = 0
    SIMILAR = 1
    SAME_MAKER = 2


@dataclass(frozen=True)
class Alternative:
    """A product in stock instead of a sold-out one; ``distance_km`` only when a place is known."""

    product: Product
    match: Match
    distance_km: float | None


@dataclass(frozen=True)
class NearbyGallery:
    gallery: Gallery
    distance_km: float


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance in km; good enough for a kecamatan-sized trip (the
    delivery fee's distance too: orders.delivery)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _coordinate(raw: object) -> float | None:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        return None
    text = str(raw).strip()
    if not text or len(text) > MAX_COORDINATE_LENGTH:
        return None
    try:
        value = float(text)
    except ValueError:  # "abc", "", a NUL byte
        return None
    return value if math.isfinite(value) else None  # "nan", "inf", "1e999"


def position_place(lat: object, lng: object) -> Place | None:
    """The browser's position as a place, if both parts are numbers of a point in Indonesia."""
    la, ln = _coordinate(lat), _coordinate(lng)
    if la is None or ln is None or (la, ln) not in INDONESIA:
        return None
    return Place(round(la, 6), round(ln, 6))


def kelurahan_place(session: DbSession, kelurahan_id: object) -> Place | None:
    """The centre of the kelurahan with this id (as typed in a URL), or None."""
    if not isinstance(kelurahan_id, str | int) or isinstance(kelurahan_id, bool):
        return None
    text = str(kelurahan_id).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    kelurahan = get_by_id(session, Kelurahan, int(text))
    if kelurahan is None:
        return None
    label = f"{kelurahan.name}, {kelurahan.kecamatan.name}"
    return Place(kelurahan.lat, kelurahan.lng, label, kelurahan.id)


def find_place(
    session: DbSession, kelurahan: object = None, lat: object = None, lng: object = None
) -> Place | None:
    """The browser's position when it is usable, else the kelurahan's centre, else None."""
    return position_place(lat, lng) or kelurahan_place(session, kelurahan)


def kelurahan_by_kecamatan(session: DbSession) -> list[tuple[Kecamatan, Sequence[Kelurahan]]]:
    """Every kecamatan with its kelurahan, both by name: the choices of a place picker."""
    stmt = select(Kecamatan).order_by(Kecamatan.name).options(selectinload(Kecamatan.kelurahan))
    return [(k, k.kelurahan) for k in session.scalars(stmt)]


def galleries_near(
    session: DbSession, place: Place, kecamatan: Kecamatan | None = None
) -> list[NearbyGallery]:
    """Visible galleries (of ``kecamatan`` if given), nearest to ``place`` first, then by name."""
    stmt = visible_galleries().options(
        joinedload(Gallery.kecamatan), joinedload(Gallery.cooperative)
    )
    if kecamatan is not None:
        stmt = stmt.where(Gallery.kecamatan_id == kecamatan.id)
    nearby = [
        NearbyGallery(g, distance_km(place.lat, place.lng, g.lat, g.lng))
        for g in session.scalars(stmt)
    ]
    return sorted(nearby, key=lambda n: (n.distance_km, n.gallery.name, n.gallery.id))


def alternatives(
    session: DbSession, product: Product, place: Place | None, limit: int = 6
) -> list[Alternative]:
    """In-stock products of other galleries that are ``product`` or like it, best first.

    The same product (the same name once normalised) ranks before a similar one (its category
    and at least half of its name's terms), then the nearest gallery to ``place`` (or, without
    one, to the product's own gallery), then the name. The maker's other products in the same
    gallery follow. A few queries whatever the catalogue's size: SQL narrows to the category
    and the name's words, Python scores at most ``MAX_CANDIDATES`` rows.
    """
    origin = place or Place(product.gallery.lat, product.gallery.lng)
    wanted = set(terms(product.name))
    ranked: dict[int, tuple[Match, float, str]] = {}
    for pid, name, lat, lng in _candidates(session, product, origin):
        match = _match(wanted, set(terms(name)))
        if match is not None:
            ranked[pid] = (match, distance_km(origin.lat, origin.lng, lat, lng), name)
    chosen = sorted(ranked.items(), key=lambda item: (*item[1], item[0]))[:limit]
    here = distance_km(origin.lat, origin.lng, product.gallery.lat, product.gallery.lng)
    for pid, name in _same_maker(session, product, limit - len(chosen)):
        chosen.append((pid, (Match.SAME_MAKER, here, name)))
    return _load(session, chosen, place is not None)


def _match(wanted: set[str], found: set[str]) -> Match | None:
    if not wanted or not found:
        return None
    if found == wanted:
        return Match.SAME
    shared = len(wanted & found)
    return Match.SIMILAR if shared and 2 * shared >= len(wanted) else None


def _candidates(
    session: DbSession, product: Product, origin: Place
) -> Sequence[tuple[int, str, float, float]]:
    """Rows of the category sharing a name word, exact names then the nearest first."""
    words = _like_words(product.name)
    if not words:
        return []
    # Squared degrees with longitude shrunk by cos(latitude): plain arithmetic both databases
    # order by, close enough to the great-circle distance to keep the nearest rows.
    shrink = math.cos(math.radians(origin.lat))
    nearness = (Gallery.lat - origin.lat) * (Gallery.lat - origin.lat) + (
        (Gallery.lng - origin.lng) * shrink
    ) * ((Gallery.lng - origin.lng) * shrink)
    exact = case((func.lower(Product.name) == product.name.lower(), 0), else_=1)
    stmt = (
        visible_products()
        .with_only_columns(Product.id, Product.name, Gallery.lat, Gallery.lng)
        .where(
            Product.category_id == product.category_id,
            Product.gallery_id != product.gallery_id,
            Product.stock > 0,
            or_(*[Product.name.ilike(f"%{escape_like(w)}%", escape="\\") for w in words]),
        )
        .order_by(exact, nearness, Product.id)
        .limit(MAX_CANDIDATES)
    )
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(stmt)]


def _like_words(name: str) -> list[str]:
    """The name's words as typed and as normalised: either spelling may be in another name."""
    raw = [w.strip(".,()/-'\"").lower() for w in name.split()]
    words = {w for w in [*raw, *terms(name)] if len(w) >= MIN_LIKE_WORD}
    return sorted(words)


def _same_maker(session: DbSession, product: Product, limit: int) -> Sequence[tuple[int, str]]:
    if limit <= 0:
        return []
    stmt = (
        visible_products()
        .with_only_columns(Product.id, Product.name)
        .where(
            Product.member_id == product.member_id,
            Product.gallery_id == product.gallery_id,
            Product.id != product.id,
            Product.stock > 0,
        )
        .order_by(Product.name, Product.id)
        .limit(limit)
    )
    return [(r[0], r[1]) for r in session.execute(stmt)]


def _load(
    session: DbSession, chosen: list[tuple[int, tuple[Match, float, str]]], known: bool
) -> list[Alternative]:
    if not chosen:
        return []
    stmt = (
        select(Product)
        .where(Product.id.in_([pid for pid, _ in chosen]))
        .options(
            selectinload(Product.images),
            joinedload(Product.gallery).joinedload(Gallery.kecamatan),
        )
    )
    products = {p.id: p for p in session.scalars(stmt).unique()}
    return [
        Alternative(products[pid], match, round(km, 1) if known else None)
        for pid, (match, km, _name) in chosen
        if pid in products
    ]
