"""The demo's few weeks of trade (demo.history): made through the domain's own functions, so
its settlements agree with their rows; seeded once. Both databases."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from demo.history import seed_order_history
from orders import settlement
from orders.models import LineRefund, Order, Settlement, Shipment, ShipmentStatus

ZONE = ZoneInfo("Asia/Jakarta")


def test_the_demo_history_is_a_consistent_month_and_is_seeded_once(db_session):
    made = seed_order_history(db_session, ZONE)
    assert made["Order"] >= 40 and made["LineRefund"] >= 1 and made["Settlement"] >= 1
    completed = db_session.scalars(
        select(Shipment).where(
            Shipment.status.in_([ShipmentStatus.DELIVERED, ShipmentStatus.COLLECTED])
        )
    ).all()
    assert completed and all(s.completed_at is not None for s in completed)
    assert any(s.status is ShipmentStatus.CONFIRMED for s in db_session.scalars(select(Shipment)))
    for paid in db_session.scalars(select(Settlement)):
        rows = settlement.counted_rows(db_session, paid.id)
        assert (rows.gross, rows.commission, rows.refunds) == (
            paid.gross,
            paid.commission,
            paid.refunds,
        )
        assert paid.net >= paid.member.cooperative.min_payout
    orders = db_session.scalar(select(func.count()).select_from(Order))
    assert not seed_order_history(db_session, ZONE)
    assert db_session.scalar(select(func.count()).select_from(Order)) == orders
    assert db_session.scalar(select(func.count()).select_from(LineRefund)) == made["LineRefund"]
