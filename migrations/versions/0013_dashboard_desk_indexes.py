"""shipments take their order's creation time; indexes for the dashboard and the orders
desk: a gallery's shipments by time, and by state then time (with the COD amount)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 16:42:12.117547
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A shipment is created at its order's moment (checkout now writes it so): the dashboard
    # counts a sale on its shipment's day. Rows written a moment apart are put in step.
    op.execute(
        "UPDATE shipment SET created_at ="
        " (SELECT o.created_at FROM shop_order o WHERE o.id = shipment.order_id)"
    )
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.create_index('ix_shipment_gallery_created', ['gallery_id', 'created_at', 'status'], unique=False)
        batch_op.create_index('ix_shipment_desk', ['gallery_id', 'status', 'created_at', 'cod_amount'], unique=False)



    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.create_index(
            'ix_order_line_sale',
            ['shipment_id', 'order_id', 'product_id', 'member_id', 'quantity', 'line_total'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_index('ix_order_line_sale')

    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_index('ix_shipment_desk')
        batch_op.drop_index('ix_shipment_gallery_created')

