"""Model rules that the database itself enforces."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from accounts.models import Role
from catalog.models import MovementKind, Product, StockMovement
from tests import factories


def test_stock_can_never_go_below_zero(db_session):
    product = factories.product(db_session, stock=2)
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(update(Product).where(Product.id == product.id).values(stock=-1))


def test_conditional_stock_update_takes_only_what_is_there(db_session):
    product = factories.product(db_session, stock=2)
    take = (
        update(Product)
        .where(Product.id == product.id, Product.stock >= 3)
        .values(stock=Product.stock - 3)
    )
    assert db_session.execute(take).rowcount == 0
    db_session.refresh(product)
    assert product.stock == 2


@pytest.mark.parametrize("field,value", [("price", 0), ("price", -500), ("weight_g", -1)])
def test_price_and_weight_constraints(db_session, field, value):
    with pytest.raises(IntegrityError), db_session.begin_nested():
        factories.product(db_session, **{field: value})


def test_product_name_is_unique_within_a_gallery(db_session):
    first = factories.product(db_session, name="Keripik Sama")
    with pytest.raises(IntegrityError), db_session.begin_nested():
        factories.product(db_session, name="Keripik Sama", gallery=first.gallery)
    other = factories.product(db_session, name="Keripik Sama")
    assert other.gallery_id != first.gallery_id


def test_stock_movement_records_who_why_and_level(db_session):
    product = factories.product(db_session, stock=5)
    manager = factories.user(db_session, role=Role.MANAGER, cooperative=product.gallery.cooperative)
    db_session.add(
        StockMovement(
            product=product,
            kind=MovementKind.RESTOCK,
            quantity=5,
            stock_after=5,
            reason="Setoran Bu Sri",
            actor_id=manager.id,
        )
    )
    db_session.flush()
    movement = db_session.scalars(
        select(StockMovement).where(StockMovement.product_id == product.id)
    ).one()
    assert (movement.kind, movement.actor_id, movement.stock_after) == (
        MovementKind.RESTOCK,
        manager.id,
        5,
    )
    assert movement.created_at is not None


def test_manager_needs_a_cooperative_and_courier_a_gallery(db_session):
    with pytest.raises(IntegrityError), db_session.begin_nested():
        factories.user(db_session, role=Role.MANAGER)
    with pytest.raises(IntegrityError), db_session.begin_nested():
        factories.user(db_session, role=Role.COURIER)


def test_member_commission_falls_back_to_the_cooperative(db_session):
    coop = factories.cooperative(db_session, commission_rate_percent=12)
    assert factories.member(db_session, cooperative=coop).effective_commission_percent == 12
    own = factories.member(db_session, cooperative=coop, commission_rate_percent=8)
    assert own.effective_commission_percent == 8
