"""settlement (bagi hasil), refunds of delivered goods, consignment terms; shipments learn
when they were delivered or collected (filled in from their timelines)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 16:02:10.062526
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('settlement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('gross', sa.Integer(), nullable=False),
    sa.Column('commission', sa.Integer(), nullable=False),
    sa.Column('refunds', sa.Integer(), nullable=False),
    sa.Column('adjustments', sa.Integer(), nullable=False),
    sa.Column('net', sa.Integer(), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('refund_count', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('method', sa.Enum('cash', 'transfer', name='payout_method', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('paid_by_id', sa.Integer(), nullable=True),
    sa.Column('paid_by', sa.String(length=120), nullable=False),
    sa.Column('submission', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('gross >= 0 AND refunds >= 0 AND net >= 0', name=op.f('ck_settlement_amounts_not_negative')),
    sa.CheckConstraint('net = gross - commission - refunds', name=op.f('ck_settlement_net_adds_up')),
    sa.CheckConstraint('period_start <= period_end', name=op.f('ck_settlement_period_in_order')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_settlement_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_settlement_member_id_member')),
    sa.ForeignKeyConstraint(['paid_by_id'], ['user_account.id'], name=op.f('fk_settlement_paid_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settlement')),
    sa.UniqueConstraint('member_id', 'period_start', name=op.f('uq_settlement_member_id_period_start')),
    sa.UniqueConstraint('submission', name=op.f('uq_settlement_submission'))
    )
    with op.batch_alter_table('settlement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_settlement_cooperative_id'), ['cooperative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_settlement_member_id'), ['member_id'], unique=False)

    op.create_table('line_refund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('commission', sa.Integer(), nullable=False),
    sa.Column('method', sa.Enum('card', 'cash', name='refund_method', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('refund_id', sa.Integer(), nullable=True),
    sa.Column('restocked', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('submission', sa.String(length=64), nullable=False),
    sa.Column('settlement_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_line_refund_amount_positive')),
    sa.CheckConstraint('commission >= 0 AND commission <= amount', name=op.f('ck_line_refund_commission_in_range')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_line_refund_quantity_positive')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_line_refund_member_id_member')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_line.id'], name=op.f('fk_line_refund_order_line_id_order_line')),
    sa.ForeignKeyConstraint(['refund_id'], ['refund.id'], name=op.f('fk_line_refund_refund_id_refund')),
    sa.ForeignKeyConstraint(['settlement_id'], ['settlement.id'], name=op.f('fk_line_refund_settlement_id_settlement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_refund')),
    sa.UniqueConstraint('refund_id', name=op.f('uq_line_refund_refund_id')),
    sa.UniqueConstraint('submission', name=op.f('uq_line_refund_submission'))
    )
    with op.batch_alter_table('line_refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_line_refund_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_line_refund_order_line_id'), ['order_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_line_refund_settlement_id'), ['settlement_id'], unique=False)

    with op.batch_alter_table('cooperative', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consignment_days', sa.Integer(), server_default='90', nullable=False))
        batch_op.add_column(sa.Column('consignment_grace_days', sa.Integer(), server_default='14', nullable=False))
        batch_op.add_column(sa.Column('min_payout', sa.Integer(), server_default='50000', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_cooperative_consignment_terms_range'),
            'consignment_days > 0 AND consignment_days <= 3650'
            ' AND consignment_grace_days >= 0 AND consignment_grace_days <= 365',
        )
        batch_op.create_check_constraint(
            op.f('ck_cooperative_min_payout_not_negative'), 'min_payout >= 0'
        )

    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settlement_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_order_line_settlement_id'), ['settlement_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_order_line_settlement_id_settlement'), 'settlement', ['settlement_id'], ['id'])

    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.add_column(sa.Column('order_line_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_refund_order_line_id'), ['order_line_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_refund_order_line_id_order_line'), 'order_line', ['order_line_id'], ['id'])

    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_shipment_completed_at'), ['completed_at'], unique=False)
    op.execute(
        "UPDATE shipment SET completed_at = ("
        " SELECT max(e.created_at) FROM shipment_event e"
        " WHERE e.shipment_id = shipment.id AND e.status = shipment.status)"
        " WHERE status IN ('delivered', 'collected')"
    )



def downgrade() -> None:
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shipment_completed_at'))
        batch_op.drop_column('completed_at')

    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_refund_order_line_id_order_line'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_refund_order_line_id'))
        batch_op.drop_column('order_line_id')

    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_order_line_settlement_id_settlement'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_order_line_settlement_id'))
        batch_op.drop_column('settlement_id')

    with op.batch_alter_table('cooperative', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_cooperative_min_payout_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_cooperative_consignment_terms_range'), type_='check')
        batch_op.drop_column('min_payout')
        batch_op.drop_column('consignment_grace_days')
        batch_op.drop_column('consignment_days')

    with op.batch_alter_table('line_refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_line_refund_settlement_id'))
        batch_op.drop_index(batch_op.f('ix_line_refund_order_line_id'))
        batch_op.drop_index(batch_op.f('ix_line_refund_member_id'))

    op.drop_table('line_refund')
    with op.batch_alter_table('settlement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_settlement_member_id'))
        batch_op.drop_index(batch_op.f('ix_settlement_cooperative_id'))

    op.drop_table('settlement')
