"""kecamatan and kelurahan officers: a role whose account carries its area; the UMKM
registry's list in name order from an index

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ROLES = ("shopper", "manager", "courier", "admin")
NEW_ROLES = (*OLD_ROLES, "officer")


def _roles(values: Sequence[str]) -> str:
    return "role IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    op.create_index(
        'ix_registry_umkm_business_name_id', 'registry_umkm', ['business_name', 'id']
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_account_user_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_account_user_role"), _roles(NEW_ROLES))
        batch_op.add_column(sa.Column("kecamatan_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("kelurahan_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_user_account_kecamatan_id"), ["kecamatan_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_user_account_kecamatan_id_kecamatan"),
            "kecamatan",
            ["kecamatan_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_user_account_kelurahan_id_kelurahan"),
            "kelurahan",
            ["kelurahan_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_user_account_officer_has_area"),
            "(role = 'officer') = (kecamatan_id IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_user_account_kelurahan_within_area"),
            "kelurahan_id IS NULL OR kecamatan_id IS NOT NULL",
        )


def downgrade() -> None:
    op.drop_index('ix_registry_umkm_business_name_id', table_name='registry_umkm')
    op.execute("DELETE FROM user_account WHERE role = 'officer'")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_account_kelurahan_within_area"), type_="check")
        batch_op.drop_constraint(op.f("ck_user_account_officer_has_area"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_user_account_kelurahan_id_kelurahan"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_user_account_kecamatan_id_kecamatan"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_user_account_kecamatan_id"))
        batch_op.drop_column("kelurahan_id")
        batch_op.drop_column("kecamatan_id")
        batch_op.drop_constraint(op.f("ck_user_account_user_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_account_user_role"), _roles(OLD_ROLES))
