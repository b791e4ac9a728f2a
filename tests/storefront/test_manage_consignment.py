"""Consignment notes through the manager's pages as rendered: intake, return and write-off
forms, their refusals (nothing written), a form sent twice, other cooperatives, the printout;
and a property: stock always equals the sum of the product's ledger and never goes below 0."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from accounts.models import Role
from catalog import consignment
from catalog.exceptions import InvalidInput
from catalog.models import ConsignmentNote, NoteKind, Product, StockMovement, WriteOffReason
from tests import factories
from tests.webforms import PASSWORD, errors, flash_text, form_for, log_in

NEW = "/kelola/titip/baru"


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    member = factories.member(db_session, cooperative=gallery.cooperative)
    other = factories.member(db_session, cooperative=gallery.cooperative)
    keripik = factories.product(
        db_session, gallery=gallery, member=member, stock=4, with_image=False, name="Keripik Tempe"
    )
    sambal = factories.product(
        db_session, gallery=gallery, member=member, stock=0, with_image=False, name="Sambal Roa"
    )
    foreign = factories.product(db_session, gallery=gallery, member=other, with_image=False)
    manager = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=gallery.cooperative
    )
    db_session.commit()
    return {"gallery": gallery, "member": member, "keripik": keripik, "sambal": sambal,
            "foreign": foreign, "manager": manager}  # fmt: skip


def open_form(web, shop, slug: str):  # type: ignore[no-untyped-def]
    log_in(web, shop["manager"])
    listing = web.get("/kelola/titip")
    picker = form_for(listing, NEW)
    picker["jenis"] = slug
    picker["anggota"] = str(shop["member"].id)
    page = picker.submit()
    assert page.status_int == 200
    return page, form_for(page, page.request.path)


def counts(db_session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return (
        db_session.scalar(select(func.count()).select_from(ConsignmentNote)),
        db_session.scalar(select(func.count()).select_from(StockMovement)),
    )


def stock(db_session, product) -> int:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.get(Product, product.id).stock


def test_intake_note_adds_stock_with_one_movement_per_line(web, db_session, shop):
    _page, form = open_form(web, shop, "titip")
    form[f"qty-{shop['keripik'].id}"] = "10"
    form[f"qty-{shop['sambal'].id}"] = "3"
    result = form.submit().follow()
    assert "TT-000001" in result.text
    assert "Nota TT-000001 disimpan." in flash_text(result)  # told on the printable note
    note = db_session.scalars(select(ConsignmentNote)).one()
    assert note.kind is NoteKind.INTAKE
    assert sorted((line.product_id, line.quantity) for line in note.lines) == sorted(
        [(shop["keripik"].id, 10), (shop["sambal"].id, 3)]
    )
    moves = db_session.scalars(select(StockMovement).where(StockMovement.note_id == note.id)).all()
    assert sorted((m.kind.value, m.quantity) for m in moves) == [("intake", 3), ("intake", 10)]
    assert stock(db_session, shop["keripik"]) == 14
    assert stock(db_session, shop["sambal"]) == 3


def test_return_note_takes_stock_and_is_refused_above_stock(web, db_session, shop):
    _page, form = open_form(web, shop, "retur")
    assert f"qty-{shop['sambal'].id}" not in form.fields  # nothing of it to return
    before = counts(db_session)
    form[f"qty-{shop['keripik'].id}"] = "5"
    refused = form.submit(status=422)
    assert any("Keripik Tempe" in e and "4" in e for e in errors(refused)), errors(refused)
    assert "stok" in " ".join(errors(refused)).lower()
    assert counts(db_session) == before and stock(db_session, shop["keripik"]) == 4
    again = form_for(refused, refused.request.path)
    again[f"qty-{shop['keripik'].id}"] = "4"
    shown = again.submit().follow()
    assert "RT-000001" in shown.text
    assert stock(db_session, shop["keripik"]) == 0
    move = db_session.scalars(select(StockMovement).where(StockMovement.note_id.is_not(None))).one()
    assert (move.kind.value, move.quantity, move.stock_after) == ("returned_to_member", -4, 0)


def test_a_note_without_lines_is_refused(web, db_session, shop):
    _page, form = open_form(web, shop, "titip")
    before = counts(db_session)
    refused = form.submit(status=422)
    assert any("setidaknya satu produk" in e for e in errors(refused)), errors(refused)
    assert counts(db_session) == before


def test_another_members_product_is_refused(web, db_session, shop):
    _page, form = open_form(web, shop, "titip")
    before = counts(db_session)
    # hostile input: a line the page does not render
    fields = dict(form.submit_fields()) | {f"qty-{shop['foreign'].id}": "2"}
    refused = web.post(form.action or _page.request.path_qs, fields, status=422)
    assert any(shop["member"].business_name in e for e in errors(refused)), errors(refused)
    assert counts(db_session) == before


def test_write_off_needs_a_reason(web, db_session, shop):
    _page, form = open_form(web, shop, "hapus")
    before = counts(db_session)
    form[f"qty-{shop['keripik'].id}"] = "1"
    refused = form.submit(status=422)
    assert any("alasan" in e.lower() for e in errors(refused)), errors(refused)
    assert counts(db_session) == before
    again = form_for(refused, refused.request.path)
    again["reason"] = "other"
    refused = again.submit(status=422)
    assert errors(refused) and counts(db_session) == before
    again = form_for(refused, refused.request.path)
    again["reason"] = "damaged"
    again[f"qty-{shop['keripik'].id}"] = "1"
    assert "WO-000001" in again.submit().follow().text
    note = db_session.scalars(select(ConsignmentNote)).one()
    assert note.reason is WriteOffReason.DAMAGED
    assert stock(db_session, shop["keripik"]) == 3


def test_the_same_form_sent_twice_records_once(web, db_session, shop):
    _page, form = open_form(web, shop, "titip")
    form[f"qty-{shop['keripik'].id}"] = "2"
    first = form.submit()
    second = form.submit()
    assert first.status_int == second.status_int == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert counts(db_session)[0] == 1
    assert stock(db_session, shop["keripik"]) == 6


def test_printable_note_has_both_signatures_on_every_paper(web, db_session, shop):
    _page, form = open_form(web, shop, "titip")
    form[f"qty-{shop['keripik'].id}"] = "2"
    note_page = form.submit().follow()
    for paper in ("a4", "80mm", "58mm"):
        printed = web.get(note_page.request.path, {"kertas": paper})
        assert f"paper-{paper}" in printed.text
        assert printed.text.count('class="signature-line"') == 2
        assert shop["member"].owner_name in printed.text and "Keripik Tempe" in printed.text


def test_another_cooperatives_notes_and_members_are_404(web, db_session, shop):
    outsider = factories.product(db_session, with_image=False)
    theirs = consignment.record_note(
        db_session,
        outsider.gallery.cooperative_id,
        consignment.NoteInput(NoteKind.INTAKE, outsider.gallery_id, outsider.member_id,
                              {outsider.id: 1}, submission="outsider-1"),
    )  # fmt: skip
    db_session.commit()
    log_in(web, shop["manager"])
    web.get(f"/kelola/titip/{theirs.id}", status=404)
    query = {"jenis": "titip", "anggota": outsider.member_id, "galeri": outsider.gallery_id}
    web.get(NEW, query, status=404)
    query["galeri"] = shop["gallery"].id
    web.get(NEW, query, status=404)
    listing = web.get("/kelola/titip")
    assert theirs.code not in listing.text or outsider.gallery.name not in listing.text


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(st.sampled_from(list(NoteKind)), st.integers(min_value=1, max_value=6)),
        max_size=12,
    )
)
def test_stock_always_equals_its_ledger(db_session, steps):  # type: ignore[no-untyped-def]
    product = factories.product(db_session, stock=0, with_image=False)
    coop = product.gallery.cooperative_id
    for i, (kind, quantity) in enumerate(steps):
        before = stock(db_session, product)
        data = consignment.NoteInput(
            kind, product.gallery_id, product.member_id, {product.id: quantity},
            submission=f"p{product.id}-{i}", reason=WriteOffReason.LOST,
        )  # fmt: skip
        try:
            consignment.record_note(db_session, coop, data)
        except InvalidInput:
            assert kind is not NoteKind.INTAKE and quantity > before
            assert stock(db_session, product) == before
        ledger = db_session.scalar(
            select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
                StockMovement.product_id == product.id
            )
        )
        level = stock(db_session, product)
        assert level == ledger and level >= 0
