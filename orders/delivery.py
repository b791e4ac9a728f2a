"""Delivery fees by ojek: base fee plus a per-kilometre fee, within a gallery's radius."""

from __future__ import annotations

import math
from dataclasses import dataclass

from catalog.nearby import distance_km

ROUND_TO = 1000


@dataclass(frozen=True)
class DeliveryTerms:
    """What a gallery charges for ojek delivery, and how far it delivers."""

    lat: float
    lng: float
    base_fee: int
    per_km_fee: int
    max_radius_km: float


def delivery_fee(terms: DeliveryTerms, lat: float, lng: float) -> int | None:
    """Fee in rupiah, rounded up to Rp 1.000; None when the address is beyond the radius."""
    km = distance_km(terms.lat, terms.lng, lat, lng)
    if km > terms.max_radius_km:
        return None
    raw = terms.base_fee + terms.per_km_fee * km
    return math.ceil(raw / ROUND_TO) * ROUND_TO
