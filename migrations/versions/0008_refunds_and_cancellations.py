"""refunds and cancellations: a refund per card payment part, cancellation reasons

A manager cancels a shipment (one gallery's part) or a whole order; a card payment gets a
refund row per shipment share (or per payment, for one paid after its order was cancelled).
Payments gain the PaymentIntent a refund names, the rupiah promised back (bounded by a CHECK:
never more than was paid) and two states, partly_refunded and refunded. A shipment's stock goes
back once (``stock_released_at``); the ledger rows name their shipment.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OLD_PAYMENT = ('pending', 'paid', 'failed', 'expired')
NEW_PAYMENT = (*OLD_PAYMENT, 'partly_refunded', 'refunded')
REFUND = ('requested', 'pending', 'requires_action', 'succeeded', 'failed', 'canceled')


def _in(values: Sequence[str]) -> str:
    return 'status IN (' + ', '.join(f"'{v}'" for v in values) + ')'


def _payment_states(values: Sequence[str]) -> None:
    for table in ('payment', 'payment_event'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_payment_status'), type_='check')
            batch_op.create_check_constraint(op.f(f'ck_{table}_payment_status'), _in(values))


def _refund_status() -> sa.Enum:
    return sa.Enum(*REFUND, name='refund_status', native_enum=False, create_constraint=True, length=20)


def upgrade() -> None:
    _payment_states(NEW_PAYMENT)
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payment_intent', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(sa.Column('refunded_amount', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_payment_refunds_within_amount'), 'refunded_amount >= 0 AND refunded_amount <= amount')
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stock_released_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=255), server_default='', nullable=False))
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shipment_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_stock_movement_shipment_id'), ['shipment_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_stock_movement_shipment_id_shipment'), 'shipment', ['shipment_id'], ['id'])

    op.create_table('refund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=True),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('status', _refund_status(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('stripe_refund_id', sa.String(length=255), nullable=True),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('error', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_refund_amount_positive')),
    sa.CheckConstraint('attempt > 0', name=op.f('ck_refund_attempt_positive')),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_refund_payment_id_payment')),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipment.id'], name=op.f('fk_refund_shipment_id_shipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_refund_idempotency_key')),
    sa.UniqueConstraint('stripe_refund_id', name=op.f('uq_refund_stripe_refund_id'))
    )
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_shipment_id'), ['shipment_id'], unique=False)

    op.create_table('refund_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('refund_id', sa.Integer(), nullable=False),
    sa.Column('status', _refund_status(), nullable=False),
    sa.Column('note', sa.String(length=255), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['refund_id'], ['refund.id'], name=op.f('fk_refund_event_refund_id_refund')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund_event'))
    )
    with op.batch_alter_table('refund_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_event_refund_id'), ['refund_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('refund_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_event_refund_id'))
    op.drop_table('refund_event')
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_shipment_id'))
        batch_op.drop_index(batch_op.f('ix_refund_payment_id'))
    op.drop_table('refund')
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stock_movement_shipment_id_shipment'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_stock_movement_shipment_id'))
        batch_op.drop_column('shipment_id')
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('stock_released_at')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_payment_refunds_within_amount'), type_='check')
        batch_op.drop_column('refunded_amount')
        batch_op.drop_column('payment_intent')
    # A refunded payment was paid: it is recorded as paid again (its refunds are gone with the table).
    for table in ('payment', 'payment_event'):
        op.execute(f"UPDATE {table} SET status = 'paid' WHERE status IN ('partly_refunded', 'refunded')")
    _payment_states(OLD_PAYMENT)
