"""product search: each product's search document, the typo index, and the full-text index
over the documents (SQLite FTS5 table product_fts; PostgreSQL GIN index)

The documents are written by the application (catalog.search.index), not by this migration:
storefront.migrate.upgrade builds them after upgrading when products exist and none has one,
and ``flask reindex`` rebuilds them at any time.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 19:28:33.330189
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Searched by ranges: compared byte by byte on PostgreSQL whatever the database's collation.
BYTEWISE_40 = sa.String(length=40).with_variant(sa.String(length=40, collation="C"), "postgresql")
BYTEWISE_200 = sa.String(length=200).with_variant(
    sa.String(length=200, collation="C"), "postgresql"
)


def upgrade() -> None:
    op.create_table('search_typo',
    sa.Column('key', BYTEWISE_40, nullable=False),
    sa.Column('term', BYTEWISE_40, nullable=False),
    sa.PrimaryKeyConstraint('key', 'term', name=op.f('pk_search_typo'))
    )
    op.create_table('product_search',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name_terms', sa.Text(), nullable=False),
    sa.Column('name_key', BYTEWISE_200, nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('units_sold', sa.Integer(), nullable=False),
    sa.Column('visible', sa.Boolean(), nullable=False),
    sa.Column('in_stock', sa.Boolean(), nullable=False),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('gallery_id', sa.Integer(), nullable=False),
    sa.Column('kecamatan_id', sa.Integer(), nullable=False),
    sa.Column('is_halal', sa.Boolean(), nullable=False),
    sa.Column('listed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_search_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_product_search'))
    )
    op.create_index(
        op.f('ix_product_search_name_key'), 'product_search', ['name_key'], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_product_search_fts ON product_search"
            " USING gin (to_tsvector('simple', terms))"
        )
    else:
        # Its own copy of the terms (rowid = product id): rows are replaced whole.
        op.execute(
            "CREATE VIRTUAL TABLE product_fts USING fts5("
            "terms, tokenize = 'unicode61', prefix = '2 3')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE product_fts")
    op.drop_table('product_search')
    op.drop_table('search_typo')
