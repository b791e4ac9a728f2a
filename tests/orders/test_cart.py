"""The cart's domain: untrusted lines made safe, changes checked against stock, priced fresh."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog.models import ProductStatus
from orders import cart as carts
from orders.cart import (
    CartFull,
    CartLine,
    InvalidQuantity,
    NotEnoughStock,
    NotInCart,
    Problem,
    ProductUnavailable,
)
from orders.checkout import MAX_LINES, MAX_QUANTITY
from orders.models import CartItem
from tests import factories

# --- sanitising -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [None, "cart", 5, {"1": 2}, b"\x00", [None], [[1]], [[1, 2, 3]], ["12"], [{"x": 1}]],
)
def test_garbage_gives_an_empty_cart(raw):
    assert carts.sanitise_lines(raw) == []


@pytest.mark.parametrize(
    "entry",
    [
        ["1", 2],
        [1, "2"],
        [1.0, 2],
        [1, 2.5],
        [True, 1],
        [1, False],
        [0, 1],
        [-4, 1],
        [2**31, 1],
        [10**40, 1],
        [1, None],
        [[1], 1],
    ],
)
def test_entries_with_bad_ids_or_quantities_are_dropped(entry):
    assert carts.sanitise_lines([entry, [7, 2]]) == [CartLine(7, 2)]


@pytest.mark.parametrize(
    ("quantity", "kept"), [(0, 1), (-1, 1), (-(10**9), 1), (10**9, MAX_QUANTITY), (10**40, 99)]
)
def test_quantities_are_clamped(quantity, kept):
    assert carts.sanitise_lines([[5, quantity]]) == [CartLine(5, kept)]


def test_duplicates_merge_and_order_is_kept():
    raw = [[3, 1], [1, 2], [3, 4], (2**31 - 1, 1), {"product_id": 9, "quantity": 1}]
    assert carts.sanitise_lines(raw) == [
        CartLine(3, 5),
        CartLine(1, 2),
        CartLine(2**31 - 1, 1),
        CartLine(9, 1),
    ]
    assert carts.sanitise_lines([[3, 60], [3, 60]]) == [CartLine(3, MAX_QUANTITY)]


def test_at_most_max_lines_but_duplicates_of_kept_lines_still_merge():
    raw = [[i, 1] for i in range(1, MAX_LINES + 11)] + [[1, 1]]
    lines = carts.sanitise_lines(raw)
    assert len(lines) == MAX_LINES
    assert lines[0] == CartLine(1, 2)
    assert lines[-1].product_id == MAX_LINES


def test_merge_sums_the_account_and_guest_carts_clamped():
    account = [CartLine(1, 2), CartLine(2, 90)]
    guest = [CartLine(2, 20), CartLine(3, 1)]
    assert carts.merge_lines(account, guest) == [
        CartLine(1, 2),
        CartLine(2, MAX_QUANTITY),
        CartLine(3, 1),
    ]


@pytest.mark.parametrize(
    "raw", ["0", "-1", "1000000000", "10^9", "1e3", "abc", "", "  ", None, "1.5", "１２", "100"]
)
def test_bad_quantities_are_refused(raw):
    with pytest.raises(InvalidQuantity):
        carts.parse_quantity(raw)


def test_good_quantities_and_zero_when_it_means_remove():
    assert carts.parse_quantity(" 3 ") == 3
    assert carts.parse_quantity("99") == MAX_QUANTITY
    assert carts.parse_quantity("0", allow_zero=True) == 0
    with pytest.raises(InvalidQuantity):
        carts.parse_quantity("-1", allow_zero=True)


@pytest.mark.parametrize("raw", ["", "0", "-3", "abc", "2147483648", "9" * 30, None, "1.0"])
def test_bad_product_ids_are_none(raw):
    assert carts.parse_product_id(raw) is None


# --- changing the cart --------------------------------------------------------------------


def test_add_appends_or_sums_and_never_caps_silently(db_session):
    product = factories.product(db_session, stock=5)
    lines = carts.add_line([], product, 2)
    assert lines == [CartLine(product.id, 2)]
    lines = carts.add_line(lines, product, 3)
    assert lines == [CartLine(product.id, 5)]
    with pytest.raises(NotEnoughStock) as short:
        carts.add_line(lines, product, 1)
    assert short.value.available == 5
    assert short.value.params["in_cart"] == 5


def test_add_refuses_more_than_the_stock_with_the_count_left(db_session):
    product = factories.product(db_session, stock=3, name="Gula Semut Aren")
    with pytest.raises(NotEnoughStock) as short:
        carts.add_line([], product, 4)
    assert str(short.value) == "Only 3 of Gula Semut Aren left."


def test_add_refuses_sold_out_hidden_and_missing_products(db_session):
    sold_out = factories.product(db_session, stock=0)
    archived = factories.product(db_session, status=ProductStatus.ARCHIVED)
    draft = factories.product(db_session, status=ProductStatus.DRAFT)
    closed = factories.product(db_session)
    closed.gallery.is_active = False
    with pytest.raises(NotEnoughStock):
        carts.add_line([], sold_out, 1)
    for product in (archived, draft, closed, None):
        with pytest.raises(ProductUnavailable):
            carts.add_line([], product, 1)


def test_add_refuses_bad_quantities_over_max_and_a_full_cart(db_session):
    product = factories.product(db_session, stock=500)
    for quantity in (0, -1, 10**9):
        with pytest.raises(InvalidQuantity):
            carts.add_line([], product, quantity)
    with pytest.raises(InvalidQuantity):
        carts.add_line([CartLine(product.id, 98)], product, 2)
    full = [CartLine(10_000 + i, 1) for i in range(MAX_LINES)]
    with pytest.raises(CartFull):
        carts.add_line(full, product, 1)
    assert carts.add_line([*full[:-1], CartLine(product.id, 1)], product, 1)[-1].quantity == 2


def test_change_sets_removes_and_checks_stock(db_session):
    product = factories.product(db_session, stock=4)
    other = factories.product(db_session)
    lines = [CartLine(product.id, 1), CartLine(other.id, 1)]
    assert carts.change_line(lines, product.id, product, 4)[0] == CartLine(product.id, 4)
    assert carts.change_line(lines, product.id, None, 0) == [CartLine(other.id, 1)]
    with pytest.raises(NotEnoughStock):
        carts.change_line(lines, product.id, product, 5)
    with pytest.raises(NotInCart):
        carts.change_line([CartLine(other.id, 1)], product.id, product, 2)
    with pytest.raises(InvalidQuantity):
        carts.change_line(lines, product.id, product, -1)


# --- pricing ------------------------------------------------------------------------------


def test_price_cart_groups_by_gallery_name_with_subtotals(db_session):
    zebra = factories.gallery(db_session, name="Zz Galeri Uji")
    alpha = factories.gallery(db_session, name="Aa Galeri Uji")
    z1 = factories.product(db_session, gallery=zebra, price=10_000)
    a1 = factories.product(db_session, gallery=alpha, price=25_000)
    a2 = factories.product(db_session, gallery=alpha, price=7_500)
    lines = [CartLine(z1.id, 3), CartLine(a2.id, 2), CartLine(a1.id, 1)]
    view = carts.price_cart(db_session, lines)
    assert [g.gallery.name for g in view.groups] == ["Aa Galeri Uji", "Zz Galeri Uji"]
    assert [i.product.id for i in view.groups[0].items] == [a2.id, a1.id]
    assert [g.subtotal for g in view.groups] == [40_000, 30_000]
    assert view.total == 70_000
    assert view.count == 6
    assert view.ready and not view.has_problems
    assert set(view.orderable_lines()) == set(lines)


def test_price_cart_names_problems_and_leaves_them_out_of_the_total(db_session):
    gallery = factories.gallery(db_session)
    ok = factories.product(db_session, gallery=gallery, price=10_000, stock=5)
    archived = factories.product(db_session, gallery=gallery, status=ProductStatus.ARCHIVED)
    sold_out = factories.product(db_session, gallery=gallery, stock=0)
    short = factories.product(db_session, gallery=gallery, stock=2)
    lines = [CartLine(p.id, 3) for p in (ok, archived, sold_out, short)] + [CartLine(999_999, 1)]
    view = carts.price_cart(db_session, lines)
    problems = {item.product.id: item.problem for item in view.items}
    assert problems == {
        ok.id: None,
        archived.id: Problem.UNAVAILABLE,
        sold_out.id: Problem.SOLD_OUT,
        short.id: Problem.SHORT,
    }
    assert next(i for i in view.items if i.product.id == short.id).available == 2
    assert view.total == 30_000
    assert view.count == 12
    assert view.missing == [999_999]
    assert view.has_problems and not view.ready
    assert view.orderable_lines() == [CartLine(ok.id, 3)]


def test_inactive_cooperative_makes_its_products_unavailable(db_session):
    product = factories.product(db_session)
    product.gallery.cooperative.is_active = False
    view = carts.price_cart(db_session, [CartLine(product.id, 1)])
    assert view.items[0].problem is Problem.UNAVAILABLE


def test_price_cart_shows_todays_price(db_session):
    product = factories.product(db_session, price=25_000)
    lines = [CartLine(product.id, 2)]
    assert carts.price_cart(db_session, lines).total == 50_000
    product.price = 30_000
    db_session.flush()
    db_session.expire_all()
    assert carts.price_cart(db_session, lines).total == 60_000


def test_price_cart_query_count_does_not_grow_with_items(db_session, count_queries):
    products = [factories.product(db_session) for _ in range(6)]
    counts = []
    for size in (1, 6):
        db_session.expire_all()
        lines = [CartLine(p.id, 1) for p in products[:size]]
        with count_queries() as counter:
            view = carts.price_cart(db_session, lines)
            for item in view.items:
                _ = (item.product.gallery.name, item.product.member.business_name)
                _ = (item.product.cover, item.product.gallery.kecamatan.name)
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 2, counts


def test_empty_cart_costs_no_query(db_session, count_queries):
    with count_queries() as counter:
        view = carts.price_cart(db_session, [])
    assert counter.count == 0
    assert view.groups == [] and view.total == 0 and not view.ready


# --- the account's saved cart ----------------------------------------------------------------


def test_save_and_load_the_account_cart(db_session, monkeypatch):
    user = factories.user(db_session)
    a, b, c = (factories.product(db_session) for _ in range(3))
    monkeypatch.setattr(db_session.registry(), "commit", _no_commit)
    saved = carts.save_account_cart(db_session, user.id, [CartLine(a.id, 2), CartLine(b.id, 1)])
    assert saved == [CartLine(a.id, 2), CartLine(b.id, 1)]
    assert carts.load_account_cart(db_session, user.id) == saved
    carts.save_account_cart(db_session, user.id, [CartLine(b.id, 5), CartLine(c.id, 1)])
    assert carts.load_account_cart(db_session, user.id) == [CartLine(b.id, 5), CartLine(c.id, 1)]
    carts.save_account_cart(db_session, user.id, [])
    assert carts.load_account_cart(db_session, user.id) == []


def _no_commit() -> None:
    raise AssertionError("cart services must not commit")


def test_save_drops_products_that_do_not_exist_and_keeps_other_users_apart(db_session):
    user, other = factories.user(db_session), factories.user(db_session)
    product = factories.product(db_session)
    carts.save_account_cart(db_session, other.id, [CartLine(product.id, 4)])
    saved = carts.save_account_cart(
        db_session, user.id, [CartLine(product.id, 1), CartLine(2**31 - 1, 1)]
    )
    assert saved == [CartLine(product.id, 1)]
    assert carts.load_account_cart(db_session, other.id) == [CartLine(product.id, 4)]
    rows = db_session.scalars(select(CartItem).where(CartItem.user_id == user.id)).all()
    assert [(r.product_id, r.quantity) for r in rows] == [(product.id, 1)]
