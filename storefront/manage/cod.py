"""Manager view: the cash-on-delivery money each courier holds, per day, to reconcile.

Couriers of Gerai's own page are grouped by their account; couriers of an external dispatcher by
the name it reported. A day runs from midnight in the city's time zone; there is no separate
"reconciled" mark yet, so a manager reconciles day by day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue

from catalog import db
from orders import courier as c
from orders.models import Shipment
from storefront.manage import bp, cooperative_id


@dataclass
class CourierCash:
    """One courier's COD deliveries of the day and what they add up to."""

    name: str
    own_page: bool
    deliveries: list[tuple[Shipment, datetime]] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(s.cod_amount for s, _at in self.deliveries)

    @property
    def collected(self) -> int:
        return c.cash_held(self.deliveries)


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))


def _today() -> date:
    return datetime.now(_zone()).date()


def _day() -> date:
    """The day asked for (``?tanggal=2025-01-31``), never after today; today by default."""
    today = _today()
    try:
        chosen = date.fromisoformat(request.args.get("tanggal", "")[:10])
    except ValueError:
        return today
    return min(chosen, today)


def by_courier(rows: list[tuple[Shipment, datetime]]) -> list[CourierCash]:
    groups: dict[tuple[str, int | str], CourierCash] = {}
    for shipment, at in rows:
        if shipment.courier_user_id:
            key: tuple[str, int | str] = ("user", shipment.courier_user_id)
        else:
            key = ("name", shipment.courier_name.strip().casefold())
        group = groups.setdefault(
            key, CourierCash(shipment.courier_name or "—", shipment.courier_user_id is not None)
        )
        group.deliveries.append((shipment, at))
    return sorted(groups.values(), key=lambda g: g.name.casefold())


@bp.get("/kurir/tunai")
def cod_cash() -> ResponseReturnValue:
    day = _day()
    start = datetime.combine(day, time(), tzinfo=_zone())
    rows = [
        (s, at)
        for s, at in c.delivered_since(db.session, start, cooperative_id=cooperative_id())
        if _aware(at) < start + timedelta(days=1)
    ]
    couriers = by_courier(rows)
    return render_template(
        "manage/cod_cash.html",
        day=day,
        previous=day - timedelta(days=1),
        following=day + timedelta(days=1) if day < _today() else None,
        couriers=couriers,
        total_due=sum(g.due for g in couriers),
        total_collected=sum(g.collected for g in couriers),
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
