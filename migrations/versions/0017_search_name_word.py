"""every word of every product's name, keyed for autocomplete's word starts

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 23:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BYTEWISE_40 = sa.String(40).with_variant(sa.String(40, collation="C"), "postgresql")
MAX_WORD = 40
BATCH = 5_000


def upgrade() -> None:
    words = op.create_table(
        'search_name_word',
        sa.Column('word', BYTEWISE_40, nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['product_id'],
            ['product.id'],
            name=op.f('fk_search_name_word_product_id_product'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('word', 'product_id', name=op.f('pk_search_name_word')),
    )
    # The names' words, from the documents already written (their name_terms are canonical).
    conn = op.get_bind()
    rows: list[dict[str, object]] = []
    for product_id, name_terms in conn.execute(
        sa.text("SELECT product_id, name_terms FROM product_search")
    ):
        rows += [
            {'word': word, 'product_id': product_id}
            for word in sorted({term[:MAX_WORD] for term in name_terms.split()})
        ]
        if len(rows) >= BATCH:
            op.bulk_insert(words, rows)
            rows = []
    if rows:
        op.bulk_insert(words, rows)


def downgrade() -> None:
    op.drop_table('search_name_word')
