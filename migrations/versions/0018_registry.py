"""the city office's registries: every cooperative and UMKM of the city, the cooperatives'
book years (RAT and business) and boards, and the office's thresholds

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 01:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGAL_FORMS = ("produsen", "konsumen", "pemasaran", "jasa", "simpan_pinjam", "serba_usaha")
HEALTH = ("sehat", "cukup_sehat", "dalam_pengawasan", "pengawasan_khusus")
BOARDS = ("pengurus", "pengawas")
SECTORS = ("kuliner", "fesyen", "kerajinan", "jasa", "perdagangan", "pertanian", "lainnya")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade() -> None:
    op.create_table(
        "registry_cooperative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=True),
        sa.Column("legal_number", sa.String(length=80), nullable=False),
        sa.Column("legal_date", sa.Date(), nullable=True),
        sa.Column("legal_form", _enum(LEGAL_FORMS, "legal_form"), nullable=False),
        sa.Column("kecamatan_id", sa.Integer(), nullable=False),
        sa.Column("kelurahan_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("members_count", sa.Integer(), nullable=False),
        sa.Column("health", _enum(HEALTH, "health"), nullable=True),
        sa.Column("health_year", sa.Integer(), nullable=True),
        sa.Column("cooperative_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "members_count >= 0", name=op.f("ck_registry_cooperative_members_count_not_negative")
        ),
        sa.CheckConstraint(
            "(health IS NULL) = (health_year IS NULL)",
            name=op.f("ck_registry_cooperative_health_with_its_year"),
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperative.id"],
            name=op.f("fk_registry_cooperative_cooperative_id_cooperative"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kecamatan_id"],
            ["kecamatan.id"],
            name=op.f("fk_registry_cooperative_kecamatan_id_kecamatan"),
        ),
        sa.ForeignKeyConstraint(
            ["kelurahan_id"],
            ["kelurahan.id"],
            name=op.f("fk_registry_cooperative_kelurahan_id_kelurahan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_cooperative")),
        sa.UniqueConstraint("cooperative_id", name=op.f("uq_registry_cooperative_cooperative_id")),
        sa.UniqueConstraint("nik", name=op.f("uq_registry_cooperative_nik")),
    )
    op.create_index(
        op.f("ix_registry_cooperative_kecamatan_id"), "registry_cooperative", ["kecamatan_id"]
    )
    op.create_index(
        op.f("ix_registry_cooperative_kelurahan_id"), "registry_cooperative", ["kelurahan_id"]
    )
    op.create_table(
        "registry_cooperative_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("book_year", sa.Integer(), nullable=False),
        sa.Column("rat_held_on", sa.Date(), nullable=True),
        sa.Column("members_present", sa.Integer(), nullable=True),
        sa.Column("shu", sa.BigInteger(), nullable=True),
        sa.Column("business_volume", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "members_present IS NULL OR members_present >= 0",
            name=op.f("ck_registry_cooperative_year_present"),
        ),
        sa.CheckConstraint(
            "business_volume IS NULL OR business_volume >= 0",
            name=op.f("ck_registry_cooperative_year_volume"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["registry_cooperative.id"],
            name=op.f("fk_registry_cooperative_year_record_id_registry_cooperative"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_cooperative_year")),
        sa.UniqueConstraint(
            "record_id", "book_year", name=op.f("uq_registry_cooperative_year_record_id_book_year")
        ),
    )
    op.create_index(
        op.f("ix_registry_cooperative_year_record_id"), "registry_cooperative_year", ["record_id"]
    )
    op.create_table(
        "registry_cooperative_official",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("board", _enum(BOARDS, "board"), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["registry_cooperative.id"],
            name=op.f("fk_registry_cooperative_official_record_id_registry_cooperative"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_cooperative_official")),
    )
    op.create_index(
        op.f("ix_registry_cooperative_official_record_id"),
        "registry_cooperative_official",
        ["record_id"],
    )
    op.create_table(
        "registry_umkm",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_name", sa.String(length=120), nullable=False),
        sa.Column("business_name", sa.String(length=160), nullable=False),
        sa.Column("nib", sa.String(length=13), nullable=True),
        sa.Column("sector", _enum(SECTORS, "sector"), nullable=False),
        sa.Column("kecamatan_id", sa.Integer(), nullable=False),
        sa.Column("kelurahan_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("turnover", sa.BigInteger(), nullable=True),
        sa.Column("capital", sa.BigInteger(), nullable=True),
        sa.Column("cooperative_record_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("employees >= 0", name=op.f("ck_registry_umkm_employees_not_negative")),
        sa.CheckConstraint(
            "turnover IS NULL OR turnover >= 0", name=op.f("ck_registry_umkm_turnover_not_negative")
        ),
        sa.CheckConstraint(
            "capital IS NULL OR capital >= 0", name=op.f("ck_registry_umkm_capital_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_record_id"],
            ["registry_cooperative.id"],
            name=op.f("fk_registry_umkm_cooperative_record_id_registry_cooperative"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kecamatan_id"], ["kecamatan.id"], name=op.f("fk_registry_umkm_kecamatan_id_kecamatan")
        ),
        sa.ForeignKeyConstraint(
            ["kelurahan_id"], ["kelurahan.id"], name=op.f("fk_registry_umkm_kelurahan_id_kelurahan")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_registry_umkm_member_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_umkm")),
        sa.UniqueConstraint("member_id", name=op.f("uq_registry_umkm_member_id")),
        sa.UniqueConstraint("nib", name=op.f("uq_registry_umkm_nib")),
    )
    op.create_index(
        op.f("ix_registry_umkm_cooperative_record_id"), "registry_umkm", ["cooperative_record_id"]
    )
    op.create_index(op.f("ix_registry_umkm_kecamatan_id"), "registry_umkm", ["kecamatan_id"])
    op.create_index(op.f("ix_registry_umkm_kelurahan_id"), "registry_umkm", ["kelurahan_id"])
    settings = op.create_table(
        "registry_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idle_years", sa.Integer(), nullable=False),
        sa.Column("micro_turnover_max", sa.BigInteger(), nullable=False),
        sa.Column("small_turnover_max", sa.BigInteger(), nullable=False),
        sa.Column("medium_turnover_max", sa.BigInteger(), nullable=False),
        sa.Column("micro_capital_max", sa.BigInteger(), nullable=False),
        sa.Column("small_capital_max", sa.BigInteger(), nullable=False),
        sa.Column("medium_capital_max", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "idle_years >= 1 AND idle_years <= 10",
            name=op.f("ck_registry_settings_idle_years_range"),
        ),
        sa.CheckConstraint(
            "0 < micro_turnover_max AND micro_turnover_max < small_turnover_max"
            " AND small_turnover_max < medium_turnover_max",
            name=op.f("ck_registry_settings_turnover_limits_rise"),
        ),
        sa.CheckConstraint(
            "0 < micro_capital_max AND micro_capital_max < small_capital_max"
            " AND small_capital_max < medium_capital_max",
            name=op.f("ck_registry_settings_capital_limits_rise"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_settings")),
    )
    op.bulk_insert(  # PP 7/2021's limits; two idle years make a cooperative tidak aktif
        settings,
        [
            {
                "id": 1,
                "idle_years": 2,
                "micro_turnover_max": 2_000_000_000,
                "small_turnover_max": 15_000_000_000,
                "medium_turnover_max": 50_000_000_000,
                "micro_capital_max": 1_000_000_000,
                "small_capital_max": 5_000_000_000,
                "medium_capital_max": 10_000_000_000,
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("registry_settings")
    op.drop_table("registry_umkm")
    op.drop_table("registry_cooperative_official")
    op.drop_table("registry_cooperative_year")
    op.drop_table("registry_cooperative")
