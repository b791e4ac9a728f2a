"""emails in the outbox: outbox_message.channel, gallery_id only for courier messages

Order emails are rendered when the change that causes them commits and written to the same
outbox as courier messages, in the same transaction; the dispatch worker sends them over SMTP
with the same retries. Existing rows are courier messages.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-09 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('channel', sa.String(length=20), server_default='courier', nullable=False)
        )
        batch_op.alter_column('gallery_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            op.f('ck_outbox_message_channel_known'), "channel IN ('courier', 'email')")
        batch_op.create_check_constraint(
            op.f('ck_outbox_message_courier_gallery'), "channel <> 'courier' OR gallery_id IS NOT NULL"
        )


def downgrade() -> None:
    # Emails have no gallery: they cannot stay in a table whose every row needs one.
    op.execute("DELETE FROM outbox_event WHERE message_id IN "
               "(SELECT id FROM outbox_message WHERE channel = 'email')")
    op.execute("DELETE FROM delivery_attempt WHERE message_id IN "
               "(SELECT id FROM outbox_message WHERE channel = 'email')")
    op.execute("DELETE FROM outbox_message WHERE channel = 'email'")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_message_courier_gallery'), type_='check')
        batch_op.drop_constraint(op.f('ck_outbox_message_channel_known'), type_='check')
        batch_op.alter_column('gallery_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('channel')
