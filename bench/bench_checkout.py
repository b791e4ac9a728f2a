"""Checkout benchmark for Gerai (issue 4): orders per second through ``POST /api/v1/orders``.

A script, never part of the test suite. For each database it seeds a throwaway copy through the
real CLI (``flask seed-demo``, no generated products), raises the stock of every active product
to 1,000,000 with one SQL UPDATE (so the run measures checkout, not sell-outs), serves Gerai and
the bare Flask baseline under gunicorn with the same workers (helpers of ``bench_pages.py``),
then sends a fixed number of cash-on-delivery pickup orders of 1-3 random lines from client
threads, each with its own keep-alive ``http.client`` connection. Afterwards it checks through
SQL that the database holds exactly the orders and SALE stock movements the clients were told
about (201 answers), and prints Markdown tables.

    .venv/bin/python bench/bench_checkout.py [--postgres URL | --both]   # default: SQLite only
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import common
from bench_pages import (
    HOST,
    Run,
    Server,
    fetch_json,
    load,
    print_machine,
    report_problems,
    start_server,
)
from sqlalchemy import Engine, create_engine, text

ORDERS_PATH = "/api/v1/orders"
PHONE = "0812-3456-7890"
STOCK_LEVEL = 1_000_000  # catalog.stock.MAX_STOCK: the most a product may hold
PHOTO_SIZE = "256"  # demo photos play no part in checkout: draw them small
SHOWN_ERRORS = 3


# --- options -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = common.argument_parser(__doc__)
    parser.add_argument("--orders", type=int, default=1000, help="measured orders per database")
    parser.add_argument("--warmup", type=int, default=50, help="unmeasured orders first")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--products", type=int, default=300, help="products to pick orders from")
    parser.add_argument("--seed", type=int, default=4, help="random seed of the order mix")
    args = parser.parse_args(argv)
    if args.orders < 1 or args.warmup < 1 or args.concurrency < 1:
        parser.error("--orders, --warmup and --concurrency must be at least 1")
    return args


def machine_args(args: argparse.Namespace) -> argparse.Namespace:
    """What ``bench_pages.print_machine`` describes: here one URL, ``--orders`` requests."""
    return argparse.Namespace(
        workers=args.workers,
        concurrency=args.concurrency,
        requests=args.orders,
        warmup=args.warmup,
        scale=0,
    )


# --- database ------------------------------------------------------------------------------


def direct_engine(database_url: str) -> Engine:
    """A plain SQLAlchemy engine on the benchmark database, outside the app."""
    if database_url.startswith("sqlite"):
        return create_engine(database_url, connect_args={"timeout": 30})
    return create_engine(common.psycopg_url(database_url))


def seed(tmp: Path, database_url: str) -> None:
    """``flask seed-demo`` (scale 0, small photos) through the real CLI; output not shown."""
    common.seed_demo(tmp, database_url, [], PHOTO_SIZE)


def raise_stock(database_url: str) -> int:
    """Every active product to STOCK_LEVEL in one UPDATE, bypassing the ledger; returns rows."""
    engine = direct_engine(database_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(
                text("UPDATE product SET stock = :level WHERE status = 'active'"),
                {"level": STOCK_LEVEL},
            )
            return result.rowcount
    finally:
        engine.dispose()


# --- the order mix -------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    product_id: int
    gallery_id: int


def catalog(gerai: Server, wanted: int) -> list[Item]:
    """Products a shopper can see, with their gallery ids, read through the API as a client."""
    galleries = fetch_json(gerai.port, "/api/v1/galleries")["items"]
    gallery_ids = {gallery["slug"]: gallery["id"] for gallery in galleries}
    items: list[Item] = []
    page = 1
    while len(items) < wanted:
        found = fetch_json(gerai.port, f"/api/v1/products?per_page=100&page={page}")
        for product in found["items"]:
            slug = product["gallery"]["slug"]
            if product["in_stock"] and slug in gallery_ids:
                items.append(Item(product["id"], gallery_ids[slug]))
        if page >= found["pages"]:
            break
        page += 1
    if not items:
        raise RuntimeError("the API lists no product in stock")
    return items[:wanted]


def order_bodies(items: list[Item], count: int, seed: int) -> list[dict]:
    """``count`` COD pickup orders of 1-3 distinct products, 1-3 of each; deterministic."""
    rng = random.Random(seed)
    bodies = []
    for number in range(count):
        chosen = rng.sample(items, k=min(len(items), rng.randint(1, 3)))
        galleries = sorted({item.gallery_id for item in chosen})
        bodies.append(
            {
                "customer": {"name": f"Pembeli Bench {number + 1}", "phone": PHONE},
                "lines": [
                    {"product_id": item.product_id, "quantity": rng.randint(1, 3)}
                    for item in chosen
                ],
                "deliveries": [{"gallery_id": g, "method": "pickup"} for g in galleries],
                "payment_method": "cod",
            }
        )
    return bodies


def quantities(body: dict) -> Counter[int]:
    return Counter({line["product_id"]: line["quantity"] for line in body["lines"]})


# --- load ----------------------------------------------------------------------------------


@dataclass
class OrderRun(Run):
    """What a batch of orders gave: Run's latencies and statuses, and what was sold."""

    sold: Counter[int] = field(default_factory=Counter)  # product id -> items in 201 answers
    error_bodies: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def placed(self) -> int:
        return self.statuses[201]

    @property
    def errors(self) -> int:
        return self.requests - self.placed


def post(conn: http.client.HTTPConnection, payload: bytes) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    conn.request("POST", ORDERS_PATH, body=payload, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def order_client(
    port: int, payloads: list[tuple[bytes, Counter[int]]], tickets: Iterator[int], run: OrderRun
) -> None:
    """One client thread: a keep-alive connection, the next order body until none are left.

    As in bench_pages, gunicorn's sync workers close the connection after each answer and
    http.client reconnects by itself, so the connect is part of every measured order.
    """
    conn = http.client.HTTPConnection(HOST, port, timeout=common.REQUEST_TIMEOUT_S)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    sold: Counter[int] = Counter()
    bad: list[str] = []
    try:
        while (ticket := next(tickets)) < len(payloads):
            payload, items = payloads[ticket]
            started = time.perf_counter()
            try:
                status, body = post(conn, payload)
            except (OSError, http.client.HTTPException) as error:
                status, body = 0, repr(error).encode()  # no answer: an error
                conn.close()
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] += 1
            if status == 201:
                sold.update(items)
            elif len(bad) < SHOWN_ERRORS:
                bad.append(f"{status}: {body[:400].decode(errors='replace')}")
    finally:
        conn.close()
        with run.lock:
            run.latencies_ms.extend(latencies)
            run.statuses.update(statuses)
            run.sold.update(sold)
            run.error_bodies.extend(bad)


def load_orders(port: int, bodies: list[dict], concurrency: int) -> OrderRun:
    """Send every body once from ``concurrency`` threads; wall time included."""
    payloads = [(json.dumps(body).encode(), quantities(body)) for body in bodies]
    run = OrderRun()
    run.wall_s = common.run_threads(
        order_client,
        (port, payloads, common.Tickets(), run),
        concurrency,
        len(payloads) * common.REQUEST_TIMEOUT_S,
    )
    return run


def check_checkout(gerai: Server, body: dict) -> OrderRun:
    """One order alone before any load: a 500 here (say, a module not wired yet) stops the run."""
    run = load_orders(gerai.port, [body], 1)
    if run.placed != 1:
        problems = "\n".join(gerai.problems()[-10:])
        raise RuntimeError(
            f"POST {ORDERS_PATH} did not place an order before the load started: "
            f"{run.error_bodies}\n{problems}"
        )
    return run


# --- consistency ---------------------------------------------------------------------------


def verify(database_url: str, placed: int, sold: Counter[int]) -> list[str]:
    """Compare the database with what the clients were told; returns the mismatches."""
    engine = direct_engine(database_url)
    try:
        with engine.connect() as conn:
            orders = conn.scalar(text("SELECT count(*) FROM shop_order"))
            lines = dict(
                conn.execute(
                    text("SELECT product_id, sum(quantity) FROM order_line GROUP BY product_id")
                ).all()
            )
            sales = dict(
                conn.execute(
                    text(
                        "SELECT product_id, -sum(quantity) FROM stock_movement "
                        "WHERE kind = 'sale' GROUP BY product_id"
                    )
                ).all()
            )
            drops = dict(
                conn.execute(
                    text(
                        "SELECT id, :level - stock FROM product "
                        "WHERE status = 'active' AND stock <> :level"
                    ),
                    {"level": STOCK_LEVEL},
                ).all()
            )
    finally:
        engine.dispose()
    expected = {product: qty for product, qty in sold.items() if qty}
    mismatches = []
    if orders != placed:
        mismatches.append(f"{orders} orders in the database, {placed} answered 201")
    for name, found in (
        ("order lines", lines),
        ("SALE movements", sales),
        ("stock taken", drops),
    ):
        found = {int(product): int(qty) for product, qty in found.items()}
        if found != expected:
            differ = sorted(
                set(found) ^ set(expected)
                | {p for p in set(found) & set(expected) if found[p] != expected[p]}
            )
            mismatches.append(
                f"{name}: {sum(found.values())} items in the database, "
                f"{sum(expected.values())} in 201 answers; {len(differ)} products differ"
            )
    return mismatches


# --- the benchmark -------------------------------------------------------------------------


def row(label: str, request: str, run: Run, errors: int, unit: str) -> str:
    return (
        f"| {label} | `{request}` | {run.requests:,} | {errors} "
        f"| {run.percentile(0.5):.1f} | {run.percentile(0.95):.1f} "
        f"| {(run.requests - errors) / run.wall_s:.0f} {unit} |"
    )


def bench_database(title: str, database_url: str, tmp: Path, args: argparse.Namespace) -> None:
    """Seed, serve, load, verify and print one table; servers are stopped whatever happens."""
    print(f"### {title}\n")
    seed(tmp, database_url)
    raised = raise_stock(database_url)
    print(
        f"Stock raised: {raised} active products set to {STOCK_LEVEL:,} with one SQL UPDATE "
        "(no ledger movement), so no order runs out of stock."
    )
    if database_url.startswith("postgres"):
        common.analyze_postgres(database_url)
    servers: list[Server] = []
    try:
        # one client IP places 1,000 orders: lift the per-IP order limit for the measurement
        env = common.app_env(tmp, database_url, "production") | {"RATELIMIT_ENABLED": "0"}
        gerai = start_server("gerai", "storefront:create_app()", env, args.workers, tmp)
        servers.append(gerai)
        bare = start_server("bare", "bare_app:app", env, args.workers, tmp)
        servers.append(bare)
        items = catalog(gerai, args.products)
        bodies = order_bodies(items, args.warmup + args.orders, args.seed)
        warm, measured = bodies[: args.warmup], bodies[args.warmup :]
        lines = sum(len(body["lines"]) for body in measured)
        pieces = sum(sum(quantities(body).values()) for body in measured)
        shipments = sum(len(body["deliveries"]) for body in measured)
        galleries = len({item.gallery_id for item in items})
        count = len(measured)
        print(
            f"Orders drawn from {len(items)} products in {galleries} galleries "
            f"(seed {args.seed}); per measured order on average {lines / count:.2f} lines, "
            f"{pieces / count:.2f} items, {shipments / count:.2f} galleries (pickup, COD, "
            "no email).\n"
        )

        load(bare.port, "/", args.warmup, args.concurrency)
        bare_run = load(bare.port, "/", args.orders, args.concurrency)

        first = check_checkout(gerai, warm[0])
        warm_run = load_orders(gerai.port, warm[1:], args.concurrency)
        run = load_orders(gerai.port, measured, args.concurrency)
    finally:
        for server in servers:
            server.stop()
        report_problems(servers)

    print("| what | request | requests | errors | median ms | p95 ms | throughput |")
    print("|---|---|--:|--:|--:|--:|--:|")
    print(row("bare Flask", "GET /", bare_run, bare_run.errors, "req/s"))
    print(row("checkout, COD + pickup", f"POST {ORDERS_PATH}", run, run.errors, "orders/s"))
    print()
    if bare_run.errors:
        print(f"!! bare endpoint statuses: {dict(bare_run.statuses)} (0 = no answer)")
    for name, batch in (("warm-up", warm_run), ("measured", run)):
        if batch.errors:
            print(f"!! {name} orders: statuses {dict(batch.statuses)} (0 = no answer); first:")
            print("\n".join(f"   {body}" for body in batch.error_bodies))

    placed = first.placed + warm_run.placed + run.placed
    sold = first.sold + warm_run.sold + run.sold
    mismatches = verify(database_url, placed, sold)
    print(
        f"Placed {placed} orders ({first.placed + warm_run.placed} in the warm-up, "
        f"{run.placed} measured) taking {sum(sold.values()):,} items of {len(sold)} products."
    )
    print(f"consistent: {'no' if mismatches else 'yes'}")
    for mismatch in mismatches:
        print(f"   !! {mismatch}")
    print()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return common.run_databases(
        args,
        bench_database,
        "gerai-bench-checkout-",
        lambda pg_server: print_machine(machine_args(args), pg_server),
    )


if __name__ == "__main__":
    raise SystemExit(main())
