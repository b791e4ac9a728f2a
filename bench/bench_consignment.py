"""Consignment money benchmark for Gerai (issue 11): the manager's dashboard, orders desk,
couriers' cash and settlement (bagi hasil) pages for a cooperative with 100,000 order lines.

A script, never part of the test suite. For each database it migrates a throwaway copy
(``storefront.migrate.upgrade``) and bulk-inserts, with SQLAlchemy Core ``insert`` executemany
in batches, one cooperative: 3 galleries, 60 members, 600 products, and about 40,000 orders
(one shipment each, a tenth with two) holding ``--lines`` order lines over the last 12 months,
with their timelines, card payments, couriers' cash handovers and a few hundred refunds of
delivered goods. Every member's older months are then marked paid through the real
``orders.settlement.mark_paid`` (below the minimum payout a month carries over, as in life).
It times the domain functions in-process, then serves Gerai under gunicorn
(``GERAI_ENV=production``, random ``SECRET_KEY``) and the bare Flask baseline
(``bench/bare_app.py``), logs in as the cooperative's manager through the log-in form and
times each console page from one client thread (on localhost ≈ server time; the app sends no
``Server-Timing`` header, which would be used if it did). Prints Markdown tables.

    .venv/bin/python bench/bench_consignment.py [--postgres URL | --both]   # default: SQLite
"""

from __future__ import annotations

import argparse
import http.client
import math
import random
import re
import secrets
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sized
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import common
from bench_pages import HOST, Server, report_problems, start_server
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from accounts.models import Role, User
from catalog import backoffice as catalog_backoffice
from catalog import consignment
from catalog.db import Base, make_engine
from catalog.models import (
    Category,
    Cooperative,
    Gallery,
    Kecamatan,
    Kelurahan,
    LegalType,
    Member,
    MovementKind,
    Product,
    ProductStatus,
    StockMovement,
)
from catalog.queries import Page, paginate
from config import normalise_database_url
from orders import cash, desk, reports
from orders import settlement as s
from orders.cash import normalise_phone
from orders.models import (
    CashHandover,
    CashHandoverItem,
    DeliveryMethod,
    LineRefund,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    PayoutMethod,
    Refund,
    RefundMethod,
    RefundStatus,
    Settlement,
    Shipment,
    ShipmentEvent,
    ShipmentStatus,
)
from storefront import migrate

S = ShipmentStatus
ZONE = ZoneInfo("Asia/Jakarta")  # the app's BABEL_DEFAULT_TIMEZONE
BATCH = 5_000
GALLERIES = 3
MEMBERS = 60
PRODUCTS_PER_MEMBER = 10
CUSTOMERS = 8_000
DRIVERS_PER_GALLERY = 6
REFUNDS = 300
TARGET_MS = 300
COMMISSION = 15
MIN_PAYOUT = 50_000
HASH_METHOD = "scrypt"
IN_PROGRESS = (S.CONFIRMED, S.PACKING, S.READY, S.COURIER_ASSIGNED, S.PICKED_UP)


# --- options and machine -------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = common.argument_parser(__doc__)
    parser.add_argument("--lines", type=int, default=100_000, help="order lines to seed")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per URL")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured requests per URL")
    parser.add_argument("--calls", type=int, default=7, help="measured calls per function")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--seed", type=int, default=11, help="random seed of the data")
    args = parser.parse_args(argv)
    if min(args.lines, args.requests, args.calls) < 1 or args.warmup < 0:
        parser.error("--lines, --requests and --calls must be at least 1")
    return args


def describe(args: argparse.Namespace, pg_server: str | None) -> None:
    notes = [
        f"{args.workers} gunicorn sync workers per server (GERAI_ENV=production); 1 client "
        f"thread; {args.requests} requests per URL after {args.warmup} warm-up requests; "
        f"domain functions in-process: {args.calls} calls after one warm-up",
        f"One cooperative: {GALLERIES} galleries, {MEMBERS} members, "
        f"{MEMBERS * PRODUCTS_PER_MEMBER} products, {args.lines:,} order lines over 12 months "
        f"(random seed {args.seed})",
    ]
    common.print_machine(pg_server, ("gunicorn", "flask", "sqlalchemy"), notes)


# --- the data ------------------------------------------------------------------------------


@dataclass
class Ids:
    """Explicit keys for the bulk inserts (the database is fresh)."""

    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def next(self, table: str) -> int:
        self.counters[table] += 1
        return self.counters[table]


@dataclass
class Rows:
    """Rows to insert, per model, in insertion order (parents first)."""

    tables: dict[type[Base], list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, model: type[Base], row: dict[str, Any]) -> None:
        self.tables[model].append(row)


@dataclass(frozen=True)
class Item:
    product_id: int
    gallery_id: int
    member_id: int
    member_name: str
    name: str
    unit: str
    price: int
    rate: int


@dataclass
class Seeded:
    cooperative_id: int
    manager_email: str
    manager_password: str
    manager_id: int
    member_ids: list[int]
    phone_typed: str  # a repeat customer's phone, as a manager types it
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def place_rows(rows: Rows, ids: Ids) -> tuple[int, int, list[int]]:
    """A kecamatan, a kelurahan and three categories; returns their ids."""
    kecamatan = ids.next("kecamatan")
    rows.add(
        Kecamatan,
        {"id": kecamatan, "slug": "bench", "name": "Bench", "lat": -6.29, "lng": 106.71},
    )
    kelurahan = ids.next("kelurahan")
    rows.add(
        Kelurahan,
        {"id": kelurahan, "kecamatan_id": kecamatan, "name": "Bench", "lat": -6.29, "lng": 106.7},
    )
    categories = []
    for position, (slug, name) in enumerate(
        (("makanan", "Makanan"), ("kerajinan", "Kerajinan"), ("fesyen", "Fesyen"))
    ):
        category = ids.next("category")
        categories.append(category)
        row = {"id": category, "slug": slug, "name": name, "name_en": name, "position": position}
        rows.add(Category, row)
    return kecamatan, kelurahan, categories


def catalog_rows(rows: Rows, ids: Ids, rng: random.Random) -> tuple[int, list[int], list[Item]]:
    """The cooperative, its galleries, members and products (with an initial stock entry)."""
    kecamatan, kelurahan, categories = place_rows(rows, ids)
    coop = ids.next("cooperative")
    rows.add(
        Cooperative,
        {
            "id": coop,
            "slug": "koperasi-bench",
            "name": "Koperasi Bench Sejahtera",
            "legal_type": LegalType.PEMASARAN,
            "kecamatan_id": kecamatan,
            "commission_rate_percent": COMMISSION,
            "min_payout": MIN_PAYOUT,
        },
    )
    galleries = []
    for n in range(GALLERIES):
        gallery = ids.next("gallery")
        galleries.append(gallery)
        rows.add(
            Gallery,
            {
                "id": gallery,
                "slug": f"galeri-bench-{n + 1}",
                "name": f"Galeri Bench {n + 1}",
                "cooperative_id": coop,
                "kecamatan_id": kecamatan,
                "kelurahan_id": kelurahan,
                "lat": -6.29 + n / 100,
                "lng": 106.71,
            },
        )
    items: list[Item] = []
    member_ids = []
    now = datetime.now(UTC)
    for n in range(MEMBERS):
        member = ids.next("member")
        member_ids.append(member)
        rate = rng.choice((None, None, None, 10, 20))
        business = f"UMKM Bench {n + 1:02d}"
        rows.add(
            Member,
            {
                "id": member,
                "cooperative_id": coop,
                "owner_name": f"Pemilik {n + 1:02d}",
                "business_name": business,
                "phone": f"62813{n:08d}",
                "commission_rate_percent": rate,
                "kelurahan_id": kelurahan,
            },
        )
        gallery = galleries[n % GALLERIES]
        for p in range(PRODUCTS_PER_MEMBER):
            product = ids.next("product")
            price = rng.randrange(5_000, 150_000, 500)
            unit = rng.choice(("pcs", "bungkus", "botol", "lembar"))
            name = f"Produk {n + 1:02d}-{p + 1:02d}"
            stock = rng.choice((0, 2, 5, 20, 50, 120))
            status = rng.choices(
                (ProductStatus.ACTIVE, ProductStatus.DRAFT, ProductStatus.ARCHIVED), (90, 5, 5)
            )[0]
            rows.add(
                Product,
                {
                    "id": product,
                    "slug": f"bench-{product}",
                    "gallery_id": gallery,
                    "member_id": member,
                    "category_id": categories[p % len(categories)],
                    "name": name,
                    "price": price,
                    "unit": unit,
                    "stock": stock,
                    "status": status,
                    "created_at": now - timedelta(days=400),
                },
            )
            if stock:
                rows.add(
                    StockMovement,
                    {
                        "id": ids.next("stock_movement"),
                        "product_id": product,
                        "kind": MovementKind.RESTOCK,
                        "quantity": stock,
                        "stock_after": stock,
                        "reason": "bench",
                        "created_at": now - timedelta(days=400),
                    },
                )
            items.append(
                Item(product, gallery, member, business, name, unit, price, rate or COMMISSION)
            )
    return coop, member_ids, items


@dataclass
class ShipmentPlan:
    id: int
    gallery_id: int
    method: DeliveryMethod
    status: ShipmentStatus
    subtotal: int
    fee: int
    cod_amount: int
    cod_collected: int | None
    completed_at: datetime | None
    driver: tuple[str, str] | None


def pick_status(rng: random.Random, age: timedelta, method: DeliveryMethod) -> ShipmentStatus:
    """A shipment's state for its age: recent ones in progress, older ones done or cancelled."""
    done = S.DELIVERED if method is DeliveryMethod.DELIVERY else S.COLLECTED
    choices: tuple[ShipmentStatus, ...]
    weights: tuple[int, ...]
    if age < timedelta(days=1):
        choices, weights = (*IN_PROGRESS, done, S.CANCELLED), (30, 15, 15, 10, 10, 15, 5)
    elif age < timedelta(days=3):
        choices, weights = (S.READY, S.PICKED_UP, done, S.FAILED, S.CANCELLED), (4, 4, 84, 2, 6)
    else:
        choices, weights = (done, S.CANCELLED, S.FAILED), (945, 50, 5)
    status = rng.choices(choices, weights)[0]
    if method is DeliveryMethod.PICKUP and status in (S.COURIER_ASSIGNED, S.PICKED_UP, S.FAILED):
        return S.READY
    return status


def timeline(
    plan: ShipmentPlan, created: datetime, now: datetime
) -> list[tuple[ShipmentStatus, datetime, str]]:
    """The shipment's events up to its state, spread between creation and now (none while it
    waits for its card payment)."""
    if plan.status is S.PENDING:
        return []
    chain = [S.CONFIRMED, S.PACKING, S.READY]
    if plan.method is DeliveryMethod.DELIVERY:
        chain += [S.COURIER_ASSIGNED, S.PICKED_UP]
    if plan.status in (S.CANCELLED, S.FAILED):
        steps = [S.CONFIRMED, plan.status] if plan.status is S.CANCELLED else [*chain, S.FAILED]
    elif plan.status in (S.DELIVERED, S.COLLECTED):
        steps = [*chain, plan.status]
    else:
        steps = chain[: chain.index(plan.status) + 1]
    end = plan.completed_at or min(created + timedelta(hours=6), now)
    gap = (end - created) / max(1, len(steps) - 1)
    return [(step, created + gap * n, "bench") for n, step in enumerate(steps)]


def order_rows(
    rows: Rows, ids: Ids, rng: random.Random, items: list[Item], lines_wanted: int
) -> list[ShipmentPlan]:
    """Orders over the last 365 days (busier lately) until ``lines_wanted`` lines exist, from
    a pool of repeat customers; returns the delivered cash-on-delivery shipments."""
    now = datetime.now(UTC)
    start = now - timedelta(days=365)
    by_gallery: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_gallery[item.gallery_id].append(item)
    galleries = sorted(by_gallery)
    drivers = {
        g: [(f"Driver {g}-{d}", f"0857{g:02d}{d:06d}") for d in range(DRIVERS_PER_GALLERY)]
        for g in galleries
    }
    customers = [(f"Pembeli {c:04d}", f"62812{c:08d}") for c in range(CUSTOMERS)]
    cod_delivered: list[ShipmentPlan] = []
    lines = 0
    while lines < lines_wanted:
        order_id = ids.next("shop_order")
        created = start + (now - start) * rng.random() ** 0.85  # busier lately
        name, phone = customers[int(CUSTOMERS * rng.random() ** 1.5)]  # some come back often
        cod = rng.random() < 0.6
        chosen = rng.sample(galleries, 2 if rng.random() < 0.1 else 1)
        plans: list[ShipmentPlan] = []
        for gallery in chosen:
            plan, added = shipment_rows(
                rows, ids, rng, order_id, gallery, by_gallery[gallery], created, cod, now
            )
            lines += added
            plan.driver = rng.choice(drivers[gallery]) if plan.driver else None
            plans.append(plan)
            add_shipment(rows, ids, order_id, plan, created, now)
        status = order_status([p.status for p in plans])
        pending = status is OrderStatus.PENDING_PAYMENT
        subtotal = sum(p.subtotal for p in plans)
        fees = sum(p.fee for p in plans)
        code = f"GB-{order_id:07d}"
        rows.add(
            Order,
            {
                "id": order_id,
                "code": code,
                "access_token": secrets.token_urlsafe(24),
                "status": status,
                "payment_method": PaymentMethod.COD if cod else PaymentMethod.CARD,
                "customer_name": name,
                "phone": phone,
                "address": "Jl. Bench No. 1",
                "subtotal": subtotal,
                "delivery_total": fees,
                "total": subtotal + fees,
                "expires_at": created + timedelta(hours=1) if pending else None,
                "created_at": created,
                "updated_at": max(p.completed_at or created for p in plans),
            },
        )
        order_events(rows, ids, order_id, status, created, plans)
        if not cod:
            payment_row(rows, ids, order_id, plans, created)
        for plan in plans:
            if cod and plan.status is S.DELIVERED:
                cod_delivered.append(plan)
    return cod_delivered


def shipment_rows(
    rows: Rows,
    ids: Ids,
    rng: random.Random,
    order_id: int,
    gallery: int,
    stock: list[Item],
    created: datetime,
    cod: bool,
    now: datetime,
) -> tuple[ShipmentPlan, int]:
    """One gallery's part of an order with its lines; the shipment row is added by the caller
    (its figures come from the lines)."""
    shipment_id = ids.next("shipment")
    method = DeliveryMethod.DELIVERY if rng.random() < 0.7 else DeliveryMethod.PICKUP
    status = pick_status(rng, now - created, method)
    if cod is False and now - created < timedelta(hours=2) and rng.random() < 0.2:
        status = S.PENDING
    subtotal = 0
    count = rng.choices((1, 2, 3, 4, 5), (30, 30, 20, 12, 8))[0]
    for item in rng.sample(stock, count):
        quantity = rng.choices((1, 2, 3, 5), (70, 20, 7, 3))[0]
        subtotal += item.price * quantity
        rows.add(
            OrderLine,
            {
                "id": ids.next("order_line"),
                "order_id": order_id,
                "shipment_id": shipment_id,
                "product_id": item.product_id,
                "product_name": item.name,
                "unit": item.unit,
                "unit_price": item.price,
                "quantity": quantity,
                "line_total": item.price * quantity,
                "member_id": item.member_id,
                "member_name": item.member_name,
                "commission_rate_percent": item.rate,
            },
        )
    fee = 8_000 + 2_500 * rng.randint(0, 6) if method is DeliveryMethod.DELIVERY else 0
    completed = None
    if status in (S.DELIVERED, S.COLLECTED):
        completed = min(created + timedelta(hours=rng.uniform(2, 40)), now - timedelta(minutes=5))
    cod_amount = subtotal + fee if cod else 0
    collected = None
    if cod and status in (S.DELIVERED, S.COLLECTED):
        short = status is S.DELIVERED and rng.random() < 0.02
        collected = cod_amount - 5_000 if short and cod_amount > 5_000 else cod_amount
    has_driver = method is DeliveryMethod.DELIVERY and status in (
        S.COURIER_ASSIGNED,
        S.PICKED_UP,
        S.DELIVERED,
        S.FAILED,
    )
    plan = ShipmentPlan(
        shipment_id,
        gallery,
        method,
        status,
        subtotal,
        fee,
        cod_amount,
        collected,
        completed,
        ("", "") if has_driver else None,
    )
    return plan, count


def add_shipment(
    rows: Rows, ids: Ids, order_id: int, plan: ShipmentPlan, created: datetime, now: datetime
) -> None:
    driver_name, driver_phone = plan.driver or ("", "")
    events = timeline(plan, created, now)
    rows.add(
        Shipment,
        {
            "id": plan.id,
            "order_id": order_id,
            "gallery_id": plan.gallery_id,
            "status": plan.status,
            "delivery_method": plan.method,
            "delivery_fee": plan.fee,
            "distance_km": (plan.fee - 8_000) / 2_500 if plan.fee else None,
            "subtotal": plan.subtotal,
            "cod_amount": plan.cod_amount,
            "cod_collected": plan.cod_collected,
            "courier_name": driver_name,
            "courier_phone": driver_phone,
            "created_at": created,
            "updated_at": events[-1][1] if events else created,
            "stock_released_at": events[-1][1] if plan.status is S.CANCELLED else None,
            "completed_at": plan.completed_at,
            "cash_handed_over_at": None,  # set by handover_rows
        },
    )
    for status, at, note in events:
        row = {
            "id": ids.next("shipment_event"),
            "shipment_id": plan.id,
            "status": status,
            "note": note,
            "actor": "bench",
            "created_at": at,
        }
        rows.add(ShipmentEvent, row)


def order_status(states: list[ShipmentStatus]) -> OrderStatus:
    if S.PENDING in states:
        return OrderStatus.PENDING_PAYMENT
    if all(state is S.CANCELLED for state in states):
        return OrderStatus.CANCELLED
    if all(state in (S.DELIVERED, S.COLLECTED, S.CANCELLED) for state in states):
        return OrderStatus.COMPLETED
    return OrderStatus.CONFIRMED


def order_events(
    rows: Rows,
    ids: Ids,
    order_id: int,
    status: OrderStatus,
    created: datetime,
    plans: list[ShipmentPlan],
) -> None:
    if status is OrderStatus.PENDING_PAYMENT:
        return
    moves = [(OrderStatus.CONFIRMED, created)]
    if status is not OrderStatus.CONFIRMED:
        moves.append((status, max(p.completed_at or created for p in plans)))
    for move, at in moves:
        row = {
            "id": ids.next("order_event"),
            "order_id": order_id,
            "status": move,
            "note": "",
            "actor": "bench",
            "created_at": at,
        }
        rows.add(OrderEvent, row)


def payment_row(
    rows: Rows, ids: Ids, order_id: int, plans: list[ShipmentPlan], created: datetime
) -> None:
    """A card order's Stripe payment: paid, refunded for what was cancelled (so no cancelled
    shipment shows as "paid after cancel"), or pending."""
    amount = sum(p.subtotal + p.fee for p in plans)
    cancelled = sum(p.subtotal + p.fee for p in plans if p.status is S.CANCELLED)
    payment_id = ids.next("payment")
    if any(p.status is S.PENDING for p in plans):
        status, refunded = PaymentStatus.PENDING, 0
    elif cancelled == amount:
        status, refunded = PaymentStatus.REFUNDED, amount
    elif cancelled:
        status, refunded = PaymentStatus.PARTLY_REFUNDED, cancelled
    else:
        status, refunded = PaymentStatus.PAID, 0
    rows.add(
        Payment,
        {
            "id": payment_id,
            "order_id": order_id,
            "provider": "stripe",
            "session_id": f"cs_bench_{payment_id}",
            "amount": amount,
            "status": status,
            "created_at": created,
            "paid_at": None if status is PaymentStatus.PENDING else created,
            "payment_intent": f"pi_bench_{payment_id}",
            "refunded_amount": refunded,
        },
    )


def handover_rows(
    rows: Rows,
    ids: Ids,
    manager_id: int,
    cod_delivered: list[ShipmentPlan],
) -> int:
    """The couriers' cash handed over each evening, for COD deliveries older than two days
    (the last two days stay with the couriers: the balances page's open cash)."""
    cutoff = datetime.now(UTC) - timedelta(days=2)
    shipments = {row["id"]: row for row in rows.tables[Shipment]}
    groups: dict[tuple[int, str, date], list[ShipmentPlan]] = defaultdict(list)
    for plan in cod_delivered:
        if plan.completed_at and plan.driver and plan.completed_at < cutoff:
            day = plan.completed_at.astimezone(ZONE).date()
            groups[(plan.gallery_id, plan.driver[1], day)].append(plan)
    for (gallery, phone, day), plans in sorted(groups.items()):
        handover = ids.next("cash_handover")
        expected = sum(p.cod_collected or 0 for p in plans)
        latest = max(p.completed_at for p in plans if p.completed_at)
        evening = datetime.combine(day, clock(20), tzinfo=ZONE).astimezone(UTC)
        received = max(evening, latest + timedelta(hours=1))
        driver = plans[0].driver or ("", phone)
        rows.add(
            CashHandover,
            {
                "id": handover,
                "gallery_id": gallery,
                "courier_key": f"g{gallery}-p{normalise_phone(phone)}",
                "courier_name": driver[0],
                "courier_phone": phone,
                "amount": expected,
                "expected": expected,
                "received_by_id": manager_id,
                "received_at": received,
                "note": "",
                "submission": f"bench-handover-{handover}",
            },
        )
        for plan in plans:
            shipments[plan.id]["cash_handed_over_at"] = received
            rows.add(
                CashHandoverItem,
                {
                    "id": ids.next("cash_handover_item"),
                    "handover_id": handover,
                    "shipment_id": plan.id,
                    "reported": plan.cod_collected or 0,
                    "due": plan.cod_amount,
                },
            )
    return len(groups)


def refund_rows(rows: Rows, ids: Ids, rng: random.Random) -> int:
    """Refunds of delivered goods on random lines of shipments done at least five days ago: a
    COD order's paid back in cash, a card order's through a (succeeded) Stripe refund."""
    now = datetime.now(UTC)
    shipments = {r["id"]: r for r in rows.tables[Shipment]}
    orders = {r["id"]: r for r in rows.tables[Order]}
    payments = {r["order_id"]: r for r in rows.tables[Payment]}
    candidates = [
        line
        for line in rows.tables[OrderLine]
        if shipments[line["shipment_id"]]["completed_at"] is not None
        and shipments[line["shipment_id"]]["completed_at"] < now - timedelta(days=5)
    ]
    for line in rng.sample(candidates, min(REFUNDS, len(candidates))):
        quantity = rng.randint(1, line["quantity"])
        amount = line["unit_price"] * quantity
        completed = shipments[line["shipment_id"]]["completed_at"]
        created = min(completed + timedelta(days=rng.uniform(0.5, 12)), now - timedelta(hours=1))
        order = orders[line["order_id"]]
        refund_id = None
        if order["payment_method"] is PaymentMethod.CARD:
            payment = payments[order["id"]]
            if payment["refunded_amount"] + amount > payment["amount"]:
                continue
            payment["refunded_amount"] += amount
            payment["status"] = PaymentStatus.PARTLY_REFUNDED
            refund_id = ids.next("refund")
            rows.add(
                Refund,
                {
                    "id": refund_id,
                    "payment_id": payment["id"],
                    "order_line_id": line["id"],
                    "attempt": 1,
                    "amount": amount,
                    "status": RefundStatus.SUCCEEDED,
                    "idempotency_key": f"refund-line-{line['id']}-1",
                    "stripe_refund_id": f"re_bench_{refund_id}",
                    "reason": "rusak",
                    "actor": "bench",
                    "created_at": created,
                    "updated_at": created,
                },
            )
        row_id = ids.next("line_refund")
        rows.add(
            LineRefund,
            {
                "id": row_id,
                "order_line_id": line["id"],
                "member_id": line["member_id"],
                "quantity": quantity,
                "amount": amount,
                "commission": (amount * line["commission_rate_percent"] + 50) // 100,
                "method": RefundMethod.CARD if refund_id else RefundMethod.CASH,
                "refund_id": refund_id,
                "restocked": rng.random() < 0.5,
                "reason": "rusak",
                "actor": "bench",
                "submission": f"bench-line-refund-{row_id}",
                "created_at": created,
            },
        )
    return len(rows.tables[LineRefund])


def chunks(items: list[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    for first in range(0, len(items), size):
        yield items[first : first + size]


def bulk_insert(engine: Engine, rows: Rows) -> None:
    """Every table in one transaction, parents first: Core ``insert`` executemany, ``BATCH``
    rows at a time."""
    order = {table.name: n for n, table in enumerate(Base.metadata.sorted_tables)}
    with engine.begin() as conn:
        for model in sorted(rows.tables, key=lambda model: order[model.__tablename__]):
            for batch in chunks(rows.tables[model]):
                conn.execute(insert(model), batch)


def reset_sequences(engine: Engine, rows: Rows) -> None:
    """PostgreSQL: the explicit keys leave the id sequences behind; move them past the rows."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        models: list[type[Base]] = [*rows.tables, User]
        for model in models:
            table = Base.metadata.tables[model.__tablename__]
            sequence = func.pg_get_serial_sequence(table.name, "id")
            conn.execute(
                select(func.setval(sequence, select(func.max(table.c.id)).scalar_subquery()))
            )


def add_manager(engine: Engine, coop: int) -> tuple[str, str, int]:
    email, password = "manajer@bench.example", secrets.token_urlsafe(18)
    with Session(engine) as session, session.begin():
        user = User(
            email=email, name="Manajer Bench", role=Role.MANAGER, cooperative_id=coop, phone=""
        )
        user.set_password(password, method=HASH_METHOD)
        session.add(user)
        session.flush()
        return email, password, user.id


def seed(engine: Engine, args: argparse.Namespace) -> Seeded:
    """The cooperative and its year of orders, bulk-inserted; returns what the run needs."""
    started = time.perf_counter()
    rng = random.Random(args.seed)
    rows, ids = Rows(), Ids()
    coop, member_ids, items = catalog_rows(rows, ids, rng)
    bulk_insert(engine, rows)  # the manager's row needs the cooperative first
    email, password, manager_id = add_manager(engine, coop)
    orders = Rows()
    cod_delivered = order_rows(orders, ids, rng, items, args.lines)
    handovers = handover_rows(orders, ids, manager_id, cod_delivered)
    refunds = refund_rows(orders, ids, rng)
    bulk_insert(engine, orders)
    reset_sequences(engine, Rows({**rows.tables, **orders.tables}))
    counts = {model.__tablename__: len(r) for model, r in orders.tables.items()}
    counts["cash_handover"], counts["line_refund"] = handovers, refunds
    phones = [r["phone"] for r in orders.tables[Order]]
    repeat = max(set(phones[:2000]), key=phones.count)
    typed = "0" + repeat[2:5] + "-" + repeat[5:9] + "-" + repeat[9:]
    seeded = Seeded(coop, email, password, manager_id, member_ids, typed, counts=counts)
    seeded.seconds = time.perf_counter() - started
    return seeded


# --- settlements: the older months paid through the real rules -----------------------------


def month_periods(today: date, months: int) -> list[reports.Period]:
    """The ``months`` full calendar months before last month, oldest first."""
    periods = []
    end = today.replace(day=1) - timedelta(days=1)  # the end of last month
    for _ in range(months + 1):
        first = end.replace(day=1)
        periods.append(reports.Period(first, end))
        end = first - timedelta(days=1)
    return list(reversed(periods[1:]))


def settle(engine: Engine, seeded: Seeded, rng: random.Random) -> tuple[int, int, list[float]]:
    """Every member's months up to the month before last marked paid with ``mark_paid`` (one
    commit per month); a few members skip the latest of them, and a statement below the minimum
    payout is refused and carries over. Returns (paid, carried over, ms per mark_paid)."""
    today = datetime.now(ZONE).date()
    paid = carried = 0
    timings: list[float] = []
    with Session(engine) as session:
        months = month_periods(today, 11)
        for period in months:
            for member in seeded.member_ids:
                if period is months[-1] and rng.random() < 0.15:
                    continue  # paid late: its lines carry over into last month's statement
                started = time.perf_counter()
                done = pay(session, seeded, member, period, today)
                timings.append((time.perf_counter() - started) * 1000)
                paid, carried = paid + done, carried + (not done)
            session.commit()
    return paid, carried, timings


def pay(session: Session, seeded: Seeded, member: int, period: reports.Period, today: date) -> bool:
    statement = s.open_statement(session, seeded.cooperative_id, member, period, ZONE)
    payout = s.Payout(
        member_id=member,
        period=period,
        paid_on=min(period.last + timedelta(days=5), today),
        method=PayoutMethod.TRANSFER,
        reference=f"TRF-{member}-{period.first:%Y%m}",
        expected_net=statement.totals.net,
        submission=secrets.token_urlsafe(24),
        paid_by_id=seeded.manager_id,
        paid_by="Manajer Bench",
    )
    try:
        s.mark_paid(session, seeded.cooperative_id, payout, ZONE, today)
    except s.SettlementRefused:
        return False
    return True


# --- in-process timings ------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    label: str
    call: str
    median_ms: float
    p95_ms: float
    rows: str


def percentile(values: list[float], share: float) -> float:
    """Nearest rank, as bench_pages.Run.percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_call(label: str, call: str, fn: Callable[[], object], calls: int) -> Timing:
    result = fn()  # warm-up
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(label, call, statistics.median(times), percentile(times, 0.95), size(result))


def size(result: object) -> str:
    """How much a function gave back, for the table."""
    if isinstance(result, Page):
        return f"{len(result.items)} of {result.total}"
    if isinstance(result, s.Statement):
        return f"{len(result.sales)} sales, {len(result.refunds)} refunds"
    if isinstance(result, Sized):
        return str(len(result))
    return ""


def periods(today: date) -> tuple[reports.Period, reports.Period]:
    last = today.replace(day=1) - timedelta(days=1)
    return reports.Period(last.replace(day=1), last), reports.Period(
        today - timedelta(days=89), today
    )


def busiest_member(session: Session, coop: int, period: reports.Period) -> int:
    """The member with the most open lines up to the period's end: the longest statement."""
    rows = s.standings(session, coop, period, ZONE)
    return max(rows, key=lambda row: row.totals.line_count).member_id


def domain_timings(engine: Engine, seeded: Seeded, args: argparse.Namespace) -> list[Timing]:
    """The console's domain functions called directly: where a page's time goes."""
    today = datetime.now(ZONE).date()
    month, quarter = periods(today)
    since, until = month.bounds(ZONE)
    coop = seeded.cooperative_id
    found: list[Timing] = []
    with Session(engine) as session:
        member = busiest_member(session, coop, month)
        month_filter = desk.DeskFilters(since=since, until=until)
        calls: list[tuple[str, str, Callable[[], object]]] = [
            (
                "sales per day, last month",
                "reports.sales_per_day",
                lambda: reports.sales_per_day(session, coop, month, ZONE),
            ),
            (
                "sales per day, 90 days",
                "reports.sales_per_day",
                lambda: reports.sales_per_day(session, coop, quarter, ZONE),
            ),
            (
                "top products, last month",
                "reports.top_products",
                lambda: reports.top_products(session, coop, month, ZONE),
            ),
            (
                "top members, last month",
                "reports.top_members",
                lambda: reports.top_members(session, coop, month, ZONE),
            ),
            (
                "top products, 90 days",
                "reports.top_products",
                lambda: reports.top_products(session, coop, quarter, ZONE),
            ),
            ("low stock", "reports.low_stock", lambda: reports.low_stock(session, coop, 5)),
            (
                "courier messages",
                "reports.courier_messages",
                lambda: reports.courier_messages(session, coop),
            ),
            (
                "product counts",
                "catalog.backoffice.product_counts_by_status",
                lambda: catalog_backoffice.product_counts_by_status(session, coop),
            ),
            (
                "past consignment term",
                "catalog.consignment.past_term",
                lambda: consignment.past_term(session, coop, today),
            ),
            (
                "desk tab counts, all",
                "desk.tab_counts",
                lambda: desk.tab_counts(session, coop, desk.DeskFilters()),
            ),
            (
                "desk tab counts, last month",
                "desk.tab_counts",
                lambda: desk.tab_counts(session, coop, month_filter),
            ),
        ]
        for tab in desk.TABS:
            filters = desk.DeskFilters(tab=tab)
            calls.append((f"desk, tab {tab}", "desk.desk", partial_page(session, coop, filters)))
        phone = desk.DeskFilters(tab="selesai", q=seeded.phone_typed)
        calls += [
            (
                f"desk search {seeded.phone_typed}",
                "desk.desk",
                partial_page(session, coop, phone),
            ),
            ("couriers' cash balances", "cash.balances", lambda: cash.balances(session, coop)),
            (
                "cash handovers, page 1",
                "cash.handovers + paginate",
                lambda: paginate(session, cash.handovers(session, coop), 1, 50),
            ),
            (
                "settlement list, last month",
                "settlement.standings",
                lambda: s.standings(session, coop, month, ZONE),
            ),
            (
                f"statement of member {member}, last month",
                "settlement.open_statement",
                lambda: s.open_statement(session, coop, member, month, ZONE),
            ),
        ]
        for label, call, fn in calls:
            found.append(time_call(label, call, fn, args.calls))
            session.rollback()
        found.append(time_mark_paid(session, seeded, member, month, args.calls))
    return found


def partial_page(session: Session, coop: int, filters: desk.DeskFilters) -> Callable[[], object]:
    """The desk as its page asks for it: every tab's count and the tab's first page."""
    return lambda: desk.desk(session, coop, filters, 1, 30).page


def time_mark_paid(
    session: Session, seeded: Seeded, member: int, month: reports.Period, calls: int
) -> Timing:
    """mark_paid for last month's statement, rolled back after each call (so each pays it)."""
    today = datetime.now(ZONE).date()
    times = []
    lines = 0
    for n in range(calls + 1):
        net = s.open_statement(session, seeded.cooperative_id, member, month, ZONE).totals.net
        payout = s.Payout(
            member, month, today, PayoutMethod.CASH, "", net, secrets.token_urlsafe(24)
        )
        started = time.perf_counter()
        paid = s.mark_paid(session, seeded.cooperative_id, payout, ZONE, today)
        session.flush()
        elapsed = (time.perf_counter() - started) * 1000
        lines = paid.line_count
        session.rollback()
        if n:
            times.append(elapsed)
    return Timing(
        f"mark paid, member {member}, last month (rolled back)",
        "settlement.mark_paid",
        statistics.median(times),
        percentile(times, 0.95),
        f"{lines} lines",
    )


def print_timings(timings: list[Timing]) -> None:
    print("| in-process | function | rows | median ms | p95 ms |")
    print("|---|---|--:|--:|--:|")
    for t in timings:
        print(f"| {t.label} | `{t.call}` | {t.rows} | {t.median_ms:.1f} | {t.p95_ms:.1f} |")
    print()


# --- pages ---------------------------------------------------------------------------------


class Browser:
    """A manager's browser: one keep-alive ``http.client`` connection and the cookies.

    Cookies are kept by hand: production sets them ``Secure``, and a cookie jar would not send
    them back over the benchmark's plain http on 127.0.0.1."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=common.REQUEST_TIMEOUT_S)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None
    ) -> tuple[int, bytes, float | None]:
        """Status, body and the Server-Timing total in ms (None: the app sent none)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # gunicorn's sync workers close after each answer: reconnect
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        content = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response.status, content, server_timing(response.headers.get("Server-Timing"))

    def log_in(self, email: str, password: str) -> None:
        """Through the log-in form: its CSRF token, then the POST."""
        status, page, _ = self.request("GET", "/akun/masuk")
        found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or found is None:
            raise RuntimeError(f"GET /akun/masuk answered {status} without a CSRF token")
        token = unescape(found.group(1).decode())
        form = urlencode({"csrf_token": token, "email": email, "password": password, "next": ""})
        status, _, _ = self.request("POST", "/akun/masuk", form)
        if status not in (302, 303):
            raise RuntimeError(f"logging in answered {status}, not a redirect")
        status, _, _ = self.request("GET", "/kelola/")
        if status != 200:
            raise RuntimeError(f"GET /kelola/ answered {status} after logging in")


def server_timing(header: str | None) -> float | None:
    if not header:
        return None
    durations = [float(d) for d in re.findall(r"dur=([\d.]+)", header)]
    return sum(durations) if durations else None


@dataclass(frozen=True)
class PageResult:
    label: str
    path: str
    status: int
    size: int
    median_ms: float
    p95_ms: float
    server_ms: float | None


def measure_page(browser: Browser, label: str, path: str, args: argparse.Namespace) -> PageResult:
    status, body, _ = browser.request("GET", path)
    if status != 200:
        return PageResult(label, path, status, len(body), float("nan"), float("nan"), None)
    for _ in range(args.warmup):
        browser.request("GET", path)
    latencies, servers = [], []
    for _ in range(args.requests):
        started = time.perf_counter()
        status, body, server = browser.request("GET", path)
        latencies.append((time.perf_counter() - started) * 1000)
        if server is not None:
            servers.append(server)
    return PageResult(
        label,
        path,
        status,
        len(body),
        statistics.median(latencies),
        percentile(latencies, 0.95),
        statistics.median(servers) if servers else None,
    )


def page_targets(seeded: Seeded, member: int, settlement_id: int | None) -> list[tuple[str, str]]:
    today = datetime.now(ZONE).date()
    month, quarter = periods(today)
    month_args = urlencode({"dari": month.first, "sampai": month.last})
    quarter_args = urlencode({"dari": quarter.first, "sampai": quarter.last})
    pages = [
        ("dashboard, last month", f"/kelola/?{month_args}"),
        ("dashboard, 90 days", f"/kelola/?{quarter_args}"),
    ]
    pages += [(f"orders desk, tab {tab}", f"/kelola/pengiriman?tab={tab}") for tab in desk.TABS]
    search = urlencode({"tab": "selesai", "q": seeded.phone_typed})
    pages += [
        (f"orders desk, search {seeded.phone_typed}", f"/kelola/pengiriman?{search}"),
        ("couriers' cash balances (COD today)", "/kelola/kurir/tunai"),
        ("cash handovers list", "/kelola/kurir/setoran"),
        ("settlement list, last month", f"/kelola/bagi-hasil?{month_args}"),
        (
            f"statement of member {member}, last month",
            f"/kelola/bagi-hasil/anggota/{member}?{month_args}",
        ),
    ]
    if settlement_id is not None:
        pages.append((f"paid settlement {settlement_id}", f"/kelola/bagi-hasil/{settlement_id}"))
    return pages


def print_pages(bare: PageResult, results: list[PageResult]) -> None:
    print("| page | path | status | bytes | median ms | p95 ms | × bare |")
    print("|---|---|--:|--:|--:|--:|--:|")
    for r in [bare, *results]:
        times = (
            f"{r.median_ms:.1f} | {r.p95_ms:.1f} | {r.median_ms / bare.median_ms:.0f}"
            if r.status == 200
            else "— | — | —"
        )
        mark = " ⚠" if r.status == 200 and r.p95_ms > TARGET_MS else ""
        print(f"| {r.label}{mark} | `{r.path}` | {r.status} | {r.size:,} | {times} |")
    if any(r.server_ms is not None for r in results):
        print(
            "\nServer-Timing medians: "
            + ", ".join(
                f"{r.label} {r.server_ms:.1f} ms" for r in results if r.server_ms is not None
            )
        )
    print()


# --- the run -------------------------------------------------------------------------------


def data_summary(engine: Engine, seeded: Seeded) -> str:
    with engine.connect() as conn:
        lines = conn.scalar(select(func.count()).select_from(OrderLine))
        orders = conn.scalar(select(func.count()).select_from(Order))
        shipments = conn.scalar(select(func.count()).select_from(Shipment))
        settled = conn.scalar(
            select(func.count()).select_from(OrderLine).where(OrderLine.settlement_id.is_not(None))
        )
        by_status: dict[str, int] = dict(
            conn.execute(select(Shipment.status, func.count()).group_by(Shipment.status)).all()
        )
    statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(by_status.items(), key=lambda kv: -kv[1]))
    return (
        f"{orders:,} orders, {shipments:,} shipments ({statuses}), {lines:,} order lines "
        f"({settled:,} counted by paid settlements), "
        f"{seeded.counts.get('shipment_event', 0):,} shipment events, "
        f"{seeded.counts.get('payment', 0):,} card payments, "
        f"{seeded.counts['cash_handover']:,} cash handovers "
        f"({seeded.counts.get('cash_handover_item', 0):,} shipments), "
        f"{seeded.counts['line_refund']:,} line refunds"
    )


def bench_database(title: str, database_url: str, tmp: Path, args: argparse.Namespace) -> None:
    """Migrate, seed, settle, time in-process, serve and time the pages; one section."""
    print(f"### {title}\n")
    engine = make_engine(normalise_database_url(database_url))
    try:
        started = time.perf_counter()
        migrate.upgrade(engine)
        migrated = time.perf_counter() - started
        seeded = seed(engine, args)
        paid, carried, pay_ms = settle(engine, seeded, random.Random(args.seed + 1))
        settled = sum(pay_ms) / 1000
        if engine.dialect.name == "postgresql":
            common.analyze_postgres(database_url)
        print(
            f"Migrated in {migrated:.1f} s; bulk-inserted in {seeded.seconds:.1f} s; "
            f"{paid} settlements marked paid with `mark_paid` in {settled:.1f} s "
            f"(median {statistics.median(pay_ms):.0f} ms each; {carried} statements refused "
            f"as below the minimum payout, carried over; 15% of members skip the latest month).\n"
        )
        print(data_summary(engine, seeded) + ".\n")
        timings = domain_timings(engine, seeded, args)
        print_timings(timings)
        with Session(engine) as session:
            month, _ = periods(datetime.now(ZONE).date())
            member = busiest_member(session, seeded.cooperative_id, month)
            latest = session.scalar(
                select(func.max(Settlement.id)).where(Settlement.member_id == member)
            )
    finally:
        engine.dispose()
    serve_and_measure(database_url, tmp, args, seeded, member, latest)


def serve_and_measure(
    database_url: str,
    tmp: Path,
    args: argparse.Namespace,
    seeded: Seeded,
    member: int,
    settlement_id: int | None,
) -> None:
    servers: list[Server] = []
    try:
        env = common.app_env(tmp, database_url, "production")
        gerai = start_server("gerai", "storefront:create_app()", env, args.workers, tmp)
        servers.append(gerai)
        bare = start_server("bare", "bare_app:app", env, args.workers, tmp)
        servers.append(bare)
        bare_result = measure_page(Browser(bare.port), "bare Flask", "/", args)
        browser = Browser(gerai.port)
        browser.log_in(seeded.manager_email, seeded.manager_password)
        results = [
            measure_page(browser, label, path, args)
            for label, path in page_targets(seeded, member, settlement_id)
        ]
    finally:
        for server in servers:
            server.stop()
        report_problems(servers)
    print_pages(bare_result, results)
    missing = [r for r in results if r.status != 200]
    for r in missing:
        print(f"!! {r.path} answered {r.status}: see the in-process figures above instead")
    if missing:
        print()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return common.run_databases(
        args, bench_database, "gerai-bench-consignment-", lambda pg: describe(args, pg)
    )


if __name__ == "__main__":
    sys.exit(main())
