"""User accounts and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from catalog.db import Base, string_enum, utcnow
from catalog.models import Cooperative, Gallery


class Role(enum.StrEnum):
    SHOPPER = "shopper"
    MANAGER = "manager"
    COURIER = "courier"
    ADMIN = "admin"


class User(UserMixin, Base):
    """Anyone who logs in: shopper, cooperative manager, gallery courier or city office."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
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
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    cooperative: Mapped[Cooperative | None] = relationship()
    gallery: Mapped[Gallery | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(role = 'manager') = (cooperative_id IS NOT NULL)", name="manager_has_cooperative"
        ),
        CheckConstraint(
            "(role = 'courier') = (gallery_id IS NOT NULL)", name="courier_has_gallery"
        ),
    )

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses inactive users: a closed account, or its cooperative or gallery."""
        if not self.is_active_account:
            return False
        if self.role == Role.MANAGER and self.cooperative and not self.cooperative.is_active:
            return False
        if self.role == Role.COURIER and self.gallery:
            return self.gallery.is_active and self.gallery.cooperative.is_active
        return True

    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles
