"""Catalog models: kecamatan, kelurahan, cooperatives, galleries, members, categories, products."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint, and_, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import JSON, Boolean, Date, Float, Integer, String, Text

# Users sit below the catalog; importing their models here registers user_account (which
# StockMovement.actor_id and the orders refer to) and lets User's string relationships resolve.
import accounts.models  # noqa: F401
from catalog.db import (
    Base,
    Entity,
    UtcDateTime,
    created_at_column,
    string_enum,
    updated_at_column,
)


class LegalType(enum.StrEnum):
    """Kinds of koperasi under Indonesian cooperative law."""

    PRODUSEN = "produsen"
    KONSUMEN = "konsumen"
    PEMASARAN = "pemasaran"
    JASA = "jasa"
    SIMPAN_PINJAM = "simpan_pinjam"


class ProductStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class MovementKind(enum.StrEnum):
    """Why stock changed: the consignment ledger's entry types."""

    RESTOCK = "restock"
    SALE = "sale"
    RELEASE = "release"
    ADJUST = "adjust"
    INTAKE = "intake"  # an intake note (titip): the member brings goods
    RETURNED_TO_MEMBER = "returned_to_member"  # a return note (retur): goods go back
    WRITTEN_OFF = "written_off"  # a write-off note: damaged, expired or lost


class Kecamatan(Entity):
    __tablename__ = "kecamatan"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)

    kelurahan: Mapped[list[Kelurahan]] = relationship(
        back_populates="kecamatan", order_by="Kelurahan.name"
    )
    galleries: Mapped[list[Gallery]] = relationship(
        back_populates="kecamatan", order_by="Gallery.name"
    )


class Kelurahan(Entity):
    __tablename__ = "kelurahan"
    __table_args__ = (UniqueConstraint("kecamatan_id", "name"),)

    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)

    kecamatan: Mapped[Kecamatan] = relationship(back_populates="kelurahan")


class Cooperative(Entity):
    __tablename__ = "cooperative"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    legal_type: Mapped[LegalType] = mapped_column(string_enum(LegalType, "legal_type"))
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    address: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    commission_rate_percent: Mapped[int] = mapped_column(Integer, default=15)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at_column()
    # Consignment terms: goods stay on consignment this many days after their intake, then the
    # member has the grace days to collect them; a settlement below the minimum payout carries
    # over to the next period.
    consignment_days: Mapped[int] = mapped_column(Integer, default=90, server_default="90")
    consignment_grace_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    min_payout: Mapped[int] = mapped_column(Integer, default=50_000, server_default="50000")

    kecamatan: Mapped[Kecamatan] = relationship()
    galleries: Mapped[list[Gallery]] = relationship(back_populates="cooperative")
    members: WriteOnlyMapped[Member] = relationship(back_populates="cooperative")

    __table_args__ = (
        CheckConstraint(
            "commission_rate_percent >= 0 AND commission_rate_percent <= 100",
            name="commission_rate_range",
        ),
        CheckConstraint(
            "consignment_days > 0 AND consignment_days <= 3650"
            " AND consignment_grace_days >= 0 AND consignment_grace_days <= 365",
            name="consignment_terms_range",
        ),
        CheckConstraint("min_payout >= 0", name="min_payout_not_negative"),
    )


class Gallery(Entity):
    """A cooperative's gallery shop in a kecamatan: where products are kept and picked up."""

    __tablename__ = "gallery"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperative.id"), index=True)
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"))
    address: Mapped[str] = mapped_column(String(255), default="")
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    opening_hours: Mapped[str] = mapped_column(String(160), default="")
    whatsapp: Mapped[str] = mapped_column(String(20), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    base_fee: Mapped[int] = mapped_column(Integer, default=8000)
    per_km_fee: Mapped[int] = mapped_column(Integer, default=2500)
    max_radius_km: Mapped[float] = mapped_column(Float, default=8.0)
    courier_endpoint_url: Mapped[str | None] = mapped_column(String(500))
    courier_secret: Mapped[str | None] = mapped_column(String(100))
    courier_secret_rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at_column()

    cooperative: Mapped[Cooperative] = relationship(back_populates="galleries")
    kecamatan: Mapped[Kecamatan] = relationship(back_populates="galleries")
    kelurahan: Mapped[Kelurahan | None] = relationship()
    products: WriteOnlyMapped[Product] = relationship(back_populates="gallery")

    __table_args__ = (
        CheckConstraint("base_fee >= 0 AND per_km_fee >= 0", name="fees_not_negative"),
    )

    @hybrid_property
    def uses_external_dispatcher(self) -> bool:
        """The rule of who delivers: a courier dispatcher when the gallery has both an endpoint
        and a signing secret (a delivery request is sent only then), else Gerai's courier page.

        The SQL form below is the same rule for queries (``Gallery.uses_external_dispatcher``);
        tests/catalog/test_dispatcher_rule.py checks that the two agree.
        """
        return bool(self.courier_endpoint_url) and bool(self.courier_secret)

    @uses_external_dispatcher.inplace.expression
    @classmethod
    def _uses_external_dispatcher_sql(cls) -> ColumnElement[bool]:
        return and_(
            func.coalesce(cls.courier_endpoint_url, "") != "",
            func.coalesce(cls.courier_secret, "") != "",
        )


class Member(Entity):
    """A member micro-business (UMKM) of a cooperative, consigning products to its galleries."""

    __tablename__ = "member"

    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperative.id"), index=True)
    owner_name: Mapped[str] = mapped_column(String(120))
    business_name: Mapped[str] = mapped_column(String(160))
    phone: Mapped[str] = mapped_column(String(20), default="")
    nib: Mapped[str | None] = mapped_column(String(20))
    commission_rate_percent: Mapped[int | None] = mapped_column(Integer)
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"))
    story: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at_column()

    cooperative: Mapped[Cooperative] = relationship(back_populates="members")
    kelurahan: Mapped[Kelurahan | None] = relationship()

    __table_args__ = (
        UniqueConstraint("cooperative_id", "business_name"),
        CheckConstraint(
            "commission_rate_percent IS NULL OR "
            "(commission_rate_percent >= 0 AND commission_rate_percent <= 100)",
            name="commission_rate_range",
        ),
    )

    @property
    def effective_commission_percent(self) -> int:
        """The member's own rate if set, otherwise the cooperative's."""
        if self.commission_rate_percent is not None:
            return self.commission_rate_percent
        return self.cooperative.commission_rate_percent


class Category(Entity):
    __tablename__ = "category"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    def localized_name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name

    def localized_description(self, locale: str) -> str:
        return self.description_en if locale == "en" else self.description


class Product(Entity):
    __tablename__ = "product"

    slug: Mapped[str] = mapped_column(String(160), unique=True)
    gallery_id: Mapped[int] = mapped_column(ForeignKey("gallery.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(60))
    weight_g: Mapped[int] = mapped_column(Integer, default=0)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ProductStatus] = mapped_column(
        string_enum(ProductStatus, "product_status"), default=ProductStatus.DRAFT, index=True
    )
    pirt_number: Mapped[str | None] = mapped_column(String(40))
    is_halal: Mapped[bool] = mapped_column(Boolean, default=False)
    is_featured: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    gallery: Mapped[Gallery] = relationship(back_populates="products")
    member: Mapped[Member] = relationship()
    category: Mapped[Category] = relationship()
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product",
        order_by="ProductImage.position",
        cascade="all, delete-orphan",
    )
    movements: WriteOnlyMapped[StockMovement] = relationship(back_populates="product")

    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("weight_g >= 0", name="weight_not_negative"),
        UniqueConstraint("gallery_id", "name"),
    )

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def cover(self) -> ProductImage | None:
        return self.images[0] if self.images else None


class ProductImage(Entity):
    """One photo of a product, stored as WebP variants named by the content hash."""

    __tablename__ = "product_image"

    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    alt: Mapped[str] = mapped_column(String(255), default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    variant_widths: Mapped[list[int]] = mapped_column(JSON)

    product: Mapped[Product] = relationship(back_populates="images")


class StockMovement(Entity):
    """One change of a product's stock, with who, why and the resulting level."""

    __tablename__ = "stock_movement"

    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    kind: Mapped[MovementKind] = mapped_column(string_enum(MovementKind, "movement_kind"))
    quantity: Mapped[int] = mapped_column(Integer)
    stock_after: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(255), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()
    # The shipment a sale or release belongs to (a cancelled shipment's stock coming back).
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), index=True)
    # The consignment note (intake, return, write-off) an intake or removal belongs to.
    note_id: Mapped[int | None] = mapped_column(ForeignKey("consignment_note.id"), index=True)

    product: Mapped[Product] = relationship(back_populates="movements")

    __table_args__ = (
        CheckConstraint("stock_after >= 0", name="stock_after_not_negative"),
        CheckConstraint("quantity <> 0", name="quantity_not_zero"),
    )


class NoteKind(enum.StrEnum):
    """A consignment note: goods in (titip), back to the member (retur), or written off."""

    INTAKE = "intake"
    RETURN = "return"
    WRITE_OFF = "write_off"


class WriteOffReason(enum.StrEnum):
    DAMAGED = "damaged"
    EXPIRED = "expired"
    LOST = "lost"
    OTHER = "other"


class ConsignmentNote(Entity):
    """One intake, return or write-off note of a member's goods at a gallery (catalog.consignment).

    ``number`` counts per gallery and kind (TT-000001, RT-…, WO-…); ``submission`` is the
    form's one-time key, so a form sent twice records one note.
    """

    __tablename__ = "consignment_note"

    gallery_id: Mapped[int] = mapped_column(ForeignKey("gallery.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    kind: Mapped[NoteKind] = mapped_column(string_enum(NoteKind, "note_kind"))
    number: Mapped[int] = mapped_column(Integer)
    note_date: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[WriteOffReason | None] = mapped_column(
        string_enum(WriteOffReason, "write_off_reason")
    )
    note: Mapped[str] = mapped_column(String(255), default="")
    submission: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()

    gallery: Mapped[Gallery] = relationship()
    member: Mapped[Member] = relationship()
    lines: Mapped[list[ConsignmentLine]] = relationship(
        back_populates="note", order_by="ConsignmentLine.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("gallery_id", "kind", "number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    @property
    def code(self) -> str:
        prefix = {NoteKind.INTAKE: "TT", NoteKind.RETURN: "RT", NoteKind.WRITE_OFF: "WO"}
        return f"{prefix[self.kind]}-{self.number:06d}"


class ConsignmentLine(Entity):
    __tablename__ = "consignment_line"

    note_id: Mapped[int] = mapped_column(ForeignKey("consignment_note.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)

    note: Mapped[ConsignmentNote] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()

    __table_args__ = (
        UniqueConstraint("note_id", "product_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )


# --- Search (catalog.search) ----------------------------------------------------------------


# Searched by ranges ('gul' <= key < 'gul\x7f'): compared byte by byte on PostgreSQL too,
# whatever the database's collation (SQLite compares text that way already).
BYTEWISE_200 = String(200).with_variant(String(200, collation="C"), "postgresql")
BYTEWISE_40 = String(40).with_variant(String(40, collation="C"), "postgresql")


class ProductSearch(Base):
    """A product's search document, rewritten by catalog.search.index in the transaction that
    changes the product (or the names of its gallery, member, category or kecamatan).

    The texts are the canonical terms of catalog.search.normalise, space-separated with a
    space at each end, so that ``LIKE '% term %'`` finds a whole term and ``'% ter%'`` a
    word start. The full-text index over ``terms`` (SQLite FTS5 table ``product_fts``, or a
    PostgreSQL GIN index) is made by the migration, outside these models.

    What the search filters and orders by is copied here too (visibility, stock, price,
    category, gallery, kecamatan, halal, listing time), so that a search with thousands of
    matches reads this one narrow table and joins nothing; the copies change with their
    sources, in the same flush.
    """

    __tablename__ = "product_search"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), primary_key=True
    )
    name_terms: Mapped[str] = mapped_column(Text, default=" ")
    # The name's terms without the padding, indexed: the names that begin with what a shopper
    # has typed so far are one range of this index (autocomplete).
    name_key: Mapped[str] = mapped_column(BYTEWISE_200, default="", index=True)
    terms: Mapped[str] = mapped_column(Text, default=" ")
    # Units sold, net of cancellations, from the stock ledger: the ranking's popularity.
    units_sold: Mapped[int] = mapped_column(Integer, default=0)
    # catalog.queries.is_sellable: active, in an active gallery of an active cooperative
    visible: Mapped[bool] = mapped_column(Boolean, default=False)
    in_stock: Mapped[bool] = mapped_column(Boolean, default=False)
    price: Mapped[int] = mapped_column(Integer, default=0)
    category_id: Mapped[int] = mapped_column(Integer)
    gallery_id: Mapped[int] = mapped_column(Integer)
    kecamatan_id: Mapped[int] = mapped_column(Integer)
    is_halal: Mapped[bool] = mapped_column(Boolean, default=False)
    listed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SearchTypo(Base):
    """The typo index: every term of the catalogue under each of its deletion keys (the
    term with up to two letters left out), so that a mistyped word finds the terms within
    two edits of it through one indexed lookup of its own keys (catalog.search.typos)."""

    __tablename__ = "search_typo"

    key: Mapped[str] = mapped_column(BYTEWISE_40, primary_key=True)
    term: Mapped[str] = mapped_column(BYTEWISE_40, primary_key=True)


class SearchNameWord(Base):
    """Every word of every product's name (as a canonical term), so that the names holding a
    word that begins with what a shopper is typing ("bat" -> Kain Batik Tulis) are one range
    of this table's key, read in key order and stopped at a limit: autocomplete, the same way
    on both databases (catalog.search.index writes it with the documents)."""

    __tablename__ = "search_name_word"

    word: Mapped[str] = mapped_column(BYTEWISE_40, primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), primary_key=True
    )


class CatalogueVersion(Base):
    """One row: a token that changes after every committed change to what shoppers are shown
    (catalog.version), so that a cache keyed by it never serves a page older than the data."""

    __tablename__ = "catalogue_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


# The listener that keeps the search documents in step with every flush: registered wherever
# the models are, so no session (app, command, worker, test) can change a product without it.
from catalog import version as _catalogue_version  # noqa: E402, F401
from catalog.search import index as _search_index  # noqa: E402, F401
