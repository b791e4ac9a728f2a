"""User accounts and their roles.

Accounts sit below the catalog, so a user's cooperative and gallery are mapped by name
(``relationship("Cooperative")``) and typed by the :class:`CooperativeRef` / :class:`GalleryRef`
protocols: what this package reads of them, without importing ``catalog.models``.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String
from sqlalchemy.orm import (
    Mapped,
    QueryableAttribute,
    RelationshipProperty,
    mapped_column,
    relationship,
)
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from werkzeug.security import check_password_hash, generate_password_hash

from catalog.db import Entity, UtcDateTime, created_at_column, string_enum


class CatalogRef(Protocol):
    """What accounts read of any catalog row a user belongs to (cooperative or gallery)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def is_active(self) -> bool: ...


class Role(enum.StrEnum):
    SHOPPER = "shopper"
    MANAGER = "manager"
    COURIER = "courier"
    ADMIN = "admin"
    OFFICER = "officer"  # a kecamatan or kelurahan officer of the yearly pendataan


class CooperativeRef(CatalogRef, Protocol):
    """What accounts read of a cooperative (``catalog.models.Cooperative``)."""


class GalleryRef(CatalogRef, Protocol):
    """What accounts read of a gallery (``catalog.models.Gallery``): also its cooperative."""

    @property
    def cooperative_id(self) -> int: ...
    @property
    def cooperative(self) -> CooperativeRef: ...


class User(Entity):
    """Anyone who logs in: shopper, cooperative manager, gallery courier, city office, or a
    kecamatan or kelurahan officer of the pendataan.

    It carries the four attributes Flask-Login asks of a user (``is_active``,
    ``is_authenticated``, ``is_anonymous``, ``get_id``) itself, so the domain needs no web
    library.
    """

    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        string_enum(Role, "user_role"),
        default=Role.SHOPPER,
    )
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    gallery_id: Mapped[int | None] = mapped_column(ForeignKey("gallery.id"), index=True)
    # An officer's area: a kecamatan, or one kelurahan of it.
    kecamatan_id: Mapped[int | None] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at_column()
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Every session carries the version it was opened under (see ``get_id``); raising it ends
    # them all on their next request: log-out, new password, closing or reopening the account.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    cooperative: Mapped[CooperativeRef | None] = relationship("Cooperative")
    gallery: Mapped[GalleryRef | None] = relationship("Gallery")

    __table_args__ = (
        CheckConstraint(
            "(role = 'manager') = (cooperative_id IS NOT NULL)", name="manager_has_cooperative"
        ),
        CheckConstraint(
            "(role = 'courier') = (gallery_id IS NOT NULL)", name="courier_has_gallery"
        ),
        CheckConstraint("(role = 'officer') = (kecamatan_id IS NOT NULL)", name="officer_has_area"),
        CheckConstraint(
            "kelurahan_id IS NULL OR kecamatan_id IS NOT NULL", name="kelurahan_within_area"
        ),
    )

    @property
    def is_active(self) -> bool:
        """Whether the user may log in: not a closed account, nor its cooperative or gallery."""
        if not self.is_active_account:
            return False
        if self.role == Role.MANAGER and self.cooperative and not self.cooperative.is_active:
            return False
        if self.role == Role.COURIER and self.gallery:
            return self.gallery.is_active and self.gallery.cooperative.is_active
        return True

    @property
    def is_authenticated(self) -> bool:
        """A user object is a logged-in user only while it may log in (Flask-Login's rule)."""
        return self.is_active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What a session keeps (Flask-Login stores it as text): ``"id:session_version"``.

        The user loader accepts it only while the version is still the account's, so a copied
        cookie stops working once the sessions are ended (:func:`session_matches`).
        """
        return f"{self.id}:{self.session_version}"

    def session_matches(self, version: int) -> bool:
        """Whether a session opened under ``version`` is still one of this account's."""
        return version == self.session_version

    def end_sessions(self) -> None:
        """End every session of the account: the version they carry no longer matches."""
        self.session_version = (self.session_version or 1) + 1

    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


def target_columns(
    attribute: QueryableAttribute[Any],
) -> ReadOnlyColumnCollection[str, Column[Any]]:
    """The columns of the table a relationship points at, to filter or order on after a join.

    Services here join a user's cooperative or gallery (``.join(User.gallery)``) and name the
    joined table's columns through the relationship, since they cannot import the classes.
    """
    prop = attribute.property
    assert isinstance(prop, RelationshipProperty)
    return prop.mapper.columns
