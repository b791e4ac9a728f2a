"""Settlements (bagi hasil) through the manager's pages as rendered: the list's standings and
figures, a member's statement computed by hand, marking it paid through its form (once, even
sent twice), refused periods, carry-over below the minimum, a refund of a paid line as the next
period's adjustment, the CSVs, other cooperatives' ids, and the WhatsApp link."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from accounts.models import Role
from catalog.models import Member
from orders.aftersale import ReturnInput, refund_delivered
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.models import (
    DeliveryMethod,
    LineRefund,
    OrderLine,
    PayoutMethod,
    Settlement,
    ShipmentStatus,
)
from orders.statement_links import read_token
from orders.states import set_shipment_status
from tests import factories
from tests.webforms import PASSWORD, errors, flash_text, log_in, texts

S = ShipmentStatus
ZONE = ZoneInfo("Asia/Jakarta")
LIST = "/kelola/bagi-hasil"


def today() -> date:
    return datetime.now(ZONE).date()


def last_month() -> tuple[date, date]:
    end = today().replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def sell(db_session, product, quantity: int, day: date):  # type: ignore[no-untyped-def]
    """An order of ``quantity`` of ``product``, delivered (the state machine's way) on ``day``
    at noon in the gallery's zone; returns its order line."""
    order = place_order(
        db_session,
        CheckoutRequest(
            customer=Customer(
                name="Rina",
                phone="081234567890",
                address="Jl. Melati 3",
                lat=product.gallery.lat,
                lng=product.gallery.lng,
            ),
            lines=[LineRequest(product.id, quantity)],
            choices={product.gallery_id: GalleryChoice(DeliveryMethod.DELIVERY)},
        ),
    )
    shipment = order.shipments[0]
    for state in (S.PACKING, S.READY, S.COURIER_ASSIGNED, S.PICKED_UP, S.DELIVERED):
        set_shipment_status(db_session, shipment, state)
    assert shipment.completed_at is not None
    shipment.completed_at = datetime.combine(day, time(12), tzinfo=ZONE).astimezone(UTC)
    db_session.flush()
    return shipment.lines[0]


def commission(amount: int, rate: int) -> int:
    """Half up, per line, by hand."""
    whole, rest = divmod(amount * rate, 100)
    return whole + (1 if rest >= 50 else 0)


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    coop = gallery.cooperative
    coop.min_payout = 50_000
    coop.commission_rate_percent = 15
    batik = factories.member(
        db_session,
        cooperative=coop,
        business_name="Batik Sekar",
        owner_name="Ibu Sekar",
        phone="+6281311112222",
    )
    kopi = factories.member(
        db_session, cooperative=coop, business_name="Kopi Setu", owner_name="Pak Joko"
    )
    quiet = factories.member(db_session, cooperative=coop, business_name="Anyaman Diam")
    kain = factories.product(
        db_session, gallery=gallery, member=batik, price=10_050, stock=100, with_image=False
    )
    syal = factories.product(
        db_session, gallery=gallery, member=batik, price=33_333, stock=100, with_image=False
    )
    bubuk = factories.product(
        db_session, gallery=gallery, member=kopi, price=20_000, stock=100, with_image=False
    )
    first, _last = last_month()
    sold = {
        "kain": sell(db_session, kain, 3, first + timedelta(days=2)),  # 30.150 at 15%
    }
    batik.commission_rate_percent = 10  # later lines snapshot 10%; the first keeps 15%
    db_session.flush()
    sold["syal"] = sell(db_session, syal, 2, first + timedelta(days=5))  # 66.666 at 10%
    sold["bubuk"] = sell(db_session, bubuk, 1, first)  # 20.000: below the minimum
    manager = factories.user(db_session, password=PASSWORD, role=Role.MANAGER, cooperative=coop)
    db_session.commit()
    rows = {"coop": coop, "batik": batik, "kopi": kopi, "quiet": quiet}
    ids = {key: row.id for key, row in rows.items()}  # read while attached to the session
    return rows | {"ids": ids, "manager": manager, "sold": sold}


@pytest.fixture
def manager_web(web, shop):  # type: ignore[no-untyped-def]
    log_in(web, shop["manager"])
    return web


def row_text(page, member_id: int) -> str:  # type: ignore[no-untyped-def]
    found = re.search(
        rf'<tr class="settle-row[^"]*" data-member="{member_id}">(.*?)</tr>', page.text, re.S
    )
    assert found, f"no row for member {member_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def statement_url(member_id: int, first: date, last: date) -> str:
    return (
        f"/kelola/bagi-hasil/anggota/{member_id}?dari={first.isoformat()}&sampai={last.isoformat()}"
    )


def text_of(page, element_id: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page.text, re.S)
    assert found, f"no #{element_id}"
    return " ".join(unescape(found.group(1)).split())


# Batik Sekar's hand-computed statement for last month.
KAIN_TOTAL, KAIN_COMMISSION = 30_150, commission(30_150, 15)  # 4.522,5 → 4.523
SYAL_TOTAL, SYAL_COMMISSION = 66_666, commission(66_666, 10)  # 6.666,6 → 6.667
GROSS = KAIN_TOTAL + SYAL_TOTAL
COMMISSION = KAIN_COMMISSION + SYAL_COMMISSION
NET = GROSS - COMMISSION


def rp(amount: int) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def test_list_shows_each_members_standing_and_figures(manager_web, shop):
    assert (KAIN_COMMISSION, SYAL_COMMISSION) == (4_523, 6_667)
    page = manager_web.get(LIST)  # the previous full month by default
    first, last = last_month()
    assert (
        f'value="{first.isoformat()}"' in page.text and f'value="{last.isoformat()}"' in page.text
    )
    batik = row_text(page, shop["ids"]["batik"])
    assert "siap dibayar" in batik
    for amount in (GROSS, COMMISSION, NET):
        assert rp(amount) in batik
    kopi = row_text(page, shop["ids"]["kopi"])
    assert "di bawah minimum, terbawa ke periode berikutnya" in kopi
    assert rp(20_000 - 3_000) in kopi
    assert "tidak ada penjualan" in row_text(page, shop["ids"]["quiet"])
    total = texts(page, "settle-total")[0]
    assert rp(GROSS + 20_000) in total and rp(NET + 17_000) in total
    # the quick links: this month so far and last month
    assert (
        f"dari={today().replace(day=1).isoformat()}&amp;sampai={today().isoformat()}" in page.text
    )
    # every member's statement is linked from the members page too
    members = manager_web.get("/kelola/anggota")
    assert f'href="/kelola/bagi-hasil/anggota/{shop["ids"]["batik"]}"' in members.text
    assert "Bagi hasil" in " ".join(texts(members, "console-nav"))


def test_statement_figures_equal_the_hand_computed_ones(manager_web, shop):
    first, last = last_month()
    page = manager_web.get(statement_url(shop["ids"]["batik"], first, last))
    assert text_of(page, "total-gross") == rp(GROSS)
    assert text_of(page, "total-commission") == "− " + rp(COMMISSION)
    assert text_of(page, "total-net") == rp(NET)
    kain = shop["sold"]["kain"]
    assert kain.commission_rate_percent == 15 and shop["sold"]["syal"].commission_rate_percent == 10
    assert rp(KAIN_COMMISSION) + " (15%)" in " ".join(texts(page, "sale-row"))
    assert rp(SYAL_COMMISSION) + " (10%)" in " ".join(texts(page, "sale-row"))
    form = pay_form(page)
    assert form["expected_net"].value == str(NET)
    assert form["paid_on"].value == today().isoformat()


def pay_form(page):  # type: ignore[no-untyped-def]
    """The page's "mark paid" form (the period picker above it posts nowhere: it is a GET)."""
    posting = [
        f for f in page.forms.values() if f.method.lower() == "post" and "paid_on" in f.fields
    ]
    assert len(posting) == 1, "no mark-paid form on the page"
    return posting[0]


def pay(web, shop, member_key: str = "batik", **values: str):  # type: ignore[no-untyped-def]
    first, last = last_month()
    page = web.get(statement_url(shop["ids"][member_key], first, last))
    form = pay_form(page)
    for name, value in values.items():
        form[name] = value
    return form


def test_mark_paid_through_the_form_freezes_and_a_second_send_records_once(
    manager_web, db_session, shop
):
    form = pay(manager_web, shop, method="transfer", reference="BRI 0099")
    landed = form.submit().follow()
    assert "ditandai sudah dibayar" in flash_text(landed)
    paid = db_session.scalars(select(Settlement)).one()
    assert landed.request.path == f"/kelola/bagi-hasil/{paid.id}"
    assert (paid.gross, paid.commission, paid.refunds, paid.net) == (GROSS, COMMISSION, 0, NET)
    assert (paid.method, paid.reference, paid.paid_on) == (
        PayoutMethod.TRANSFER,
        "BRI 0099",
        today(),
    )
    assert paid.paid_by == shop["manager"].name
    assert (paid.period_start, paid.period_end) == last_month()
    line_ids = {shop["sold"]["kain"].id, shop["sold"]["syal"].id}
    db_session.expire_all()
    settled = db_session.scalars(select(OrderLine.id).where(OrderLine.settlement_id == paid.id))
    assert set(settled) == line_ids
    assert text_of(landed, "paid-reference") == "BRI 0099"
    assert text_of(landed, "total-net") == rp(NET)
    again = form.submit()  # the same form, sent twice
    assert again.status_int == 303 and again.location.endswith(f"/kelola/bagi-hasil/{paid.id}")
    assert db_session.scalar(select(func.count()).select_from(Settlement)) == 1
    # paid: the list shows it as such with the frozen figures, and no form is left to send
    listing = manager_web.get(LIST)
    assert "sudah dibayar" in row_text(listing, shop["ids"]["batik"])
    assert rp(NET) in row_text(listing, shop["ids"]["batik"])
    first, last = last_month()
    reopened = manager_web.get(statement_url(shop["ids"]["batik"], first, last))
    assert "sudah dibayar sampai" in text_of(reopened, "period-refused")
    assert not [f for f in reopened.forms.values() if f.method.lower() == "post"]
    # printable and CSV of the paid settlement
    printed = manager_web.get(f"/kelola/bagi-hasil/{paid.id}/cetak?kertas=80mm")
    assert "paper-80mm" in printed.text and printed.text.count("signature-line") == 2
    rows = list(csv.reader(io.StringIO(manager_web.get(f"/kelola/bagi-hasil/{paid.id}.csv").text)))
    assert len(rows) == 3 and sorted(r[6] for r in rows[1:]) == sorted(["30150", "66666"])


def test_a_transfer_without_reference_and_a_future_payment_date_are_refused_at_their_field(
    manager_web, db_session, shop
):
    refused = pay(manager_web, shop, method="transfer", reference="").submit(status=422)
    assert "Tulis referensi transfer bank" in " ".join(errors(refused))
    assert 'id="reference-err"' in refused.text
    future = (today() + timedelta(days=2)).isoformat()
    refused = pay(manager_web, shop, paid_on=future).submit(status=422)
    assert 'id="paid_on-err"' in refused.text
    assert "Tanggal pembayaran tidak boleh di masa depan." in " ".join(errors(refused))
    assert db_session.scalar(select(func.count()).select_from(Settlement)) == 0


def test_overlapping_and_future_periods_are_refused_with_a_message(manager_web, shop):
    pay(manager_web, shop, method="cash").submit().follow()
    first, _last = last_month()
    overlapping = statement_url(shop["ids"]["batik"], first + timedelta(days=3), today())
    page = manager_web.get(overlapping)
    assert page.status_int == 200
    assert "Anggota ini sudah dibayar sampai" in text_of(page, "period-refused")
    future = statement_url(shop["ids"]["kopi"], first, today() + timedelta(days=1))
    page = manager_web.get(future)
    assert page.status_int == 200
    assert "tidak boleh berakhir di masa depan" in text_of(page, "period-refused")
    assert not [f for f in page.forms.values() if f.method.lower() == "post"]


def test_below_the_minimum_shows_the_carry_over_and_no_form(manager_web, shop):
    first, last = last_month()
    page = manager_web.get(statement_url(shop["ids"]["kopi"], first, last))
    assert "di bawah minimum" in text_of(page, "standing")
    assert "terbawa ke periode berikutnya" in text_of(page, "carry-over")
    assert not [f for f in page.forms.values() if f.method.lower() == "post"]
    # the next period counts the carried-over sale again, marked as such
    this_month = manager_web.get(
        statement_url(shop["ids"]["kopi"], today().replace(day=1), today())
    )
    assert "terbawa" in " ".join(texts(this_month, "carried"))
    assert text_of(this_month, "total-gross") == rp(20_000)


def test_a_later_refund_of_a_paid_line_is_an_adjustment_of_the_next_period(
    manager_web, db_session, shop
):
    pay(manager_web, shop, method="cash").submit().follow()
    kain = shop["sold"]["kain"]
    refund_delivered(
        db_session,
        shop["ids"]["coop"],
        ReturnInput(kain.id, 1, "Sobek", "refund-after-paid", actor="manager"),
    )
    db_session.commit()
    page = manager_web.get(statement_url(shop["ids"]["batik"], today().replace(day=1), today()))
    adjustment = " ".join(texts(page, "adjustment"))
    assert "penyesuaian: barang dari periode yang sudah dibayar" in adjustment
    returned = db_session.scalars(select(LineRefund)).one()
    assert returned.commission == commission(10_050, 15)
    assert text_of(page, "total-refunds").startswith("− " + rp(10_050))
    assert text_of(page, "total-net") == rp(-(10_050 - returned.commission))
    assert "di bawah minimum" in text_of(page, "standing")
    paid = db_session.scalars(select(Settlement)).one()
    frozen = manager_web.get(f"/kelola/bagi-hasil/{paid.id}")
    assert text_of(frozen, "total-net") == rp(NET)  # the paid one is not touched


def test_the_list_csv_has_a_row_per_member_and_is_formula_safe(manager_web, db_session, shop):
    kopi = db_session.get(Member, shop["ids"]["kopi"])
    kopi.business_name = '=HYPERLINK("http://x")'
    kopi.owner_name = "@SUM(A1)"
    db_session.commit()
    page = manager_web.get(LIST)
    link = re.search(r'href="(/kelola/bagi-hasil\.csv[^"]*)"', page.text)
    assert link
    response = manager_web.get(unescape(link.group(1)))
    assert response.content_type == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Anggota", "Usaha", "Periode", "Keadaan", "Penjualan kotor"]
    by_business = {row[1]: row for row in rows[1:]}
    assert len(rows) == 1 + len(page.html.select("tr.settle-row"))
    first, last = last_month()
    batik = by_business["Batik Sekar"]
    assert batik[2] == f"{first.isoformat()} – {last.isoformat()}"
    assert batik[3] == "siap dibayar"
    assert batik[4:10] == [str(GROSS), str(COMMISSION), "0", "0", str(NET), "2"]
    kopi = by_business['\'=HYPERLINK("http://x")']
    assert kopi[0] == "'@SUM(A1)"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell


def test_another_cooperatives_member_and_settlement_answer_404(manager_web, db_session, shop):
    elsewhere = factories.member(db_session)
    paid_elsewhere = Settlement(
        cooperative_id=elsewhere.cooperative_id,
        member_id=elsewhere.id,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 1, 31),
        gross=100_000,
        commission=15_000,
        refunds=0,
        adjustments=0,
        net=85_000,
        line_count=1,
        refund_count=0,
        paid_on=date(2024, 2, 1),
        method=PayoutMethod.CASH,
        submission="elsewhere-1",
    )
    db_session.add(paid_elsewhere)
    db_session.commit()
    elsewhere_id, paid_id = elsewhere.id, paid_elsewhere.id
    for url in (
        f"/kelola/bagi-hasil/anggota/{elsewhere_id}",
        f"/kelola/bagi-hasil/anggota/{elsewhere_id}/cetak",
        f"/kelola/bagi-hasil/{paid_id}",
        f"/kelola/bagi-hasil/{paid_id}/cetak",
        f"/kelola/bagi-hasil/{paid_id}.csv",
    ):
        assert manager_web.get(url, status=404).status_int == 404
    form = pay(manager_web, shop)  # our own form, aimed at their member
    form.action = f"/kelola/bagi-hasil/anggota/{elsewhere_id}"
    form.submit(status=404)
    assert db_session.scalar(select(func.count()).select_from(Settlement)) == 1


def whatsapp_of(page) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'id="whatsapp-link" href="([^"]+)"', page.text)
    assert found
    return unescape(found.group(1))


def test_the_whatsapp_link_carries_the_statement_link_and_the_62_number(app, manager_web, shop):
    first, last = last_month()
    page = manager_web.get(statement_url(shop["ids"]["batik"], first, last))
    assert page.headers["Cache-Control"] == "no-store"
    link = whatsapp_of(page)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/6281311112222")
    text = parse_qs(parts.query)["text"][0]
    shown = re.search(r'id="statement-link" type="text" value="([^"]+)" readonly', page.text)
    assert shown
    statement_link = unescape(shown.group(1))
    assert statement_link in text and "Ibu Sekar" in text and rp(NET) in text
    token = urlsplit(statement_link).path.rsplit("/", 1)[1]
    read = read_token(app.config["SECRET_KEY"], unquote(token))
    assert (read.member_id, read.cooperative_id) == (shop["ids"]["batik"], shop["ids"]["coop"])
    # no phone: wa.me without a number, the manager picks the contact
    no_phone = manager_web.get(statement_url(shop["ids"]["kopi"], first, last))
    assert whatsapp_of(no_phone).startswith("https://wa.me/?text=")
