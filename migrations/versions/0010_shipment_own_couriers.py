"""shipment.own_couriers: a stuck delivery handed to the gallery's own couriers

A gallery with a courier dispatcher can hand one delivery the dispatcher could not serve to
its own couriers (Gerai's courier page); the shipment says so itself instead of the courier
page reading it from the timeline.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('own_couriers', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_column('own_couriers')
