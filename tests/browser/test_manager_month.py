"""A cooperative manager's month on a 360-px phone, through the real pages (issue 11): an intake
note for a member, two shop orders of those goods, one cancelled with a reason, the other packed
and delivered by the gallery's own courier who collects the cash, the cash handed over, the
unsold units returned to the member, the member's settlement paid and their statement link
opened by the member. Each step is checked on the page and in the live server's database.

The live server has no card payments (no Stripe keys and no Stripe fake), so both orders are
cash on delivery and the cancelled one has nothing to refund: here the cancellation proves the
reason and the stock coming back once. Cancelling a card order refunds it through the fake
Stripe in tests/storefront/test_manage_cancel.py.

It works in the second gallery of the first demo cooperative, on one member's products that no
other browser test touches, so the shared live server stays as the other tests expect it."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from catalog.models import (
    ConsignmentNote,
    Cooperative,
    Gallery,
    Member,
    MovementKind,
    NoteKind,
    Product,
    StockMovement,
)
from catalog.money import rupiah
from demo import data as demo_data
from orders import cash
from orders.models import (
    CashHandoverItem,
    DeliveryMethod,
    Order,
    OrderLine,
    PaymentMethod,
    Settlement,
    Shipment,
    ShipmentStatus,
)
from tests.browser.test_courier_journey import another_phone, log_in
from tests.browser.test_shop_journey import shot
from tests.live import LiveServer

COOP = demo_data.COOPERATIVES[0]
GALLERY = demo_data.GALLERIES[1]  # not the gallery the courier and labels tests work in
MEMBER = next(m for m in demo_data.MEMBERS if m.key == "bu-ida-rempeyek")
CANCELLED = "Rempeyek Teri Medan"  # order A, cancelled; its unsold units go back to the member
DELIVERED = "Rempeyek Udang Rebon"  # order B, delivered with cash and settled
MANAGER = f"pengelola.{COOP.slug}@gerai.example"
COURIER = f"kurir.{GALLERY.slug}@gerai.example"
ZONE = ZoneInfo("Asia/Jakarta")  # the galleries' day (BABEL_DEFAULT_TIMEZONE)


def fresh(live_db: Session, model: type, row_id: int):  # type: ignore[no-untyped-def]
    """The row as the server left it (a new read transaction sees its commits)."""
    live_db.rollback()
    return live_db.get(model, row_id)


def stock(live_db: Session, product: Product) -> int:
    return fresh(live_db, Product, product.id).stock


def ledger(live_db: Session, product: Product, kind: MovementKind) -> list[StockMovement]:
    live_db.rollback()
    return list(
        live_db.scalars(
            select(StockMovement)
            .where(StockMovement.product_id == product.id, StockMovement.kind == kind)
            .order_by(StockMovement.id)
        )
    )


def released(live_db: Session, product: Product, shipment: Shipment) -> list[int]:
    """The units the cancelled shipment put back into the product's stock, movement by movement."""
    moves = ledger(live_db, product, MovementKind.RELEASE)
    return [m.quantity for m in moves if m.shipment_id == shipment.id]


def post(page: Page, button: str, status: int | None = None) -> None:
    """Click a form's submit button: the POST must answer ``status``, by default a redirect."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click(button)
    page.wait_for_load_state()
    got = answer.value.status
    assert got == status if status else 300 <= got < 400, (button, got, page.url)


def open_note_form(manager: Page, live: LiveServer, kind: str) -> None:
    """The "new note" box of Titip & retur: kind, member, gallery, then its form."""
    manager.goto(live.url + "/kelola/titip")
    manager.select_option("#new-jenis", value=kind)
    manager.select_option("#new-anggota", label=MEMBER.business_name)
    manager.select_option("#new-galeri", label=GALLERY.name)
    manager.click("form[action$='/kelola/titip/baru'] button[type=submit]")
    manager.wait_for_load_state()
    assert f"/kelola/titip/baru?jenis={kind}" in manager.url
    expect(manager.locator("h1")).to_have_text(f"Nota {kind} baru")


def newest_note(live_db: Session, member: Member, kind: NoteKind) -> ConsignmentNote:
    live_db.rollback()
    return live_db.scalars(
        select(ConsignmentNote)
        .where(ConsignmentNote.member_id == member.id, ConsignmentNote.kind == kind)
        .order_by(ConsignmentNote.id.desc())
        .limit(1)
    ).one()


def place_cod_delivery_order(shopper: Page, live: LiveServer, product: Product, qty: int) -> str:
    """The shopper's part: the product in the cart, ojek delivery, cash on delivery; its code."""
    shopper.goto(f"{live.url}/produk/{product.slug}")
    shopper.fill("form.add-to-cart #quantity", str(qty))
    shopper.click("form.add-to-cart button[type=submit]")
    shopper.wait_for_load_state()
    shopper.goto(live.url + "/keranjang/")
    shopper.locator("a", has_text="Lanjut ke pembayaran").click()
    shopper.wait_for_load_state()
    expect(shopper.locator("form.checkout section[aria-labelledby^=g]")).to_have_count(1)
    shopper.fill("#name", "Wati Pembeli Sebulan")
    shopper.fill("#phone", "0813-2222-4444")
    shopper.select_option("#kelurahan_id", label=GALLERY.kelurahan_name)
    shopper.fill("#address", "Jl. Raya Puspiptek Gg. Melati No. 7")
    shopper.locator("button[value=quote]").click()
    shopper.wait_for_load_state()
    shopper.locator("input[type=radio][value=delivery]").check()
    shopper.locator("input[name=payment_method][value=cod]").check()
    shopper.locator("button[value=place]").click()
    shopper.wait_for_load_state()
    match = re.search(r"/pesanan/(GR-[0-9A-Z]{6})\?token=", shopper.url)
    assert match, shopper.url
    return match.group(1)


def shipment_of(live_db: Session, code: str) -> Shipment:
    live_db.rollback()
    return live_db.scalars(select(Shipment).join(Order).where(Order.code == code)).one()


def find_on_desk(manager: Page, live: LiveServer, code: str, tab: str) -> Locator:
    """The orders desk: a tab, the order searched by its code; its card."""
    manager.goto(live.url + "/kelola/pengiriman")
    manager.click(f".desk-tabs a[href*='tab={tab}']")
    manager.wait_for_load_state()
    manager.fill(".desk-filters input[name=q]", code)
    manager.click(".desk-filters button[type=submit]")
    manager.wait_for_load_state()
    card = manager.locator(".desk-card", has_text=code)
    expect(card).to_have_count(1)
    return card


def open_on_desk(manager: Page, live: LiveServer, code: str, tab: str) -> None:
    find_on_desk(manager, live, code, tab).locator("a.desk-code").click()
    manager.wait_for_load_state()


def test_a_managers_month_from_intake_to_the_members_statement(
    browser: Browser, phone: Page, live: LiveServer, live_db: Session
) -> None:
    coop = live_db.scalars(select(Cooperative).where(Cooperative.slug == COOP.slug)).one()
    gallery = live_db.scalars(select(Gallery).where(Gallery.slug == GALLERY.slug)).one()
    member = live_db.scalars(
        select(Member).where(
            Member.cooperative_id == coop.id, Member.business_name == MEMBER.business_name
        )
    ).one()
    products = {
        p.name: p
        for p in live_db.scalars(
            select(Product).where(Product.gallery_id == gallery.id, Product.member_id == member.id)
        )
    }
    teri, udang = products[CANCELLED], products[DELIVERED]
    teri_before, udang_before = teri.stock, udang.stock
    manager = phone
    log_in(manager, live, MANAGER)

    # 1. Intake: a titip note for the member with two of their products; its print view
    open_note_form(manager, live, "titip")
    manager.fill(f"#qty-{teri.id}", "6")
    manager.fill(f"#qty-{udang.id}", "4")
    manager.fill("#note", "Setoran awal bulan")
    shot(manager, "month-1-intake-form-phone")
    post(manager, "form.panel button[type=submit]")
    intake = newest_note(live_db, member, NoteKind.INTAKE)
    assert manager.url.endswith(f"/kelola/titip/{intake.id}")
    expect(manager.locator(".flash-success")).to_have_text(f"Nota {intake.code} disimpan.")
    expect(manager.locator("[data-print]")).to_be_visible()  # labels.js wired the Print button
    expect(manager.locator(".consignment-note .slip-code")).to_contain_text(intake.code)
    expect(manager.locator(".slip-lines tbody tr")).to_have_count(2)
    expect(manager.locator(".slip-lines tfoot")).to_contain_text("10")
    manager.click(".paper-choice[href*='80mm']")
    manager.wait_for_load_state()
    expect(manager.locator("body")).to_have_class(re.compile(r"\bpaper-80mm\b"))
    shot(manager, "month-1-intake-note-80mm-phone")
    assert (stock(live_db, teri), stock(live_db, udang)) == (teri_before + 6, udang_before + 4)
    assert {ln.product_id: ln.quantity for ln in intake.lines} == {teri.id: 6, udang.id: 4}
    for product, quantity in ((teri, 6), (udang, 4)):
        last = ledger(live_db, product, MovementKind.INTAKE)[-1]
        assert (last.quantity, last.note_id) == (quantity, intake.id)
    teri_in, udang_in = teri_before + 6, udang_before + 4

    # 2. Orders: a shopper buys 2 of each product in two orders, ojek delivery, cash on delivery
    with another_phone(browser) as shopper:
        code_a = place_cod_delivery_order(shopper, live, teri, 2)
        code_b = place_cod_delivery_order(shopper, live, udang, 2)
        expect(shopper.locator("h1")).to_contain_text(f"Pesanan {code_b}")
        shot(shopper, "month-2-order-b-phone")
    order_a, order_b = shipment_of(live_db, code_a), shipment_of(live_db, code_b)
    for shipment, product in ((order_a, teri), (order_b, udang)):
        assert shipment.order.payment_method == PaymentMethod.COD
        assert shipment.delivery_method == DeliveryMethod.DELIVERY
        assert shipment.status == ShipmentStatus.CONFIRMED
        assert [(ln.product_id, ln.quantity) for ln in shipment.lines] == [(product.id, 2)]
        assert shipment.cod_amount == shipment.subtotal + shipment.delivery_fee
    assert (stock(live_db, teri), stock(live_db, udang)) == (teri_in - 2, udang_in - 2)

    # 3. Cancel order A from the desk with a reason: stock back exactly once, under "Dibatalkan"
    open_on_desk(manager, live, code_a, "baru")
    manager.locator("a.button.danger", has_text="Batalkan pengiriman").click()
    manager.wait_for_load_state()
    cancel_url = manager.url
    assert cancel_url.endswith(f"/kelola/pengiriman/{order_a.id}/batal")
    expect(manager.locator("input[name=scope][value=shipment]")).to_be_checked()
    manager.select_option("#reason", value="shopper_asked")
    manager.fill("#detail", "Pembeli pindah ke luar kota")
    shot(manager, "month-3-cancel-form-phone")
    post(manager, "form.narrow-form button[type=submit]")
    assert manager.url.endswith(f"/kelola/pengiriman/{order_a.id}")
    expect(manager.locator("main h1 + p strong")).to_have_text("Dibatalkan")
    cancelled = shipment_of(live_db, code_a)
    assert cancelled.status == ShipmentStatus.CANCELLED
    assert "Pembeli pindah ke luar kota" in cancelled.cancel_reason
    assert released(live_db, teri, order_a) == [2]
    assert stock(live_db, teri) == teri_in
    manager.goto(cancel_url)  # the same cancellation once more: refused, nothing comes back twice
    expect(manager.locator("main p.error[role=alert]")).to_be_visible()
    manager.select_option("#reason", value="shopper_asked")
    post(manager, "form.narrow-form button[type=submit]", status=409)
    assert stock(live_db, teri) == teri_in
    assert released(live_db, teri, order_a) == [2]
    card = find_on_desk(manager, live, code_a, "batal")
    expect(manager.locator(".desk-tabs a[aria-current=page]")).to_contain_text("Dibatalkan")
    expect(card.locator(".badge")).to_have_text("Dibatalkan")
    card.scroll_into_view_if_needed()
    shot(manager, "month-3-desk-cancelled-phone")

    # 4. Order B: packed and made ready by the manager, delivered by the gallery's own courier
    open_on_desk(manager, live, code_b, "baru")
    for status in ("packing", "ready"):
        post(manager, f"form:has(input[name=status][value={status}]) button")
    assert shipment_of(live_db, code_b).status == ShipmentStatus.READY
    with another_phone(browser) as courier:
        log_in(courier, live, COURIER)
        courier.goto(live.url + "/kurir/")
        job = courier.locator(".courier-job", has_text=code_b)
        expect(job).to_contain_text(rupiah(order_b.cod_amount))
        job.locator("input[name=plate]").fill("B 4411 TGS")
        job.locator("button[type=submit]").click()
        courier.wait_for_load_state()
        courier.locator("form[action$='/diambil'] button").click()
        courier.wait_for_load_state()
        collected = courier.locator("form.delivered-form input[name=cod_collected]")
        expect(collected).to_have_value(str(order_b.cod_amount))
        collected.fill(rupiah(order_b.cod_amount).removeprefix("Rp "))  # "86.000", as typed
        shot(courier, "month-4-courier-deliver-phone")
        courier.locator("form.delivered-form button[type=submit]").click()
        courier.wait_for_load_state()
        assert courier.url.endswith("/kurir/")
        expect(courier.locator(".courier-job", has_text=code_b)).to_have_count(0)
    delivered = shipment_of(live_db, code_b)
    courier_user = live_db.scalars(select(User).where(User.email == COURIER)).one()
    assert delivered.status == ShipmentStatus.DELIVERED
    assert delivered.completed_at is not None
    assert delivered.courier_user_id == courier_user.id
    assert delivered.cod_collected == delivered.cod_amount
    assert stock(live_db, udang) == udang_in - 2

    # 5. Cash handover: the courier brings the cash; the receipt shows; the balance is zero
    manager.goto(live.url + "/kelola/kurir/setoran/baru")
    row = manager.locator("tr", has_text=courier_user.name)
    receive = row.locator("a", has_text="Terima setoran")
    key = (receive.get_attribute("href") or "").split("courier=")[1]
    receive.click()
    manager.wait_for_load_state()
    expect(manager.locator(f"#shipment-{order_b.id}")).to_be_checked()
    reported = manager.locator("form.panel tfoot th.num").last.inner_text()
    manager.fill("#amount", reported.removeprefix("Rp "))
    manager.fill("#note", "Setoran sore")
    manager.locator(f"#shipment-{order_b.id}").scroll_into_view_if_needed()
    shot(manager, "month-5-handover-form-phone")
    post(manager, "form.panel button[type=submit]")
    expect(manager.locator(".flash-success")).to_have_text("Setoran dicatat.")
    expect(manager.locator("main.receipt h1")).to_have_text("Tanda terima setoran tunai")
    expect(manager.locator(".receipt-lines")).to_contain_text(code_b)
    shot(manager, "month-5-handover-receipt-phone")
    live_db.rollback()
    item = live_db.scalars(
        select(CashHandoverItem).where(CashHandoverItem.shipment_id == order_b.id)
    ).one()
    assert item.reported == item.due == order_b.cod_amount
    assert item.handover.amount == item.handover.expected
    assert cash.balance_of(live_db, coop.id, key).balance == 0
    manager.goto(f"{live.url}/kelola/kurir/setoran/baru?courier={key}")
    expect(manager.locator("main")).to_contain_text("Saldo sekarang: Rp 0")

    # 6. Return: the unsold units of the cancelled product go back to the member
    left = stock(live_db, teri)
    open_note_form(manager, live, "retur")
    expect(manager.locator(f"tr:has(#qty-{teri.id}) td.num").first).to_have_text(str(left))
    manager.fill(f"#qty-{teri.id}", str(left))
    manager.fill("#note", "Sisa tidak laku, diambil pemilik")
    manager.locator(f"#qty-{teri.id}").scroll_into_view_if_needed()
    shot(manager, "month-6-return-form-phone")
    post(manager, "form.panel button[type=submit]")
    returned = newest_note(live_db, member, NoteKind.RETURN)
    assert manager.url.endswith(f"/kelola/titip/{returned.id}")
    expect(manager.locator(".consignment-note .slip-code")).to_contain_text(returned.code)
    shot(manager, "month-6-return-note-phone")
    assert stock(live_db, teri) == 0
    assert stock(live_db, udang) == udang_in - 2
    last = ledger(live_db, teri, MovementKind.RETURNED_TO_MEMBER)[-1]
    assert (last.quantity, last.stock_after, last.note_id) == (-left, 0, returned.id)

    # 7. Settlement: this month's statement has order B's line; marked paid, it is frozen
    today = datetime.now(ZONE).date()
    first = today.replace(day=1)
    manager.goto(live.url + "/kelola/bagi-hasil")
    manager.fill("form.settle-period input[name=dari]", first.isoformat())
    manager.fill("form.settle-period input[name=sampai]", today.isoformat())
    manager.click("form.settle-period button[type=submit]")
    manager.wait_for_load_state()
    manager.locator(f"tr.settle-row[data-member='{member.id}'] a").click()
    manager.wait_for_load_state()
    line_b = live_db.scalars(select(OrderLine).where(OrderLine.shipment_id == order_b.id)).one()
    expect(manager.locator(f"#sale-rows tr[data-line='{line_b.id}']")).to_contain_text(code_b)
    expect(manager.locator("#sale-rows tr.sale-row", has_text=code_a)).to_have_count(0)
    # 2 × Rp 35.000 alone is above the demo's minimum payout (Rp 50.000): nothing carries over
    expect(manager.locator("#standing")).to_have_text("siap dibayar")
    net_shown = manager.locator("#total-net").inner_text()
    manager.locator(f"#sale-rows tr[data-line='{line_b.id}']").scroll_into_view_if_needed()
    shot(manager, "month-7-statement-phone")
    manager.fill("#reference", "Kuitansi BH-07")
    post(manager, "form.settle-pay button[type=submit]")
    live_db.rollback()
    paid = live_db.scalars(
        select(Settlement).where(Settlement.member_id == member.id, Settlement.period_end == today)
    ).one()
    assert manager.url.endswith(f"/kelola/bagi-hasil/{paid.id}")
    assert (paid.period_start, paid.period_end, paid.paid_on) == (first, today, today)
    assert paid.reference == "Kuitansi BH-07"
    assert fresh(live_db, OrderLine, line_b.id).settlement_id == paid.id
    expect(manager.locator("#paid-head")).to_be_visible()
    expect(manager.locator("#paid-reference")).to_have_text("Kuitansi BH-07")
    expect(manager.locator("#total-net")).to_have_text(rupiah(paid.net))
    expect(manager.locator("#total-gross")).to_have_text(rupiah(paid.gross))
    assert rupiah(paid.net) == net_shown
    expect(manager.locator(".settle-pay")).to_have_count(0)
    manager.locator("#paid-head").scroll_into_view_if_needed()
    shot(manager, "month-7-settlement-paid-phone")

    # 8. The member's statement link, opened without a manager session
    link = manager.input_value("#statement-link")
    assert link.startswith(live.url + "/anggota/")
    assert quote(link, safe="") in (manager.get_attribute("#whatsapp-link", "href") or "")
    with another_phone(browser) as member_phone:  # a fresh context: no manager session
        member_phone.goto(link)
        expect(member_phone.locator("h1")).to_have_text(MEMBER.business_name)
        statement = member_phone.locator("#riwayat .member-card", has_text=rupiah(paid.net))
        expect(statement).to_have_count(1)
        shot(member_phone, "month-8-member-page-phone")
        assert member_phone.evaluate("document.documentElement.scrollWidth") <= 360
        statement.locator("a.member-link").click()
        member_phone.wait_for_load_state()
        expect(member_phone.locator("main")).to_contain_text(code_b)
        expect(member_phone.locator("main")).to_contain_text(rupiah(paid.net))
        shot(member_phone, "month-8-member-statement-phone")
        token = link.rsplit("/", 1)[1]
        at = len(token) // 2
        altered = token[:at] + ("B" if token[at] == "A" else "A") + token[at + 1 :]
        answer = member_phone.goto(link.replace(token, altered))
        assert answer is not None and answer.status == 404
        expect(member_phone.locator(".error-page h1")).to_be_visible()
        shot(member_phone, "month-8-altered-link-phone")
