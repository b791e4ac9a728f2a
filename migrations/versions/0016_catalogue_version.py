"""the catalogue's version: one row whose token changes after every committed change to what
shoppers are shown, for the caches of shopper pages

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 22:40:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    version = op.create_table(
        'catalogue_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_version')),
    )
    op.bulk_insert(version, [{'id': 1, 'token': secrets.token_hex(8)}])


def downgrade() -> None:
    op.drop_table('catalogue_version')
