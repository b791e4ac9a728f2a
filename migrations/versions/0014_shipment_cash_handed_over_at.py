"""a shipment records when its courier's cash was handed over; a partial index on the
delivered COD shipments whose cash is still with the courier

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 19:13:59.196700
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CASH_OPEN = "status = 'delivered' AND cod_amount > 0 AND cash_handed_over_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('cash_handed_over_at', sa.DateTime(timezone=True), nullable=True)
        )
    # The shipments handed over before this column: the time of their handover.
    op.execute(
        "UPDATE shipment SET cash_handed_over_at = ("
        " SELECT h.received_at FROM cash_handover_item i"
        " JOIN cash_handover h ON h.id = i.handover_id WHERE i.shipment_id = shipment.id)"
        " WHERE id IN (SELECT shipment_id FROM cash_handover_item)"
    )
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.create_index(
            'ix_shipment_cash_open',
            ['gallery_id', 'status', 'cod_amount', 'completed_at'],
            unique=False,
            sqlite_where=sa.text(CASH_OPEN),
            postgresql_where=sa.text(CASH_OPEN),
        )


def downgrade() -> None:
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_index('ix_shipment_cash_open')
        batch_op.drop_column('cash_handed_over_at')
