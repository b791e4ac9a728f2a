"""The consignment term rule (catalog.consignment.past_term): stock is attributed to the most
recent intake notes first, so the oldest goods count as sold first; units past the term and
overdue for collection, at the boundaries; the terms' own ranges; the note date's range."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from catalog import consignment
from catalog.exceptions import InvalidInput
from catalog.models import MovementKind, NoteKind, Product, WriteOffReason
from catalog.stock import change_stock
from tests import factories

TODAY = date(2026, 12, 7)


@pytest.fixture
def product(db_session) -> Product:  # type: ignore[no-untyped-def]
    """A product with no stock; its cooperative's term is 30 days with 7 days' grace."""
    product = factories.product(db_session, stock=0, with_image=False)
    coop = product.gallery.cooperative
    coop.consignment_days, coop.consignment_grace_days = 30, 7
    db_session.flush()
    return product


def note(db_session, product: Product, kind: NoteKind, quantity: int, days_ago: int) -> None:  # type: ignore[no-untyped-def]
    consignment.record_note(
        db_session,
        product.gallery.cooperative_id,
        consignment.NoteInput(
            kind, product.gallery_id, product.member_id, {product.id: quantity},
            submission=f"{product.id}-{kind}-{quantity}-{days_ago}-{factories._n()}",
            note_date=TODAY - timedelta(days=days_ago), reason=WriteOffReason.DAMAGED,
        ),
        today=TODAY,
    )  # fmt: skip


def sell(db_session, product: Product, quantity: int) -> None:  # type: ignore[no-untyped-def]
    change_stock(db_session, product, -quantity, MovementKind.SALE)


def items(db_session, product: Product, today: date = TODAY) -> list[consignment.PastTermItem]:  # type: ignore[no-untyped-def]
    return consignment.past_term(db_session, product.gallery.cooperative_id, today)


def test_the_oldest_goods_sell_first(db_session, product):
    note(db_session, product, NoteKind.INTAKE, 5, days_ago=100)
    note(db_session, product, NoteKind.INTAKE, 4, days_ago=50)
    note(db_session, product, NoteKind.INTAKE, 3, days_ago=10)  # within the term
    sell(db_session, product, 6)  # 5 of the oldest, 1 of the middle intake
    [item] = items(db_session, product)
    assert (item.product_id, item.units, item.overdue_units) == (product.id, 3, 3)
    assert item.oldest_intake == TODAY - timedelta(days=50)
    assert item.term_ends == item.oldest_intake + timedelta(days=30)
    assert item.collect_by == item.term_ends + timedelta(days=7)
    assert item.overdue
    assert (item.member_id, item.gallery_id) == (product.member_id, product.gallery_id)


def test_stock_from_several_old_intakes_is_summed_and_the_oldest_date_kept(db_session, product):
    note(db_session, product, NoteKind.INTAKE, 5, days_ago=100)
    note(db_session, product, NoteKind.INTAKE, 4, days_ago=35)  # past term, within grace
    note(db_session, product, NoteKind.INTAKE, 3, days_ago=10)
    sell(db_session, product, 2)
    [item] = items(db_session, product)
    assert (item.units, item.overdue_units) == (3 + 4, 3)
    assert item.oldest_intake == TODAY - timedelta(days=100)


def test_sold_down_to_the_recent_intakes_is_not_listed(db_session, product):
    note(db_session, product, NoteKind.INTAKE, 5, days_ago=100)
    note(db_session, product, NoteKind.INTAKE, 3, days_ago=10)
    sell(db_session, product, 5)
    assert items(db_session, product) == []


def test_returns_and_write_offs_take_the_oldest_goods_too(db_session, product):
    note(db_session, product, NoteKind.INTAKE, 5, days_ago=100)
    note(db_session, product, NoteKind.INTAKE, 3, days_ago=10)
    note(db_session, product, NoteKind.RETURN, 2, days_ago=5)
    [item] = items(db_session, product)
    assert item.units == 3
    note(db_session, product, NoteKind.WRITE_OFF, 3, days_ago=1)
    assert items(db_session, product) == []


def test_restocked_goods_are_never_past_term(db_session, product):
    change_stock(db_session, product, 20, MovementKind.RESTOCK)
    assert items(db_session, product) == []
    note(db_session, product, NoteKind.INTAKE, 2, days_ago=100)
    [item] = items(db_session, product)  # 22 in stock, only the intake's 2 are dated
    assert item.units == 2


@pytest.mark.parametrize(
    ("days_ago", "past", "overdue"),
    [
        (30, False, False),  # the term ends today
        (31, True, False),  # ended yesterday
        (37, True, False),  # the last day to collect
        (38, True, True),  # the collect-by date has passed
    ],
)
def test_term_and_grace_boundaries(db_session, product, days_ago, past, overdue):
    note(db_session, product, NoteKind.INTAKE, 2, days_ago=days_ago)
    found = items(db_session, product)
    assert bool(found) is past
    if found:
        assert found[0].overdue is overdue
        assert found[0].term_ends == TODAY - timedelta(days=days_ago - 30)
        assert (found[0].collect_by >= TODAY) is not overdue


def test_a_zero_grace_period_is_overdue_the_day_after_the_term(db_session, product):
    product.gallery.cooperative.consignment_grace_days = 0
    note(db_session, product, NoteKind.INTAKE, 2, days_ago=31)
    [item] = items(db_session, product)
    assert item.overdue and item.collect_by == item.term_ends == TODAY - timedelta(days=1)


def test_sorted_oldest_first_and_filtered(db_session, product):
    other = factories.product(
        db_session, gallery=product.gallery, stock=0, with_image=False, name="Yang Lain"
    )
    note(db_session, product, NoteKind.INTAKE, 1, days_ago=35)
    note(db_session, other, NoteKind.INTAKE, 1, days_ago=60)
    coop = product.gallery.cooperative_id
    assert [i.product_id for i in items(db_session, product)] == [other.id, product.id]
    only = consignment.past_term(db_session, coop, TODAY, member_id=product.member_id)
    assert [i.product_id for i in only] == [product.id]
    assert consignment.past_term(db_session, coop, TODAY, gallery_id=product.gallery_id + 999) == []
    counts = consignment.past_term_counts(items(db_session, product))
    assert counts == consignment.PastTermCounts(products=2, units=2, overdue_products=1,
                                                overdue_units=1)  # fmt: skip


def test_another_cooperatives_goods_are_not_listed(db_session, product):
    note(db_session, product, NoteKind.INTAKE, 2, days_ago=100)
    elsewhere = factories.gallery(db_session)
    assert consignment.past_term(db_session, elsewhere.cooperative_id, TODAY) == []


def test_terms_are_set_within_their_ranges(db_session, product):
    coop_id = product.gallery.cooperative_id
    terms = consignment.ConsignmentTerms(days=60, grace_days=0, min_payout=0)
    consignment.set_terms(db_session, coop_id, terms)
    assert consignment.terms_of(db_session, coop_id) == terms
    for bad, field in [
        (consignment.ConsignmentTerms(0, 7, 0), "consignment_days"),
        (consignment.ConsignmentTerms(3651, 7, 0), "consignment_days"),
        (consignment.ConsignmentTerms(30, -1, 0), "consignment_grace_days"),
        (consignment.ConsignmentTerms(30, 366, 0), "consignment_grace_days"),
        (consignment.ConsignmentTerms(30, 7, -1), "min_payout"),
        (consignment.ConsignmentTerms(30, 7, 100_000_001), "min_payout"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            consignment.set_terms(db_session, coop_id, bad)
        assert refused.value.field == field
    assert consignment.terms_of(db_session, coop_id) == terms


def test_a_note_is_dated_today_or_up_to_a_year_back(db_session, product):
    with pytest.raises(InvalidInput) as refused:
        note(db_session, product, NoteKind.INTAKE, 1, days_ago=-1)
    assert refused.value.field == "note_date"
    with pytest.raises(InvalidInput):
        note(db_session, product, NoteKind.INTAKE, 1, days_ago=366)
    note(db_session, product, NoteKind.INTAKE, 1, days_ago=365)  # 7 December 2025
    assert consignment.year_before(date(2028, 2, 29)) == date(2027, 2, 28)
