"""City-office services: register cooperatives and their galleries, (de)activate them.

Writes flush, never commit. A deactivated cooperative or gallery keeps its rows (orders and
the consignment ledger refer to them); the shop's queries hide it and its managers or couriers
can no longer log in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from catalog.db import DbSession, get_by_id, saved, taken_by_another
from catalog.exceptions import DuplicateName, InvalidInput, NotFound
from catalog.i18n import N_
from catalog.models import Cooperative, Gallery, Kecamatan, Kelurahan, LegalType, Member, Product
from catalog.money import thousands
from catalog.phones import normalise_phone
from catalog.queries import visible_galleries, visible_products
from catalog.text import slugify

MAX_TEXT = 4000
MAX_BASE_FEE = 500_000  # Rp 500.000: no ojek trip inside a city costs more
MAX_PER_KM_FEE = 50_000
MIN_RADIUS_KM, MAX_RADIUS_KM = 0.5, 50.0
SLUG_LENGTH = 70  # the slug columns hold 80: room for a "-12" suffix

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # keeps tab and newline


@dataclass(frozen=True)
class Box:
    """A latitude/longitude rectangle."""

    south: float
    north: float
    west: float
    east: float

    def __contains__(self, point: tuple[float, float]) -> bool:
        lat, lng = point
        return self.south <= lat <= self.north and self.west <= lng <= self.east


# Delivery fees are computed from a gallery's position, so a wrong one silently overcharges
# or refuses shoppers. Two boxes catch the usual slips. Outside Indonesia almost always means
# latitude and longitude swapped (Tangsel is at about -6.3, 106.7). The service area catches a
# lost minus sign (6.3 is in Aceh) or a pin pasted from another city. It is generous, about
# 25 km beyond Kota Tangerang Selatan's border, so galleries at the edge and neighbouring
# Jakarta, Tangerang, Depok and Bogor fit; a city adopting Gerai elsewhere changes this box.
INDONESIA = Box(south=-11.5, north=6.5, west=94.5, east=141.5)
SERVICE_AREA = Box(south=-6.60, north=-6.00, west=106.40, east=107.00)


def _one_line(text: str | None) -> str:
    """What people typed, without control characters (PostgreSQL refuses NUL) or extra spaces."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def _many_lines(text: str | None) -> str:
    return _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def _free_slug(session: DbSession, model: type[Cooperative] | type[Gallery], name: str) -> str:
    base = slugify(name, max_length=SLUG_LENGTH)
    taken = set(session.scalars(select(model.slug).where(model.slug.like(f"{base}%"))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_name(name: str) -> str:
    name = _one_line(name)
    if not name or len(name) > 160:
        raise InvalidInput("name", N_("Give a name of 1 to 160 characters."))
    return name


def _check_kecamatan(session: DbSession, kecamatan_id: int | None) -> None:
    if get_by_id(session, Kecamatan, kecamatan_id) is None:
        raise InvalidInput("kecamatan_id", N_("Choose a kecamatan."))


def _check_address(address: str, *, required: bool) -> str:
    address = _one_line(address)
    if len(address) > 255 or (required and not address):
        raise InvalidInput("address", N_("Give the street address (up to 255 characters)."))
    return address


def _check_description(text: str) -> str:
    text = _many_lines(text)
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            "description", N_("Keep the description under %(max)s characters."), max=MAX_TEXT
        )
    return text


# Cooperatives


@dataclass
class CooperativeInput:
    """What the city office fills in for a cooperative."""

    name: str
    legal_type: LegalType | str
    kecamatan_id: int
    address: str = ""
    phone: str = ""
    description: str = ""
    commission_rate_percent: int = 15


def _check_cooperative(session: DbSession, data: CooperativeInput, coop_id: int | None) -> None:
    data.name = _check_name(data.name)
    same_name = func.lower(Cooperative.name) == data.name.lower()
    if taken_by_another(session, Cooperative.id, same_name, other_than=coop_id):
        raise DuplicateName("name", N_("A cooperative with this name is already registered."))
    if data.legal_type not in LegalType._value2member_map_:
        raise InvalidInput("legal_type", N_("Choose the kind of cooperative."))
    data.legal_type = LegalType(data.legal_type)
    _check_kecamatan(session, data.kecamatan_id)
    data.address = _check_address(data.address, required=False)
    data.phone = normalise_phone(data.phone) if data.phone.strip() else ""
    data.description = _check_description(data.description)
    if not 0 <= data.commission_rate_percent <= 100:
        raise InvalidInput("commission_rate_percent", N_("A rate is between 0 and 100 percent."))


def _apply_cooperative(coop: Cooperative, data: CooperativeInput) -> None:
    coop.name = data.name
    coop.legal_type = LegalType(data.legal_type)
    coop.kecamatan_id = data.kecamatan_id
    coop.address = data.address
    coop.phone = data.phone
    coop.description = data.description
    coop.commission_rate_percent = data.commission_rate_percent


def create_cooperative(session: DbSession, data: CooperativeInput) -> Cooperative:
    """Register a cooperative; its slug comes from the name and never changes afterwards."""
    _check_cooperative(session, data, None)
    coop = Cooperative(slug=_free_slug(session, Cooperative, data.name))
    _apply_cooperative(coop, data)
    return saved(session, coop)


def update_cooperative(
    session: DbSession, coop: Cooperative, data: CooperativeInput
) -> Cooperative:
    """Change a cooperative's details; the slug stays, so shared links keep working."""
    _check_cooperative(session, data, coop.id)
    _apply_cooperative(coop, data)
    return saved(session, coop)


def set_cooperative_active(session: DbSession, coop: Cooperative, active: bool) -> Cooperative:
    """Deactivate (or reactivate): its galleries leave the shop, its managers cannot log in."""
    coop.is_active = active
    return saved(session, coop)


# Galleries


@dataclass
class GalleryInput:
    """What the city office fills in for a gallery; courier settings come later."""

    name: str
    cooperative_id: int
    kecamatan_id: int
    address: str
    lat: float
    lng: float
    kelurahan_id: int | None = None
    opening_hours: str = ""
    whatsapp: str = ""
    description: str = ""
    base_fee: int = 8000
    per_km_fee: int = 2500
    max_radius_km: float = 8.0


def _check_position(lat: float, lng: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lng)) or (lat, lng) not in INDONESIA:
        raise InvalidInput(
            "position",
            N_(
                "This position is not in Indonesia. Latitude comes first (about -6.3 in "
                "Tangerang Selatan), then longitude (about 106.7)."
            ),
        )
    if (lat, lng) not in SERVICE_AREA:
        raise InvalidInput(
            "position",
            N_("This position is outside the area Gerai serves (Tangerang Selatan and around)."),
        )


class FeeFormula(Protocol):
    """The delivery fee inputs a gallery's form and its courier settings both carry."""

    base_fee: int
    per_km_fee: int
    max_radius_km: float


def _check_delivery(data: FeeFormula) -> None:
    if not 0 <= data.base_fee <= MAX_BASE_FEE:
        raise InvalidInput(
            "base_fee", N_("The fee is between Rp 0 and Rp %(max)s."), max=thousands(MAX_BASE_FEE)
        )
    if not 0 <= data.per_km_fee <= MAX_PER_KM_FEE:
        raise InvalidInput(
            "per_km_fee",
            N_("The fee is between Rp 0 and Rp %(max)s."),
            max=thousands(MAX_PER_KM_FEE),
        )
    radius = data.max_radius_km
    if not (math.isfinite(radius) and MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM):
        raise InvalidInput(
            "max_radius_km",
            N_("The delivery radius is between %(min)s and %(max)s km."),
            min=MIN_RADIUS_KM,
            max=MAX_RADIUS_KM,
        )


def _check_place(session: DbSession, data: GalleryInput) -> None:
    _check_kecamatan(session, data.kecamatan_id)
    if data.kelurahan_id is None:
        return
    kelurahan = get_by_id(session, Kelurahan, data.kelurahan_id)
    if kelurahan is None or kelurahan.kecamatan_id != data.kecamatan_id:
        raise InvalidInput("kelurahan_id", N_("Choose a kelurahan of the chosen kecamatan."))


def _check_cooperative_of(session: DbSession, data: GalleryInput, gallery: Gallery | None) -> None:
    if get_by_id(session, Cooperative, data.cooperative_id) is None:
        raise InvalidInput("cooperative_id", N_("Choose a cooperative."))
    if gallery is None or gallery.cooperative_id == data.cooperative_id:
        return
    # Products name members of the gallery's cooperative; moving them would break that.
    if session.scalar(select(Product.id).where(Product.gallery_id == gallery.id).limit(1)):
        raise InvalidInput(
            "cooperative_id",
            N_("This gallery has products, so it cannot move to another cooperative."),
        )


def _check_gallery(session: DbSession, data: GalleryInput, gallery: Gallery | None) -> None:
    data.name = _check_name(data.name)
    same_name = func.lower(Gallery.name) == data.name.lower()
    if taken_by_another(session, Gallery.id, same_name, other_than=gallery.id if gallery else None):
        raise DuplicateName("name", N_("A gallery with this name is already registered."))
    _check_cooperative_of(session, data, gallery)
    _check_place(session, data)
    data.address = _check_address(data.address, required=True)
    _check_position(data.lat, data.lng)
    data.opening_hours = _one_line(data.opening_hours)
    if len(data.opening_hours) > 160:
        raise InvalidInput("opening_hours", N_("Keep the opening hours under 160 characters."))
    data.whatsapp = normalise_phone(data.whatsapp, "whatsapp") if data.whatsapp.strip() else ""
    data.description = _check_description(data.description)
    _check_delivery(data)


def _apply_gallery(gallery: Gallery, data: GalleryInput) -> None:
    for name in (
        "name", "cooperative_id", "kecamatan_id", "kelurahan_id", "address", "lat", "lng",
        "opening_hours", "whatsapp", "description", "base_fee", "per_km_fee", "max_radius_km",
    ):  # fmt: skip
        setattr(gallery, name, getattr(data, name))


def create_gallery(session: DbSession, data: GalleryInput) -> Gallery:
    """Register a gallery; it shows in the shop at once if it and its cooperative are active."""
    _check_gallery(session, data, None)
    gallery = Gallery(slug=_free_slug(session, Gallery, data.name))
    _apply_gallery(gallery, data)
    return saved(session, gallery)


def update_gallery(session: DbSession, gallery: Gallery, data: GalleryInput) -> Gallery:
    """Change a gallery's details; the slug stays, so links shared on WhatsApp keep working."""
    _check_gallery(session, data, gallery)
    _apply_gallery(gallery, data)
    return saved(session, gallery)


def set_gallery_active(session: DbSession, gallery: Gallery, active: bool) -> Gallery:
    """Deactivate (or reactivate): it leaves the shop and its managers' console."""
    gallery.is_active = active
    return saved(session, gallery)


# Reading, for the city office


def get_cooperative(session: DbSession, coop_id: int) -> Cooperative:
    coop = get_by_id(session, Cooperative, coop_id)
    if coop is None:
        raise NotFound("cooperative")
    return coop


def get_gallery(session: DbSession, gallery_id: int) -> Gallery:
    gallery = get_by_id(session, Gallery, gallery_id)
    if gallery is None:
        raise NotFound("gallery")
    return gallery


def all_cooperatives(session: DbSession) -> Sequence[Cooperative]:
    """Every cooperative, active or not, with its kecamatan and galleries loaded."""
    stmt = select(Cooperative).options(
        selectinload(Cooperative.kecamatan),
        selectinload(Cooperative.galleries).selectinload(Gallery.kecamatan),
    )
    return session.scalars(stmt.order_by(Cooperative.name)).all()


def all_kecamatan(session: DbSession) -> Sequence[Kecamatan]:
    stmt = select(Kecamatan).options(selectinload(Kecamatan.kelurahan))
    return session.scalars(stmt.order_by(Kecamatan.name)).all()


@dataclass(frozen=True)
class KecamatanFigures:
    """The city office's numbers for one kecamatan: what is open and selling there."""

    kecamatan: Kecamatan
    active_galleries: int
    active_products: int
    active_members: int


def figures_by_kecamatan(session: DbSession) -> list[KecamatanFigures]:
    """Per kecamatan: galleries in the shop, products in the shop, active UMKM members.

    A member counts where their kelurahan lies, or else where their cooperative sits; members
    of a deactivated cooperative do not count.
    """
    galleries = _count_by(session, visible_galleries().with_only_columns(Gallery.kecamatan_id))
    products = _count_by(session, visible_products().with_only_columns(Gallery.kecamatan_id))
    place = func.coalesce(Kelurahan.kecamatan_id, Cooperative.kecamatan_id).label("kecamatan_id")
    members = _count_by(
        session,
        select(place)
        .select_from(Member)
        .join(Member.cooperative)
        .outerjoin(Kelurahan, Member.kelurahan_id == Kelurahan.id)
        .where(Member.is_active.is_(True), Cooperative.is_active.is_(True)),
    )
    return [
        KecamatanFigures(k, galleries.get(k.id, 0), products.get(k.id, 0), members.get(k.id, 0))
        for k in session.scalars(select(Kecamatan).order_by(Kecamatan.name))
    ]


def _count_by(session: DbSession, stmt: Select[int]) -> dict[int, int]:
    """Rows of ``stmt`` counted by its first column."""
    sub = stmt.subquery()
    key = next(iter(sub.c))
    return dict(session.execute(select(key, func.count()).group_by(key)).all())
