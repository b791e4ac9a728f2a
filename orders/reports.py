"""The manager's dashboard figures for one cooperative, aggregated in SQL.

A sale (penjualan) is an order line of a shipment that is neither waiting for its card payment
nor cancelled, counted on the day the order was placed, in the gallery's time zone (the
cooperative's day, not UTC's): what the galleries took orders for that day. A shipment
cancelled later drops out of the day it was placed on. A shipment is created at its order's
moment, so the shipments' (gallery_id, created_at) index finds a period's sales.

Days are grouped by the database: ``timezone(zone, t)`` on PostgreSQL; on SQLite, which stores
UTC without a zone and knows no zones, by shifting with the zone's current UTC offset (exact
for Indonesia's zones, which keep no daylight saving time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import QueryableAttribute

from catalog.db import DbSession
from catalog.models import Gallery, Product, ProductStatus
from orders.models import (
    OrderLine,
    OutboxMessage,
    OutboxStatus,
    Shipment,
    ShipmentStatus,
)

DEFAULT_DAYS = 30
MAX_DAYS = 366
TOP = 5
NOT_SALES = (ShipmentStatus.PENDING, ShipmentStatus.CANCELLED)


@dataclass(frozen=True)
class Period:
    """Whole days from ``first`` to ``last``, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as UTC instants: the start of ``first`` and the start of the day after
        ``last``, in ``zone``."""
        start = datetime.combine(self.first, time(), tzinfo=zone)
        end = datetime.combine(self.last + timedelta(days=1), time(), tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)


def this_month(today: date) -> Period:
    """This month so far."""
    return Period(today.replace(day=1), today)


def last_month(today: date) -> Period:
    """The previous full calendar month."""
    end = today.replace(day=1) - timedelta(days=1)
    return Period(end.replace(day=1), end)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def parse_period(first: str | None, last: str | None, today: date) -> Period:
    """The period a URL asks for (``dari``, ``sampai``): an unreadable end is today, an
    unreadable start the 30 days up to the end, swapped ends are put right, and more than
    :data:`MAX_DAYS` days keep the last ones."""
    end = _day(last) or today
    start = _day(first) or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        start, end = end, start
    if (end - start).days + 1 > MAX_DAYS:
        start = end - timedelta(days=MAX_DAYS - 1)
    return Period(start, end)


def local_day(
    session: DbSession,
    moment: QueryableAttribute[datetime] | ColumnElement[datetime],
    zone: ZoneInfo,
) -> ColumnElement[str]:
    """A timestamp's day in ``zone`` as 'YYYY-MM-DD', computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(zone.key, moment), "YYYY-MM-DD")
    offset = datetime.now(zone).utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    return func.date(moment, f"{minutes:+d} minutes")


@dataclass(frozen=True)
class DaySales:
    day: date
    amount: int  # rupiah, the lines' totals
    orders: int


@dataclass(frozen=True)
class TopRow:
    id: int
    name: str
    quantity: int
    amount: int


def _sale_lines(cooperative_id: int, period: Period, zone: ZoneInfo, *columns: object) -> Select:
    """The period's sold lines of the cooperative's galleries, found from the shipments'
    (gallery_id, created_at) index: a shipment is created at its order's moment
    (orders.checkout), so its time is the order's."""
    start, end = period.bounds(zone)
    galleries = select(Gallery.id).where(Gallery.cooperative_id == cooperative_id)
    return (
        select(*columns)  # type: ignore[call-overload]
        .select_from(Shipment)
        .join(OrderLine, OrderLine.shipment_id == Shipment.id)
        .where(
            Shipment.gallery_id.in_(galleries.scalar_subquery()),
            Shipment.created_at >= start,
            Shipment.created_at < end,
            Shipment.status.not_in(NOT_SALES),
        )
    )


def sales_per_day(
    session: DbSession, cooperative_id: int, period: Period, zone: ZoneInfo
) -> list[DaySales]:
    """Every day of the period with its sales (zero on a day without any): one GROUP BY."""
    day = local_day(session, Shipment.created_at, zone).label("day")
    amount = func.sum(OrderLine.line_total).label("amount")
    orders = func.count(func.distinct(OrderLine.order_id)).label("orders")
    stmt = _sale_lines(cooperative_id, period, zone, day, amount, orders).group_by(day)
    found = {str(row.day)[:10]: row for row in session.execute(stmt)}
    days = []
    for offset in range(period.days):
        when = period.first + timedelta(days=offset)
        row = found.get(when.isoformat())
        days.append(DaySales(when, int(row.amount) if row else 0, int(row.orders) if row else 0))
    return days


@dataclass(frozen=True)
class TopSellers:
    products: list[TopRow]
    members: list[TopRow]


def top_sellers(
    session: DbSession, cooperative_id: int, period: Period, zone: ZoneInfo, limit: int = TOP
) -> TopSellers:
    """The products and the members that sold for the most rupiah in the period, from one
    pass over the period's lines: the database sums them per product (a product belongs to
    one member, so at most one row per product), and the ranking adds those sums up."""
    amount = func.sum(OrderLine.line_total)
    stmt = _sale_lines(
        cooperative_id,
        period,
        zone,
        OrderLine.product_id,
        func.max(OrderLine.product_name),
        OrderLine.member_id,
        func.max(OrderLine.member_name),
        func.sum(OrderLine.quantity),
        amount,
    ).group_by(OrderLine.product_id, OrderLine.member_id)
    products: dict[int, TopRow] = {}
    members: dict[int, TopRow] = {}
    for row in session.execute(stmt):
        product_id, product, member_id, member = int(row[0]), str(row[1]), int(row[2]), str(row[3])
        sold = TopRow(0, "", int(row[4]), int(row[5]))
        _add(products, product_id, product, sold)
        _add(members, member_id, member, sold)
    return TopSellers(_ranked(products, limit), _ranked(members, limit))


def _add(found: dict[int, TopRow], key: int, name: str, sold: TopRow) -> None:
    earlier = found.get(key)
    if earlier is None:
        found[key] = TopRow(key, name, sold.quantity, sold.amount)
    else:
        quantity, amount = earlier.quantity + sold.quantity, earlier.amount + sold.amount
        found[key] = TopRow(key, earlier.name, quantity, amount)


def _ranked(rows: dict[int, TopRow], limit: int) -> list[TopRow]:
    return sorted(rows.values(), key=lambda row: (-row.amount, row.id))[:limit]


def top_products(
    session: DbSession, cooperative_id: int, period: Period, zone: ZoneInfo, limit: int = TOP
) -> list[TopRow]:
    """The products that sold for the most rupiah in the period."""
    return top_sellers(session, cooperative_id, period, zone, limit).products


def top_members(
    session: DbSession, cooperative_id: int, period: Period, zone: ZoneInfo, limit: int = TOP
) -> list[TopRow]:
    """The members whose goods sold for the most rupiah in the period."""
    return top_sellers(session, cooperative_id, period, zone, limit).members


def low_stock(
    session: DbSession, cooperative_id: int, threshold: int, limit: int = 10
) -> Sequence[Product]:
    """Active products of the cooperative's active galleries with at most ``threshold`` left,
    the emptiest first."""
    stmt = (
        select(Product)
        .join(Product.gallery)
        .where(
            Gallery.cooperative_id == cooperative_id,
            Gallery.is_active.is_(True),
            Product.status == ProductStatus.ACTIVE,
            Product.stock <= threshold,
        )
        .order_by(Product.stock, Product.name, Product.id)
        .limit(limit)
    )
    return session.scalars(stmt).all()


def courier_messages(session: DbSession, cooperative_id: int) -> dict[str, int]:
    """How many messages to the galleries' courier dispatchers wait to be sent, and how many
    gave up (dead letters)."""
    stmt = (
        select(OutboxMessage.status, func.count())
        .join(OutboxMessage.gallery)
        .where(
            Gallery.cooperative_id == cooperative_id,
            OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.DEAD)),
        )
        .group_by(OutboxMessage.status)
    )
    counts = {"pending": 0, "dead": 0}
    for status, n in session.execute(stmt):
        counts[OutboxStatus(status).value] = int(n)
    return counts
