"""Twenty writers at once on SQLite, through a real server: they queue, none gets a 500.

SQLite lets one connection write at a time. A request that read first and writes later used
to fail with "database is locked" when another writer got in between (the data stayed right,
the shopper saw an error page). A real gunicorn server with several workers and threads
serves 20 simultaneous posts of each write path: log-ins (they write ``last_login_at``), cart
adds of signed-in shoppers, cancellations of 20 orders, and 20 restocks of one product
through the manager's form. Every answer is a redirect, and the rows say each write happened
exactly once. PostgreSQL has no such lock (its own races are in tests/orders/).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from accounts.models import Role, User
from catalog.db import make_engine
from catalog.models import MovementKind, Product, StockMovement
from catalog.stock import change_stock
from orders.models import CartItem, DeliveryMethod, Order, OrderEvent, OrderStatus
from tests import factories
from tests.databases import is_postgres
from tests.live import LiveServer, live_server
from tests.orders.helpers import place

pytestmark = [
    pytest.mark.skipif(is_postgres(), reason="SQLite's database-wide write lock only"),
    pytest.mark.xdist_group("sqlite-writers"),  # one server, started once
]

RACERS = 20
PASSWORD = "rahasia-123"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Site:
    live: LiveServer
    engine: Engine

    def client(self, cookies: requests.cookies.RequestsCookieJar | None = None) -> Client:
        return Client(self.live.url, cookies)


class Client:
    """One browser: its own cookies; reads the CSRF token of the page it opens."""

    def __init__(self, base: str, cookies: requests.cookies.RequestsCookieJar | None) -> None:
        self.base = base
        self.http = requests.Session()
        if cookies is not None:
            self.http.cookies.update(cookies)

    def open(self, path: str) -> str:
        """GET ``path`` and return the form's CSRF token."""
        page = self.http.get(self.base + path, timeout=30)
        assert page.status_code == 200, (path, page.status_code)
        match = CSRF.search(page.text)
        assert match, f"no form on {path}"
        return match.group(1)

    def post(self, path: str, data: dict[str, str]) -> int:
        answer = self.http.post(self.base + path, data=data, allow_redirects=False, timeout=60)
        return answer.status_code

    def log_in(self, email: str) -> None:
        token = self.open("/akun/masuk")
        assert (
            self.post("/akun/masuk", {"csrf_token": token, "email": email, "password": PASSWORD})
            == 302
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp: Path = tmp_path_factory.mktemp("sqlite-writers")
    url = f"sqlite:///{tmp / 'gerai.sqlite3'}"
    with live_server(url, tmp, workers=2, threads=10, seed=False) as live:
        engine = make_engine(url)
        yield Site(live, engine)
        engine.dispose()


def race(prepare: Callable[[int], Callable[[], int]]) -> list[int]:
    """Run ``prepare(i)`` for each racer (opening its page), then all their posts at once;
    return the posts' status codes."""
    start = threading.Barrier(RACERS)

    def racer(i: int) -> int:
        post = prepare(i)
        start.wait(timeout=60)
        return post()

    with ThreadPoolExecutor(RACERS) as pool:
        return list(pool.map(racer, range(RACERS)))


def server_errors(statuses: list[int]) -> list[int]:
    return [status for status in statuses if status >= 500]


def shoppers(site: Site) -> list[int]:
    with Session(site.engine) as s:
        users = [factories.user(s, password=PASSWORD) for _ in range(RACERS)]
        s.commit()
        return [u.id for u in users]


def email_of(site: Site, user_id: int) -> str:
    with Session(site.engine) as s:
        user = s.get(User, user_id)
        assert user is not None
        return user.email


def test_log_ins_at_once_all_succeed_and_are_recorded(site: Site) -> None:
    ids = shoppers(site)
    emails = [email_of(site, i) for i in ids]

    def prepare(i: int) -> Callable[[], int]:
        client = site.client()
        token = client.open("/akun/masuk")
        form = {"csrf_token": token, "email": emails[i], "password": PASSWORD}
        return lambda: client.post("/akun/masuk", form)

    statuses = race(prepare)

    assert server_errors(statuses) == []
    assert statuses == [302] * RACERS
    with Session(site.engine) as s:
        logged = s.scalars(select(User.last_login_at).where(User.id.in_(ids))).all()
    assert len(logged) == RACERS and all(at is not None for at in logged)


def test_cart_adds_at_once_all_land_in_the_accounts(site: Site) -> None:
    with Session(site.engine) as s:
        product = factories.product(s, stock=RACERS * 2, with_image=False)
        s.commit()
        product_id, slug = product.id, product.slug
    ids = shoppers(site)
    clients = []
    for user_id in ids:
        client = site.client()
        client.log_in(email_of(site, user_id))
        clients.append(client)

    def prepare(i: int) -> Callable[[], int]:
        token = clients[i].open(f"/produk/{slug}")
        form = {"csrf_token": token, "product_id": str(product_id), "quantity": "1"}
        return lambda: clients[i].post("/keranjang/tambah", form)

    statuses = race(prepare)

    assert server_errors(statuses) == []
    assert statuses == [302] * RACERS
    with Session(site.engine) as s:
        rows = s.execute(
            select(CartItem.user_id, CartItem.product_id, CartItem.quantity).where(
                CartItem.user_id.in_(ids)
            )
        ).all()
    assert sorted(rows) == sorted((user_id, product_id, 1) for user_id in ids)


def test_cancellations_at_once_each_order_is_cancelled_once(site: Site) -> None:
    with Session(site.engine) as s:
        product = factories.product(s, stock=0, with_image=False)
        s.flush()
        change_stock(s, product, RACERS * 2, MovementKind.RESTOCK, reason="stok awal")
        orders = [place(s, product, DeliveryMethod.PICKUP) for _ in range(RACERS)]
        s.commit()
        product_id = product.id
        links = [(o.id, o.code, o.access_token) for o in orders]

    def prepare(i: int) -> Callable[[], int]:
        _id, code, token = links[i]
        client = site.client()
        csrf = client.open(f"/pesanan/{code}?token={token}")
        form = {"csrf_token": csrf, "token": token, "reason": "Salah pesan"}
        return lambda: client.post(f"/pesanan/{code}/batal", form)

    statuses = race(prepare)

    assert server_errors(statuses) == []
    assert statuses == [302] * RACERS
    order_ids = [order_id for order_id, _code, _token in links]
    with Session(site.engine) as s:
        states = s.scalars(select(Order.status).where(Order.id.in_(order_ids))).all()
        cancelled_events = s.scalar(
            select(func.count())
            .select_from(OrderEvent)
            .where(OrderEvent.order_id.in_(order_ids), OrderEvent.status == OrderStatus.CANCELLED)
        )
        stock = s.get_one(Product, product_id).stock
        released = ledger(s, product_id, MovementKind.RELEASE)
        total = s.scalar(
            select(func.sum(StockMovement.quantity)).where(StockMovement.product_id == product_id)
        )
    assert states == [OrderStatus.CANCELLED] * RACERS
    assert cancelled_events == RACERS
    assert released == [1] * RACERS  # each order's one item back, once
    assert stock == total == RACERS * 2


def test_restocks_at_once_all_enter_the_ledger(site: Site) -> None:
    with Session(site.engine) as s:
        product = factories.product(s, stock=0, with_image=False)
        manager = factories.user(
            s,
            password=PASSWORD,
            role=Role.MANAGER,
            cooperative=product.gallery.cooperative,
        )
        s.commit()
        product_id, email = product.id, manager.email
    signed_in = site.client()
    signed_in.log_in(email)

    def prepare(i: int) -> Callable[[], int]:
        client = site.client(signed_in.http.cookies)
        token = client.open(f"/kelola/produk/{product_id}")
        form = {"csrf_token": token, "quantity": str(i + 1), "reason": f"setoran {i + 1}"}
        return lambda: client.post(f"/kelola/produk/{product_id}/stok/tambah", form)

    statuses = race(prepare)

    assert server_errors(statuses) == []
    assert statuses == [302] * RACERS
    expected = sum(range(1, RACERS + 1))
    with Session(site.engine) as s:
        stock = s.get_one(Product, product_id).stock
        restocks = ledger(s, product_id, MovementKind.RESTOCK)
        levels = s.scalars(
            select(StockMovement.stock_after)
            .where(StockMovement.product_id == product_id)
            .order_by(StockMovement.id)
        ).all()
    assert sorted(restocks) == list(range(1, RACERS + 1))
    assert stock == expected
    # one after another: each entry starts from the level the one before it left
    assert levels == [sum(restocks[: n + 1]) for n in range(RACERS)]


def ledger(session: Session, product_id: int, kind: MovementKind) -> list[int]:
    """The quantities of ``product_id``'s ledger entries of this kind, oldest first."""
    return list(
        session.scalars(
            select(StockMovement.quantity)
            .where(StockMovement.product_id == product_id, StockMovement.kind == kind)
            .order_by(StockMovement.id)
        )
    )
