"""Charts drawn on the server as inline SVG: the geometry here, the markup in
templates/manage/_sales_chart.html. No script, no inline style (the CSP forbids both): sizes
are in the viewBox's units, so the chart scales to the width it is given, phone or paper."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from catalog.money import rupiah
from storefront.i18n import decimal

WIDTH = 360
HEIGHT = 220
LEFT = 64  # room for the amounts on the axis
RIGHT = 6
TOP = 10
BOTTOM = 22  # room for the dates
MAX_DATE_LABELS = 5
TICKS = 4


def short_rupiah(amount: int) -> str:
    """An amount for an axis, short: 'Rp 1,2 jt', 'Rp 250 rb' in Indonesian."""
    value = abs(amount)
    sign = "-" if amount < 0 else ""
    if value >= 1_000_000_000:
        text = _("%(amount)s bn", amount=decimal(value / 1_000_000_000))
    elif value >= 1_000_000:
        text = _("%(amount)s M", amount=decimal(value / 1_000_000))
    elif value >= 1_000:
        text = _("%(amount)s k", amount=decimal(value / 1_000))
    else:
        text = decimal(value, 0)
    return f"{sign}Rp {text}"


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``value`` (≥ 1)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return int(step * power)
    return 10 * power  # pragma: no cover - the loop always returns


@dataclass(frozen=True)
class Bar:
    day: date
    amount: int
    orders: int
    x: float
    y: float
    width: float
    height: float
    label: str  # the bar's <title>


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class DateLabel:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right: float  # x of the plot's right edge
    base: float  # y of the zero line
    bars: list[Bar]
    ticks: list[Tick]
    dates: list[DateLabel]
    total: int


def sales_chart(days: Sequence[tuple[date, int, int]]) -> BarChart:
    """A bar per day (date, rupiah, orders), the axis from zero to a round amount above the
    best day, at most :data:`MAX_DATE_LABELS` dates under it."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    top = nice_ceiling(max((amount for _day, amount, _n in days), default=0))
    slot = plot_w / max(len(days), 1)
    gap = slot * 0.2 if slot >= 3 else 0
    bars = []
    for i, (day, amount, orders) in enumerate(days):
        height = plot_h * amount / top
        when = format_date(day, "EEE, d MMM yyyy")
        label = _(
            "%(day)s: %(amount)s, %(orders)s orders", day=when, amount=rupiah(amount), orders=orders
        )
        bars.append(
            Bar(
                day,
                amount,
                orders,
                round(LEFT + i * slot + gap / 2, 2),
                round(base - height, 2),
                round(slot - gap, 2),
                round(height, 2),
                label,
            )
        )
    ticks = [
        Tick(round(base - plot_h * k / TICKS, 2), short_rupiah(top * k // TICKS))
        for k in range(TICKS + 1)
    ]
    every = max(1, math.ceil(len(days) / MAX_DATE_LABELS))
    dates = [
        DateLabel(round(LEFT + (i + 0.5) * slot, 2), format_date(day, "d MMM"))
        for i, (day, _amount, _n) in enumerate(days)
        if i % every == 0
    ]
    total = sum(amount for _day, amount, _n in days)
    return BarChart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, base, bars, ticks, dates, total)
