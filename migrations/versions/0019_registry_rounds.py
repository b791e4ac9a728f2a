"""yearly data rounds of the registries: the round, its moves, and a snapshot of every
registered cooperative and UMKM per round

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROUND_STATUS = ("open", "closed")
LEGAL_FORMS = ("produsen", "konsumen", "pemasaran", "jasa", "simpan_pinjam", "serba_usaha")
HEALTH = ("sehat", "cukup_sehat", "dalam_pengawasan", "pengawasan_khusus")
SECTORS = ("kuliner", "fesyen", "kerajinan", "jasa", "perdagangan", "pertanian", "lainnya")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _confirmation(table: str) -> list:
    return [
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["user_account.id"],
            name=op.f(f"fk_{table}_confirmed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kecamatan_id"], ["kecamatan.id"], name=op.f(f"fk_{table}_kecamatan_id_kecamatan")
        ),
        sa.ForeignKeyConstraint(
            ["kelurahan_id"], ["kelurahan.id"], name=op.f(f"fk_{table}_kelurahan_id_kelurahan")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["registry_round.id"],
            name=op.f(f"fk_{table}_round_id_registry_round"),
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "registry_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("status", _enum(ROUND_STATUS, "round_status"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_round")),
        sa.UniqueConstraint("name", name=op.f("uq_registry_round_name")),
        sa.UniqueConstraint("year", name=op.f("uq_registry_round_year")),
    )
    op.create_table(
        "registry_round_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("status", _enum(ROUND_STATUS, "round_status"), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_registry_round_event_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["registry_round.id"],
            name=op.f("fk_registry_round_event_round_id_registry_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_round_event")),
    )
    op.create_index(op.f("ix_registry_round_event_round_id"), "registry_round_event", ["round_id"])
    table = "registry_cooperative_snapshot"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("kecamatan_id", sa.Integer(), nullable=False),
        sa.Column("kelurahan_id", sa.Integer(), nullable=True),
        sa.Column("legal_form", _enum(LEGAL_FORMS, "legal_form"), nullable=False),
        sa.Column("members_count", sa.Integer(), nullable=False),
        sa.Column("health", _enum(HEALTH, "health"), nullable=True),
        sa.Column("activity", sa.String(length=20), nullable=False),
        *_confirmation(table),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["registry_cooperative.id"],
            name=op.f("fk_registry_cooperative_snapshot_record_id_registry_cooperative"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_cooperative_snapshot")),
        sa.UniqueConstraint(
            "round_id",
            "record_id",
            name=op.f("uq_registry_cooperative_snapshot_round_id_record_id"),
        ),
    )
    op.create_index(
        "ix_registry_cooperative_snapshot_area", table, ["round_id", "kecamatan_id", "kelurahan_id"]
    )
    op.create_index(op.f("ix_registry_cooperative_snapshot_record_id"), table, ["record_id"])
    op.create_index(op.f("ix_registry_cooperative_snapshot_round_id"), table, ["round_id"])
    table = "registry_umkm_snapshot"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("umkm_id", sa.Integer(), nullable=False),
        sa.Column("kecamatan_id", sa.Integer(), nullable=False),
        sa.Column("kelurahan_id", sa.Integer(), nullable=True),
        sa.Column("sector", _enum(SECTORS, "sector"), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("turnover", sa.BigInteger(), nullable=True),
        sa.Column("capital", sa.BigInteger(), nullable=True),
        sa.Column("business_class", sa.String(length=20), nullable=True),
        *_confirmation(table),
        sa.ForeignKeyConstraint(
            ["umkm_id"],
            ["registry_umkm.id"],
            name=op.f("fk_registry_umkm_snapshot_umkm_id_registry_umkm"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_umkm_snapshot")),
        sa.UniqueConstraint(
            "round_id", "umkm_id", name=op.f("uq_registry_umkm_snapshot_round_id_umkm_id")
        ),
    )
    op.create_index(
        "ix_registry_umkm_snapshot_area", table, ["round_id", "kecamatan_id", "kelurahan_id"]
    )
    op.create_index(op.f("ix_registry_umkm_snapshot_round_id"), table, ["round_id"])
    op.create_index(op.f("ix_registry_umkm_snapshot_umkm_id"), table, ["umkm_id"])


def downgrade() -> None:
    op.drop_table("registry_umkm_snapshot")
    op.drop_table("registry_cooperative_snapshot")
    op.drop_table("registry_round_event")
    op.drop_table("registry_round")
