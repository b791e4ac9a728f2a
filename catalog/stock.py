"""Stock changes: every one is a conditional update plus a StockMovement row.

The conditional UPDATE (``... WHERE stock + :delta >= 0``) makes concurrent changes safe
without locks: a change that would go below zero touches no row and is refused.
"""

from __future__ import annotations

from sqlalchemy import select, update

from catalog.db import DbSession
from catalog.exceptions import InsufficientStock, InvalidInput, StockChanged
from catalog.i18n import N_
from catalog.models import MovementKind, Product, StockMovement

MAX_STOCK = 1_000_000


def change_stock(
    session: DbSession,
    product: Product,
    delta: int,
    kind: MovementKind,
    *,
    reason: str = "",
    actor_id: int | None = None,
    expected: int | None = None,
    shipment_id: int | None = None,
    note_id: int | None = None,
) -> StockMovement:
    """Add ``delta`` (negative takes) to the product's stock and record the movement.

    With ``expected``, the change applies only if the stock is still at that level.
    """
    if delta == 0:
        raise InvalidInput("quantity", N_("The change must not be zero."))
    conditions = [
        Product.id == product.id,
        Product.stock + delta >= 0,
        Product.stock + delta <= MAX_STOCK,
    ]
    if expected is not None:
        conditions.append(Product.stock == expected)
    stmt = update(Product).where(*conditions).values(stock=Product.stock + delta)
    level = session.execute(
        stmt.returning(Product.stock), execution_options={"synchronize_session": False}
    ).scalar()
    if level is None:
        raise _refusal(session, product, delta, expected)
    session.expire(product, ["stock"])
    movement = StockMovement(
        product_id=product.id,
        kind=kind,
        quantity=delta,
        stock_after=level,
        reason=reason.strip()[:255],
        actor_id=actor_id,
        shipment_id=shipment_id,
        note_id=note_id,
    )
    session.add(movement)
    session.flush()
    return movement


def _refusal(session: DbSession, product: Product, delta: int, expected: int | None) -> Exception:
    """Why a conditional stock update touched no row."""
    available = session.scalar(select(Product.stock).where(Product.id == product.id)) or 0
    if expected is not None and available != expected:
        return StockChanged(product.name, available)
    if available + delta > MAX_STOCK:
        return InvalidInput("quantity", N_("Stock above %(max)s is not plausible."), max=MAX_STOCK)
    return InsufficientStock(product.name, available, -delta)


def restock(
    session: DbSession, product: Product, quantity: int, reason: str, actor_id: int | None
) -> StockMovement:
    """A member brings ``quantity`` more items to the gallery."""
    if quantity <= 0:
        raise InvalidInput("quantity", N_("Restock quantity must be above zero."))
    return change_stock(
        session, product, quantity, MovementKind.RESTOCK, reason=reason, actor_id=actor_id
    )


def adjust_to(
    session: DbSession, product: Product, new_level: int, reason: str, actor_id: int | None
) -> StockMovement:
    """Correct the stock to a counted level (stocktake, breakage); a reason is required."""
    if new_level < 0:
        raise InvalidInput("new_level", N_("Stock cannot be below zero."))
    if not reason.strip():
        raise InvalidInput("reason", N_("Say why the stock is adjusted."))
    current = session.scalar(select(Product.stock).where(Product.id == product.id)) or 0
    if new_level == current:
        raise InvalidInput("new_level", N_("The stock is already %(level)s."), level=current)
    return change_stock(
        session,
        product,
        new_level - current,
        MovementKind.ADJUST,
        reason=reason,
        actor_id=actor_id,
        expected=current,
    )


def movements_of(session: DbSession, product: Product, limit: int = 200) -> list[StockMovement]:
    """The product's ledger, newest first."""
    stmt = (
        select(StockMovement)
        .where(StockMovement.product_id == product.id)
        .order_by(StockMovement.created_at.desc(), StockMovement.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))
