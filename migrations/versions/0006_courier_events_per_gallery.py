"""courier events per gallery: a webhook-id counts once per gallery, not once in all Gerai

Webhook ids are chosen by each gallery's dispatcher, so two galleries may use the same one; with
a global unique key the second gallery's correctly signed event was answered "duplicate" and
lost. The key becomes (gallery_id, webhook_id); the table already names the sending gallery.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-16 10:00:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('courier_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_courier_event_webhook_id'), type_='unique')
        batch_op.create_unique_constraint(
            op.f('uq_courier_event_gallery_id_webhook_id'), ['gallery_id', 'webhook_id']
        )


def downgrade() -> None:
    # The global key cannot hold an id two galleries used: every copy but the first gets its
    # row id appended, so no event (and no line of a dispatch log) is lost.
    op.execute(
        "UPDATE courier_event SET webhook_id = "
        "substr(webhook_id, 1, 100) || '~' || CAST(id AS VARCHAR(20)) "
        "WHERE id NOT IN (SELECT MIN(id) FROM courier_event GROUP BY webhook_id)"
    )
    with op.batch_alter_table('courier_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_courier_event_gallery_id_webhook_id'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_courier_event_webhook_id'), ['webhook_id'])
