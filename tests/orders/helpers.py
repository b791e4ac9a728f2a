"""What the order tests share: placing an order the checkout's way, and a migrated database
with real commits for the tests that race on separate connections."""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from catalog.db import make_engine
from catalog.models import Product
from catalog.outbound import HTTPS_PORTS
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.dispatch import DEFAULT_TIMEOUT_S, record, transmit
from orders.models import DeliveryAttempt, DeliveryMethod, Order, PaymentMethod
from storefront import migrate
from tests.databases import fresh_database


def place(  # type: ignore[no-untyped-def]
    session,
    product: Product,
    method: DeliveryMethod = DeliveryMethod.DELIVERY,
    payment: PaymentMethod = PaymentMethod.COD,
    quantity: int = 1,
    note: str = "",
) -> Order:
    """``quantity`` of ``product`` for Rina, who stands at the gallery, through place_order."""
    gallery = product.gallery
    return place_order(
        session,
        CheckoutRequest(
            customer=Customer(
                name="Rina",
                phone="081234567890",
                address="Jl. Melati 3, Setu",
                lat=gallery.lat,
                lng=gallery.lng,
            ),
            lines=[LineRequest(product.id, quantity)],
            choices={gallery.id: GalleryChoice(method, note)},
            payment_method=payment,
        ),
        card_payments_enabled=True,  # as with Stripe set up
    )


@contextlib.contextmanager
def migrated_engine(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Engine]:
    """An engine on a fresh, migrated database (SQLite file or throwaway PostgreSQL)."""
    with fresh_database(tmp_path_factory.mktemp(name)) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


def send_one(
    session: Any,
    message: Any,
    http: Any,
    now: datetime,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    allow_private: bool = False,
    ports: Collection[int] = HTTPS_PORTS,
) -> DeliveryAttempt:
    """Send a claimed courier message and record the attempt, as the worker does (without its
    SQLite lock step, which the tests' shared transaction makes unnecessary)."""
    outcome, final = transmit(
        message, http, timeout=timeout, allow_private=allow_private, ports=ports
    )
    return record(session, message, outcome, now, final=final)
