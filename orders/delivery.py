"""Delivery fees by ojek: base fee plus a per-kilometre fee, within a gallery's radius."""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
ROUND_TO = 1000


@dataclass(frozen=True)
class DeliveryTerms:
    """What a gallery charges for ojek delivery, and how far it delivers."""

    lat: float
    lng: float
    base_fee: int
    per_km_fee: int
    max_radius_km: float


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance; good enough for a kecamatan-sized trip."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def delivery_fee(terms: DeliveryTerms, lat: float, lng: float) -> int | None:
    """Fee in rupiah, rounded up to Rp 1.000; None when the address is beyond the radius."""
    km = distance_km(terms.lat, terms.lng, lat, lng)
    if km > terms.max_radius_km:
        return None
    raw = terms.base_fee + terms.per_km_fee * km
    return math.ceil(raw / ROUND_TO) * ROUND_TO
