"""couriers' cash: handovers of COD cash from couriers to the gallery (cash_handover and its
shipments, each shipment in at most one handover)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cash_handover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gallery_id', sa.Integer(), nullable=False),
    sa.Column('courier_key', sa.String(length=80), nullable=False),
    sa.Column('courier_user_id', sa.Integer(), nullable=True),
    sa.Column('courier_name', sa.String(length=120), nullable=False),
    sa.Column('courier_phone', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('received_by_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=255), nullable=False),
    sa.Column('submission', sa.String(length=64), nullable=False),
    sa.CheckConstraint('amount >= 0 AND expected >= 0', name=op.f('ck_cash_handover_amounts_not_negative')),
    sa.ForeignKeyConstraint(['courier_user_id'], ['user_account.id'], name=op.f('fk_cash_handover_courier_user_id_user_account')),
    sa.ForeignKeyConstraint(['gallery_id'], ['gallery.id'], name=op.f('fk_cash_handover_gallery_id_gallery')),
    sa.ForeignKeyConstraint(['received_by_id'], ['user_account.id'], name=op.f('fk_cash_handover_received_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_handover')),
    sa.UniqueConstraint('submission', name=op.f('uq_cash_handover_submission'))
    )
    with op.batch_alter_table('cash_handover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_handover_courier_key'), ['courier_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_cash_handover_gallery_id'), ['gallery_id'], unique=False)

    # A shipment's cash is handed over at most once: the unique shipment_id holds that even
    # when two managers submit at the same moment.
    op.create_table('cash_handover_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handover_id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('reported', sa.Integer(), nullable=False),
    sa.Column('due', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['handover_id'], ['cash_handover.id'], name=op.f('fk_cash_handover_item_handover_id_cash_handover')),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipment.id'], name=op.f('fk_cash_handover_item_shipment_id_shipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_handover_item')),
    sa.UniqueConstraint('shipment_id', name=op.f('uq_cash_handover_item_shipment_id'))
    )
    with op.batch_alter_table('cash_handover_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_handover_item_handover_id'), ['handover_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cash_handover_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_handover_item_handover_id'))

    op.drop_table('cash_handover_item')
    with op.batch_alter_table('cash_handover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_handover_gallery_id'))
        batch_op.drop_index(batch_op.f('ix_cash_handover_courier_key'))

    op.drop_table('cash_handover')
