"""A gallery's courier settings: its dispatcher's endpoint, the signing secret, delivery fees.

Managers of the gallery's cooperative and the city office change them. The secret signs the
delivery requests Gerai sends and verifies the events the dispatcher sends back; it is kept as
given to the dispatcher (Gerai must sign with it), and shown once, right after it is made.
Writes flush, never commit.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from catalog import cooperatives, outbound
from catalog.db import DbSession, utcnow
from catalog.exceptions import InvalidInput
from catalog.models import Gallery

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks format prefix, not a secret
SECRET_BYTES = 32


@dataclass
class DeliveryFees:
    """The delivery fee formula's inputs: base fee + fee per km × distance, within a radius."""

    base_fee: int
    per_km_fee: int
    max_radius_km: float


def new_secret() -> str:
    """A fresh Standard Webhooks signing secret: ``whsec_`` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def rotate_courier_secret(session: DbSession, gallery: Gallery, now: datetime | None = None) -> str:
    """Give the gallery a new signing secret and return it (the only time it is shown)."""
    gallery.courier_secret = new_secret()
    gallery.courier_secret_rotated_at = now or utcnow()
    session.flush()
    return gallery.courier_secret


def check_endpoint_url(
    url: str, *, allow_private: bool, ports: Collection[int] = outbound.HTTPS_PORTS
) -> str | None:
    """The endpoint as it will be stored (None when emptied), or InvalidInput saying why.

    The rules are :func:`catalog.outbound.check_url`'s: in production https, an allowed port
    and a host that resolves only to public addresses.
    """
    url = url.strip()
    if not url:
        return None
    try:
        return outbound.check_url(url, allow_private=allow_private, ports=ports)
    except outbound.BlockedURL as error:
        if error.message == outbound.BAD_PORT:
            raise InvalidInput(
                "courier_endpoint_url", error.message, ports=outbound.port_list(ports)
            ) from error
        raise InvalidInput("courier_endpoint_url", error.message) from error


def set_courier_endpoint(
    session: DbSession,
    gallery: Gallery,
    url: str,
    *,
    allow_private: bool,
    ports: Collection[int] = outbound.HTTPS_PORTS,
) -> Gallery:
    """Point the gallery at its dispatcher; an empty URL means Gerai's own courier page.

    ``allow_private`` and ``ports`` are the ``OUTBOUND_*`` settings, passed in by the caller.
    """
    gallery.courier_endpoint_url = check_endpoint_url(url, allow_private=allow_private, ports=ports)
    session.flush()
    return gallery


def set_delivery_fees(session: DbSession, gallery: Gallery, fees: DeliveryFees) -> Gallery:
    """Change the delivery fee formula, within the limits the city office's form enforces."""
    cooperatives._check_delivery(fees)  # same rules, same messages
    gallery.base_fee = fees.base_fee
    gallery.per_km_fee = fees.per_km_fee
    gallery.max_radius_km = fees.max_radius_km
    session.flush()
    return gallery
