"""session version: every session carries its account's version, and raising it ends them all

Sessions live in signed cookies that the server cannot delete; a copied cookie worked until it
expired. Each account now has a session version, kept in the session at log-in and compared on
every request; log-out, a new password and closing or reopening the account raise it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-17 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), server_default='1', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
