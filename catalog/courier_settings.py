"""A gallery's courier settings: its dispatcher's endpoint, the signing secret, delivery fees.

Managers of the gallery's cooperative and the city office change them. The secret signs the
delivery requests Gerai sends and verifies the events the dispatcher sends back; it is kept as
given to the dispatcher (Gerai must sign with it), and shown once, right after it is made.
Writes flush, never commit.
"""

from __future__ import annotations

import base64
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from catalog import cooperatives
from catalog.db import DbSession, utcnow
from catalog.exceptions import InvalidInput
from catalog.i18n import N_
from catalog.models import Gallery

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks format prefix, not a secret
SECRET_BYTES = 32
MAX_URL_LENGTH = 500
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})  # plain http only here, for testing


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


def _bad_url() -> InvalidInput:
    return InvalidInput(
        "endpoint_url",
        N_(
            "Give the dispatcher's address starting with https:// "
            "(http:// only for 127.0.0.1 or localhost, when testing)."
        ),
    )


def _internal_address(host: str) -> bool:
    """A literal private or reserved IP: Gerai must not be pointed into its own network."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global and not address.is_loopback


def check_endpoint_url(url: str) -> str | None:
    """The endpoint as it will be stored (None when emptied), or InvalidInput."""
    url = url.strip()
    if not url:
        return None
    if len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        raise _bad_url()
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname or "", parts.port
    except ValueError as error:  # a port out of range or not a number
        raise _bad_url() from error
    if parts.username is not None or parts.password is not None or parts.fragment or not host:
        raise _bad_url()
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        return url
    if parts.scheme != "https" or _internal_address(host):
        raise _bad_url()
    return url


def set_courier_endpoint(session: DbSession, gallery: Gallery, url: str) -> Gallery:
    """Point the gallery at its dispatcher; an empty URL means Gerai's own courier page."""
    gallery.courier_endpoint_url = check_endpoint_url(url)
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
