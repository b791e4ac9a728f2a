"""Account services for a cooperative's managers: their galleries' couriers. Flush, never commit.

A courier belongs to one gallery (``User.gallery_id``) and logs in to Gerai's courier page
(``/kurir/``). Managers add couriers, give them a new password (generated, shown once) and
close or reopen their accounts; every function is scoped to the manager's cooperative, and a
courier of another cooperative is reported as not found.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accounts import admin_services
from accounts.models import GalleryRef, Role, User, target_columns
from accounts.services import EmailTaken, find_by_email, normalise_email
from catalog.db import DbSession, get_by_id
from catalog.exceptions import InvalidInput, NotFound
from catalog.i18n import N_
from catalog.phones import normalise_phone


def couriers_of(session: DbSession, cooperative_id: int) -> Sequence[User]:
    """The couriers of the cooperative's active galleries (open or closed), by gallery, name.

    A deactivated gallery cannot be managed, so neither can its couriers.
    """
    gallery = target_columns(User.gallery)
    stmt = (
        select(User)
        .join(User.gallery)
        .where(
            User.role == Role.COURIER,
            gallery.cooperative_id == cooperative_id,
            gallery.is_active.is_(True),
        )
        .options(joinedload(User.gallery))
        .order_by(gallery.name, User.name, User.id)
    )
    return session.scalars(stmt).all()


def courier_of(session: DbSession, cooperative_id: int, user_id: int) -> User:
    """One courier of the cooperative's galleries; anyone else is not found."""
    user = get_by_id(session, User, user_id)
    if (
        user is None
        or user.role != Role.COURIER
        or user.gallery is None
        or user.gallery.cooperative_id != cooperative_id
        or not user.gallery.is_active
    ):
        raise NotFound("courier")
    return user


def _checked_email(session: DbSession, email: str) -> str:
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise InvalidInput("email", N_("Give an email address."))
    if find_by_email(session, email) is not None:
        raise EmailTaken(email)
    return email


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise InvalidInput("name", N_("Give the courier's name (up to 120 characters)."))
    return name


def create_courier(
    session: DbSession,
    *,
    gallery: GalleryRef,
    email: str,
    name: str,
    phone: str,
    password: str,
    hash_method: str,
) -> User:
    """A courier account for ``gallery``; raises EmailTaken or InvalidInput.

    The phone is stored as +62…: it is handed to shoppers with each delivery the courier takes.
    """
    user = User(
        email=_checked_email(session, email),
        name=_checked_name(name),
        phone=normalise_phone(phone),
        role=Role.COURIER,
        gallery_id=gallery.id,
    )
    admin_services.check_password(password)
    user.set_password(password, method=hash_method)
    session.add(user)
    session.flush()
    return user


def reset_password(session: DbSession, courier: User, *, password: str, hash_method: str) -> User:
    """Give the courier a new password (they forgot theirs, or the phone changed hands).

    The courier's sessions end, so a phone that changed hands is signed out too.
    """
    return admin_services.set_password(session, courier, password=password, hash_method=hash_method)


def set_courier_active(session: DbSession, courier: User, active: bool) -> User:
    """Close or reopen a courier's account; either way its sessions end."""
    return admin_services.set_account_active(session, courier, active)
