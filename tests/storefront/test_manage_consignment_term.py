"""Consignment terms through the manager's pages as rendered: the terms form (saved, and each
refusal said), intake notes dated back, the goods past term listed by member with a prefilled
return note that takes them off the list, the printed list to collect, the dashboard's panel,
and another cooperative's manager kept out."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from accounts.models import Role
from catalog.models import ConsignmentNote, Cooperative, MovementKind, NoteKind
from catalog.stock import change_stock
from tests import factories
from tests.webforms import PASSWORD, errors, flash_text, form_for, log_in

TERMS = "/kelola/titip/ketentuan"
PAST = "/kelola/titip/lewat-masa"
PRINT = "/kelola/titip/lewat-masa/cetak"
NEW = "/kelola/titip/baru"


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    coop = gallery.cooperative
    member = factories.member(db_session, cooperative=coop, business_name="Keripik Bu Tuti")
    keripik = factories.product(
        db_session, gallery=gallery, member=member, stock=0, with_image=False, name="Keripik"
    )
    sambal = factories.product(
        db_session, gallery=gallery, member=member, stock=0, with_image=False, name="Sambal"
    )
    manager = factories.user(db_session, password=PASSWORD, role=Role.MANAGER, cooperative=coop)
    db_session.commit()
    return {"gallery": gallery, "coop": coop, "member": member, "keripik": keripik,
            "sambal": sambal, "manager": manager}  # fmt: skip


def fresh(db_session, obj):  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.get(type(obj), obj.id)


def intake_form(web, shop, slug: str = "titip"):  # type: ignore[no-untyped-def]
    query = {"jenis": slug, "anggota": shop["member"].id, "galeri": shop["gallery"].id}
    page = web.get(NEW, query)
    return form_for(page, page.request.path)


def intake(web, shop, quantities: dict[str, int], days_ago: int) -> None:  # type: ignore[no-untyped-def]
    """An intake note through the rendered form, dated ``days_ago`` before its default date."""
    form = intake_form(web, shop)
    today = date.fromisoformat(form["note_date"].value)
    form["note_date"] = (today - timedelta(days=days_ago)).isoformat()
    for name, quantity in quantities.items():
        form[f"qty-{shop[name].id}"] = str(quantity)
    assert form.submit().status_int == 303


def test_terms_form_shows_and_saves_the_cooperatives_terms(web, db_session, shop):
    log_in(web, shop["manager"])
    listing = web.get("/kelola/titip")
    page = web.get(listing.html.find("a", id="terms-link")["href"])
    form = form_for(page, TERMS)
    assert (form["consignment_days"].value, form["consignment_grace_days"].value) == ("90", "14")
    form["consignment_days"] = "60"
    form["consignment_grace_days"] = "0"
    form["min_payout"] = "Rp 75.000"
    saved = form.submit()
    assert saved.status_int == 303
    assert "Ketentuan titip disimpan." in flash_text(saved.follow())
    coop = fresh(db_session, shop["coop"])
    assert (coop.consignment_days, coop.consignment_grace_days, coop.min_payout) == (60, 0, 75_000)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("consignment_days", "0", "Masa titip antara 1 dan 3.650 hari."),
        ("consignment_days", "3651", "Masa titip antara 1 dan 3.650 hari."),
        ("consignment_days", "", "Tulis masa titip dalam hari."),
        ("consignment_grace_days", "-1", "Masa tenggang antara 0 dan 365 hari."),
        ("consignment_grace_days", "366", "Masa tenggang antara 0 dan 365 hari."),
        ("min_payout", "100.000.001", "Pembayaran minimum antara Rp 0 dan Rp 100.000.000."),
        ("min_payout", "-5", "Tulis jumlah dalam rupiah bulat"),
        ("min_payout", "lima puluh ribu", "Tulis jumlah dalam rupiah bulat"),
    ],
)
def test_terms_out_of_range_are_refused_with_a_message(
    web, db_session, shop, field, value, message
):
    log_in(web, shop["manager"])
    form = form_for(web.get(TERMS), TERMS)
    form[field] = value
    refused = form.submit(status=400)
    assert " ".join(errors(refused)).count(message) == 1, errors(refused)  # said once
    assert " ".join(errors(refused)).count(message) == 1
    assert form_for(refused, TERMS)[field].value == value  # what was typed stays
    coop = fresh(db_session, shop["coop"])
    assert (coop.consignment_days, coop.consignment_grace_days, coop.min_payout) == (90, 14, 50_000)


def said(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The error messages themselves, without the field's label and hint around them."""
    return [" ".join(p.text.split()) for p in page.html.select("p.error")]


def test_a_note_dated_in_the_future_is_refused(web, db_session, shop):
    log_in(web, shop["manager"])
    form = intake_form(web, shop)
    today = date.fromisoformat(form["note_date"].value)
    assert form.fields["note_date"][0].attrs["max"] == today.isoformat()
    form["note_date"] = (today + timedelta(days=1)).isoformat()
    form[f"qty-{shop['keripik'].id}"] = "3"
    refused = form.submit(status=422)
    assert "Tanggal nota tidak boleh di masa depan." in said(refused), said(refused)
    again = form_for(refused, refused.request.path)
    again["note_date"] = (today - timedelta(days=400)).isoformat()
    refused = again.submit(status=422)
    assert any("paling jauh setahun" in e for e in said(refused)), said(refused)
    again = form_for(refused, refused.request.path)
    again["note_date"] = "kemarin"
    refused = again.submit(status=422)
    assert any("tahun-bulan-hari" in e for e in said(refused)), said(refused)
    assert db_session.scalar(select(func.count()).select_from(ConsignmentNote)) == 0
    assert fresh(db_session, shop["keripik"]).stock == 0


def test_a_back_dated_intake_keeps_its_date(web, db_session, shop):
    log_in(web, shop["manager"])
    intake(web, shop, {"keripik": 2}, days_ago=10)
    note = db_session.scalars(select(ConsignmentNote)).one()
    assert (note.kind, fresh(db_session, shop["keripik"]).stock) == (NoteKind.INTAKE, 2)
    shown = web.get(f"/kelola/titip/{note.id}")
    assert note.note_date.strftime("%-d") in shown.text


def return_link(page) -> str:  # type: ignore[no-untyped-def]
    hrefs = re.findall(r'href="([^"]*jenis=retur[^"]*)"', page.text)
    assert len(hrefs) == 1, hrefs
    return html.unescape(hrefs[0])


def test_goods_past_term_are_returned_through_the_prefilled_note(web, db_session, shop):
    log_in(web, shop["manager"])
    intake(web, shop, {"keripik": 5, "sambal": 2}, days_ago=120)  # overdue: 90 + 14 days
    intake(web, shop, {"keripik": 3}, days_ago=95)  # past term, still in the grace days
    intake(web, shop, {"keripik": 4}, days_ago=5)
    keripik = fresh(db_session, shop["keripik"])
    change_stock(db_session, keripik, -6, MovementKind.SALE)  # the 5 oldest and 1 more sold
    db_session.commit()

    panel = web.get("/kelola/")
    assert panel.html.find(id="past-term-units").text == "4"  # 2 keripik + 2 sambal
    assert panel.html.find(id="past-term-overdue").text == "2"
    page = web.get(PAST)
    rows = {r["data-product"]: r for r in page.html.select("tr[data-product]")}
    assert set(rows) == {str(shop["keripik"].id), str(shop["sambal"].id)}
    assert "Terlambat" in rows[str(shop["sambal"].id)].text
    assert "Terlambat" not in rows[str(shop["keripik"].id)].text
    assert "Keripik Bu Tuti" in page.text

    note_page = web.get(return_link(page))
    form = form_for(note_page, note_page.request.path)
    assert form[f"qty-{shop['keripik'].id}"].value == "2"
    assert form[f"qty-{shop['sambal'].id}"].value == "2"
    assert form["note"].value == "Lewat masa titip"
    first, second = form.submit(), form.submit()  # sent twice: recorded once
    assert first.status_int == second.status_int == 303
    assert first.headers["Location"] == second.headers["Location"]
    returned = db_session.scalars(
        select(ConsignmentNote).where(ConsignmentNote.kind == NoteKind.RETURN)
    ).one()
    assert sorted(line.quantity for line in returned.lines) == [2, 2]
    assert fresh(db_session, shop["keripik"]).stock == 4  # the recent intake's
    assert fresh(db_session, shop["sambal"]).stock == 0
    after = web.get(PAST)
    assert not after.html.select("tr[data-product]") and after.html.find(id="none-past-term")
    assert web.get("/kelola/").html.find(id="past-term-none")


def test_the_printed_list_to_collect(web, db_session, shop):
    log_in(web, shop["manager"])
    intake(web, shop, {"sambal": 2}, days_ago=100)
    page = web.get(PAST)
    link = html.unescape(re.findall(r'href="([^"]*/lewat-masa/cetak[^"]*)"', page.text)[0])
    for paper in ("a4", "80mm", "58mm"):
        printed = web.get(link, {"kertas": paper})
        assert f"paper-{paper}" in printed.text and "print.css" in printed.text
        assert "Barang yang perlu diambil" in printed.text
        assert "Sambal" in printed.text and shop["member"].owner_name in printed.text
        assert printed.text.count('class="signature-line"') == 2


def test_another_cooperatives_manager_cannot_see_or_change_them(web, db_session, shop):
    log_in(web, shop["manager"])
    intake(web, shop, {"sambal": 2}, days_ago=100)
    outsider = factories.user(
        db_session,
        password=PASSWORD,
        role=Role.MANAGER,
        cooperative=factories.cooperative(db_session),
    )
    db_session.commit()
    web.reset()
    log_in(web, outsider)
    page = web.get(PAST)
    assert "Sambal" not in page.text and page.html.find(id="none-past-term")
    query = {"anggota": shop["member"].id, "galeri": shop["gallery"].id}
    web.get(PRINT, query, status=404)
    web.get(PAST, {"anggota": shop["member"].id})  # a filter of another's member shows nothing
    form = form_for(web.get(TERMS), TERMS)
    form["consignment_days"] = "7"
    form.submit(status=303)
    assert fresh(db_session, shop["coop"]).consignment_days == 90
    theirs = db_session.get(Cooperative, outsider.cooperative_id)
    assert fresh(db_session, theirs).consignment_days == 7
    web.reset()
    shopper = factories.user(db_session, password=PASSWORD)
    db_session.commit()
    log_in(web, shopper)
    web.get(TERMS, status=403)
    web.get(PAST, status=403)


def test_products_without_an_intake_note_are_not_listed(web, db_session, shop):
    log_in(web, shop["manager"])
    keripik = fresh(db_session, shop["keripik"])
    change_stock(db_session, keripik, 10, MovementKind.RESTOCK)
    db_session.commit()
    assert web.get(PAST).html.find(id="none-past-term")
    assert web.get("/kelola/").html.find(id="past-term-none")
