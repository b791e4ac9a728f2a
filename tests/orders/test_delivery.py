"""Delivery fee: base + per km, rounded up to Rp 1.000, pickup only beyond the radius."""

from __future__ import annotations

import pytest

from orders.delivery import DeliveryTerms, delivery_fee, distance_km

# Galeri in Setu and a point about 1 km north of it
SETU = DeliveryTerms(lat=-6.3500, lng=106.6700, base_fee=8000, per_km_fee=2500, max_radius_km=8)


def test_distance_of_one_hundredth_degree_latitude_is_about_1_1_km():
    assert distance_km(-6.35, 106.67, -6.34, 106.67) == pytest.approx(1.112, abs=0.01)


def test_fee_is_base_plus_per_km_rounded_up_to_a_thousand():
    assert delivery_fee(SETU, -6.34, 106.67) == 11_000  # 8000 + 2500 * 1.11 = 10 780
    assert delivery_fee(SETU, -6.35, 106.67) == 8_000


def test_beyond_the_radius_there_is_no_delivery():
    assert delivery_fee(SETU, -6.20, 106.67) is None  # about 16.7 km
