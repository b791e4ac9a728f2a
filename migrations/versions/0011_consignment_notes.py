"""consignment notes: intake (titip), return (retur) and write-off notes with their lines; stock
movements reference their note and gain the kinds intake, returned_to_member, written_off

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ('restock', 'sale', 'release', 'adjust')
NEW_KINDS = (*OLD_KINDS, 'intake', 'returned_to_member', 'written_off')


def _kinds(kinds: tuple[str, ...]) -> str:
    return 'kind IN (' + ', '.join(f"'{k}'" for k in kinds) + ')'


def upgrade() -> None:
    op.create_table('consignment_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gallery_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('intake', 'return', 'write_off', name='note_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('note_date', sa.Date(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Enum('damaged', 'expired', 'lost', 'other', name='write_off_reason', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('note', sa.String(length=255), nullable=False),
    sa.Column('submission', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('number > 0', name=op.f('ck_consignment_note_number_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_consignment_note_actor_id_user_account')),
    sa.ForeignKeyConstraint(['gallery_id'], ['gallery.id'], name=op.f('fk_consignment_note_gallery_id_gallery')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_consignment_note_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consignment_note')),
    sa.UniqueConstraint('gallery_id', 'kind', 'number', name=op.f('uq_consignment_note_gallery_id_kind_number')),
    sa.UniqueConstraint('submission', name=op.f('uq_consignment_note_submission'))
    )
    with op.batch_alter_table('consignment_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consignment_note_gallery_id'), ['gallery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consignment_note_member_id'), ['member_id'], unique=False)

    op.create_table('consignment_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_consignment_line_quantity_positive')),
    sa.ForeignKeyConstraint(['note_id'], ['consignment_note.id'], name=op.f('fk_consignment_line_note_id_consignment_note')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_consignment_line_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consignment_line')),
    sa.UniqueConstraint('note_id', 'product_id', name=op.f('uq_consignment_line_note_id_product_id'))
    )
    with op.batch_alter_table('consignment_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consignment_line_note_id'), ['note_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consignment_line_product_id'), ['product_id'], unique=False)

    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_stock_movement_note_id'), ['note_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_stock_movement_note_id_consignment_note'), 'consignment_note', ['note_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('ck_stock_movement_movement_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_stock_movement_movement_kind'), _kinds(NEW_KINDS))


def downgrade() -> None:
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_stock_movement_movement_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_stock_movement_movement_kind'), _kinds(OLD_KINDS))
        batch_op.drop_constraint(batch_op.f('fk_stock_movement_note_id_consignment_note'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_stock_movement_note_id'))
        batch_op.drop_column('note_id')

    with op.batch_alter_table('consignment_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consignment_line_product_id'))
        batch_op.drop_index(batch_op.f('ix_consignment_line_note_id'))

    op.drop_table('consignment_line')
    with op.batch_alter_table('consignment_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consignment_note_member_id'))
        batch_op.drop_index(batch_op.f('ix_consignment_note_gallery_id'))

    op.drop_table('consignment_note')
