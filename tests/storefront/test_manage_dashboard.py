"""The manager's dashboard as rendered: sales per day in the SVG chart and its table (by the
Jakarta day the order was placed, cancelled shipments and other cooperatives left out), orders
by desk tab, top products and members, low stock, courier messages and couriers' cash; and the
period read from the URL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from accounts.models import Role
from catalog.models import ProductStatus
from orders import reports
from orders.fulfilment import new_message_id
from orders.lifecycle import cancel_order
from orders.models import OutboxMessage, OutboxStatus
from tests import factories
from tests.orders.helpers import place
from tests.orders.test_courier import make_ready
from tests.storefront.test_manage_cash import deliver
from tests.webforms import PASSWORD, log_in

PERIOD = "/kelola/?dari=2026-03-10&sampai=2026-03-14"


def placed_at(session, order, moment: datetime):  # type: ignore[no-untyped-def]
    order.created_at = moment
    for shipment in order.shipments:
        shipment.created_at = moment
    session.flush()
    return order


def outbox(session, gallery, status: OutboxStatus) -> None:  # type: ignore[no-untyped-def]
    session.add(
        OutboxMessage(
            message_id=new_message_id(),
            event_type="delivery.requested",
            gallery_id=gallery.id,
            payload={"type": "delivery.requested", "data": {}},
            status=status,
            attempts=9 if status == OutboxStatus.DEAD else 0,
        )
    )


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    s = db_session
    gallery = factories.gallery(s)
    coop = gallery.cooperative
    tuti = factories.member(s, cooperative=coop, business_name="Keripik Bu Tuti")
    sari = factories.member(s, cooperative=coop, business_name="Sambal Bu Sari")
    keripik = factories.product(
        s, gallery=gallery, member=tuti, name="Keripik", price=10_000, stock=100
    )
    sambal = factories.product(
        s, gallery=gallery, member=sari, name="Sambal", price=3_000, stock=100
    )
    empty = factories.product(s, gallery=gallery, name="Dodol habis", stock=0)
    two = factories.product(s, gallery=gallery, name="Kopi tinggal dua", stock=2)
    factories.product(s, gallery=gallery, name="Teh cukup", stock=6)
    factories.product(s, gallery=gallery, name="Draf kosong", stock=0, status=ProductStatus.DRAFT)
    other = factories.product(s, name="Produk koperasi lain", price=50_000, stock=100)
    other_low = factories.product(s, gallery=other.gallery, name="Lain hampir habis", stock=1)
    courier = factories.user(
        s, role=Role.COURIER, gallery=gallery, name="Ojek Pak Darto", phone="0812111"
    )
    manager = factories.user(s, password=PASSWORD, role=Role.MANAGER, cooperative=coop)

    # 20:00 UTC on the 10th is 03:00 on the 11th in Jakarta.
    placed_at(s, place(s, keripik, quantity=2), datetime(2026, 3, 10, 20, 0, tzinfo=UTC))
    placed_at(s, place(s, sambal, quantity=3), datetime(2026, 3, 11, 3, 0, tzinfo=UTC))
    cancelled = placed_at(s, place(s, keripik, quantity=1), datetime(2026, 3, 12, 5, 0, tzinfo=UTC))
    cancel_order(s, cancelled, reason="pembeli batal", actor="test")
    delivered = placed_at(s, place(s, sambal, quantity=1), datetime(2026, 3, 13, 1, 0, tzinfo=UTC))
    placed_at(s, place(s, keripik, quantity=5), datetime(2026, 2, 1, 3, 0, tzinfo=UTC))  # before
    placed_at(s, place(s, other, quantity=1), datetime(2026, 3, 11, 3, 0, tzinfo=UTC))
    shipment = make_ready(s, delivered.shipments[0])
    deliver(s, shipment, courier, shipment.cod_amount)

    for status in (OutboxStatus.PENDING, OutboxStatus.PENDING, OutboxStatus.DEAD):
        outbox(s, gallery, status)
    for _ in range(3):
        outbox(s, other.gallery, OutboxStatus.DEAD)
    s.commit()
    return {
        "gallery": gallery,
        "manager": manager,
        "shipment": shipment,
        "low": [empty, two],
        "other_low": other_low,
    }


def bars(text: str) -> dict[str, int]:
    return {
        day: int(amount)
        for day, amount in re.findall(
            r'<rect class="bar"[^>]*data-day="([\d-]+)" data-amount="(\d+)"', text
        )
    }


def test_dashboard_sums_sales_per_jakarta_day(web, db_session, shop):  # type: ignore[no-untyped-def]
    log_in(web, shop["manager"])
    page = web.get(PERIOD)
    assert bars(page.text) == {
        "2026-03-10": 0,
        "2026-03-11": 20_000 + 9_000,  # the keripik order counts on the Jakarta day
        "2026-03-12": 0,  # cancelled
        "2026-03-13": 3_000,
        "2026-03-14": 0,
    }
    table = page.html.select_one("#sales-per-day")
    row = table.select_one('tr[data-day="2026-03-11"]')
    assert [td.get_text() for td in row.select("td")][1:] == ["2", "Rp 29.000"]
    assert "Rp 32.000" in table.select_one("tfoot").get_text()
    assert "Produk koperasi lain" not in page.text


def test_dashboard_top_lists_counts_stock_messages_and_cash(web, db_session, shop):  # type: ignore[no-untyped-def]
    log_in(web, shop["manager"])
    html = web.get(PERIOD).html

    products = [
        [td.get_text(strip=True) for td in tr.select("td")]
        for tr in html.select("#top-products-table tbody tr")
    ]
    assert products == [["Keripik", "2", "Rp 20.000"], ["Sambal", "4", "Rp 12.000"]]
    members = [
        [td.get_text(strip=True) for td in tr.select("td")]
        for tr in html.select("#top-members-table tbody tr")
    ]
    assert [m[0] for m in members] == ["Keripik Bu Tuti", "Sambal Bu Sari"]
    assert [m[2] for m in members] == ["Rp 20.000", "Rp 12.000"]

    counts = {a["data-tab"]: int(a.strong.get_text()) for a in html.select("a[data-tab]")}
    assert counts == {
        "baru": 2,
        "dikemas": 0,
        "siap": 0,
        "kurir": 0,
        "selesai": 0,
        "masalah": 1,
        "batal": 1,
    }
    link = html.select_one('a[data-tab="masalah"]')["href"]
    assert "tab=masalah" in link and "dari=2026-03-10" in link and "sampai=2026-03-14" in link

    low = [
        tr.select("td")[0].get_text(strip=True) for tr in html.select("#low-stock-table tbody tr")
    ]
    assert low == ["Dodol habis", "Kopi tinggal dua"]

    pending = db_session.scalar(
        select(func.count()).where(
            OutboxMessage.gallery_id == shop["gallery"].id,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
    )
    assert pending >= 2
    assert html.select_one("#messages-pending").get_text() == str(pending)
    assert html.select_one("#messages-dead").get_text() == "1"  # not the other cooperative's 3

    cod = shop["shipment"].cod_amount
    assert html.select_one("#cash-total").get_text() == f"Rp {cod:,}".replace(",", ".")
    assert "Ojek Pak Darto" in html.select_one("#cash-table").get_text()


def test_top_members_by_revenue(db_session, shop):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    period = reports.Period(date(2026, 3, 10), date(2026, 3, 14))
    rows = reports.top_members(
        db_session, shop["gallery"].cooperative_id, period, ZoneInfo("Asia/Jakarta")
    )
    assert [(r.name, r.quantity, r.amount) for r in rows] == [
        ("Keripik Bu Tuti", 2, 20_000),
        ("Sambal Bu Sari", 4, 12_000),
    ]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (None, None, (date(2026, 5, 2), date(2026, 5, 31))),
        ("kemarin", "2026-13-40", (date(2026, 5, 2), date(2026, 5, 31))),
        ("2026-05-01", "2026-05-03", (date(2026, 5, 1), date(2026, 5, 3))),
        ("2026-05-03", "2026-05-01", (date(2026, 5, 1), date(2026, 5, 3))),
        ("", "2026-04-30", (date(2026, 4, 1), date(2026, 4, 30))),
        ("2020-01-01", "2026-05-31", (date(2025, 5, 31), date(2026, 5, 31))),
    ],
)
def test_period_from_url(first, last, expected):  # type: ignore[no-untyped-def]
    period = reports.parse_period(first, last, today=date(2026, 5, 31))
    assert (period.first, period.last) == expected
    assert period.days <= reports.MAX_DAYS


def test_dashboard_clamps_a_long_period_and_survives_bad_dates(web, shop):  # type: ignore[no-untyped-def]
    log_in(web, shop["manager"])
    assert len(bars(web.get("/kelola/?dari=2000-01-01&sampai=2026-03-14").text)) == 366
    assert len(bars(web.get("/kelola/?dari=x&sampai=%00").text)) == 30
