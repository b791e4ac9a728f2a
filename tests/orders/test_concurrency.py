"""Many buyers at once, each on its own connection: no product is ever sold twice.

These run against a fresh database (SQLite file, or a throwaway PostgreSQL database when
TEST_DATABASE_URL is set) with real commits, since the racers must see each other's work.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from catalog.db import begin_write
from catalog.models import (
    MovementKind,
    Product,
    StockMovement,
)
from catalog.stock import change_stock
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.exceptions import OutOfStock
from orders.lifecycle import cancel_order, confirm_order
from orders.models import DeliveryMethod, Order, OrderStatus, PaymentMethod
from tests import factories
from tests.orders import helpers

BUYERS = 50
STOCK = 5


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with helpers.migrated_engine(tmp_path_factory, "race") as engine:
        yield engine


def new_product(engine: Engine, stock: int) -> tuple[int, int]:
    """A product with ``stock`` items (entered through the ledger), committed for real."""
    with Session(engine) as s:
        product = factories.product(
            s, name="Gula Aren Rebutan", unit="pcs", stock=0, with_image=False
        )
        gallery = product.gallery
        s.flush()
        change_stock(s, product, stock, MovementKind.RESTOCK, reason="stok awal")
        s.commit()
        return product.id, gallery.id


def buy(
    engine: Engine,
    product_id: int,
    gallery_id: int,
    start: threading.Barrier,
    payment: PaymentMethod = PaymentMethod.COD,
) -> str:
    start.wait()
    with Session(engine, expire_on_commit=False) as s:
        begin_write(s)
        try:
            order = place_order(
                s,
                CheckoutRequest(
                    customer=Customer(name="Pembeli", phone="081234567890"),
                    lines=[LineRequest(product_id, 1)],
                    choices={gallery_id: GalleryChoice(DeliveryMethod.PICKUP)},
                    payment_method=payment,
                ),
                card_payments_enabled=True,
            )
        except OutOfStock:
            s.rollback()
            return "out_of_stock"
        s.commit()
        return order.code


def test_fifty_buyers_five_in_stock(engine):
    product_id, gallery_id = new_product(engine, STOCK)
    start = threading.Barrier(BUYERS)
    with ThreadPoolExecutor(BUYERS) as pool:
        results = list(
            pool.map(lambda _: buy(engine, product_id, gallery_id, start), range(BUYERS))
        )
    outcomes = Counter("sold" if r.startswith("GR-") else r for r in results)
    assert outcomes == {"sold": STOCK, "out_of_stock": BUYERS - STOCK}
    with Session(engine) as s:
        assert s.get(Product, product_id).stock == 0
        ledger = s.scalars(select(StockMovement).where(StockMovement.product_id == product_id))
        moves = Counter((m.kind, m.quantity) for m in ledger)
        assert moves == {(MovementKind.RESTOCK, STOCK): 1, (MovementKind.SALE, -1): STOCK}
        orders = s.scalar(select(func.count()).where(Order.code.in_(results)))
        assert orders == STOCK


def race(engine: Engine, order_code: str) -> tuple[bool, bool]:
    """A payment confirmation and an expiry hit the same order at the same moment."""
    start = threading.Barrier(2)

    def confirm() -> bool:
        start.wait()
        with Session(engine) as s:
            begin_write(s)
            won = confirm_order(s, s.scalar(select(Order).where(Order.code == order_code)))
            s.commit()
            return won

    def expire() -> bool:
        start.wait()
        with Session(engine) as s:
            begin_write(s)
            order = s.scalar(select(Order).where(Order.code == order_code))
            won = cancel_order(s, order, reason="expired", actor="sweeper", only_unpaid=True)
            s.commit()
            return won

    with ThreadPoolExecutor(2) as pool:
        confirmed, cancelled = pool.submit(confirm), pool.submit(expire)
        return confirmed.result(), cancelled.result()


def test_expiry_racing_a_late_payment_ends_in_one_consistent_state(engine):
    product_id, gallery_id = new_product(engine, 10)
    confirmed_rounds = 0
    for _round in range(10):
        code = buy(engine, product_id, gallery_id, threading.Barrier(1), PaymentMethod.CARD)
        confirmed, cancelled = race(engine, code)
        assert confirmed != cancelled, "exactly one of them must win"
        with Session(engine) as s:
            order = s.scalar(select(Order).where(Order.code == code))
            releases = s.scalar(
                select(func.count()).where(
                    StockMovement.kind == MovementKind.RELEASE,
                    StockMovement.reason.like(f"{code}%"),
                )
            )
            if confirmed:
                confirmed_rounds += 1
                assert order.status is OrderStatus.CONFIRMED and releases == 0
            else:
                assert order.status is OrderStatus.CANCELLED and releases == 1
    with Session(engine) as s:
        assert s.get(Product, product_id).stock == 10 - confirmed_rounds
