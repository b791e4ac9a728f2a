"""The city office's registries: every cooperative and every UMKM of the city, Gerai's or not.

A registered cooperative is a record of the cooperative office (Dinas Koperasi dan UKM): its
Nomor Induk Koperasi, legal entity, legal form, area, members, board, yearly RAT and business,
and health. One that runs a gallery on Gerai points at its Gerai cooperative
(``catalog.models.Cooperative``); most of the city's cooperatives do not. Likewise an UMKM
record is a business of the city, member of a cooperative or not, linked to its Gerai member
record when it sells through a gallery.

Money is whole rupiah in 64-bit columns: a medium business turns over up to Rp 50 miliar.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import Date, Integer, String

import catalog.models  # noqa: F401 - registers the kecamatan, cooperative and member tables
from catalog.db import (
    Base,
    Entity,
    UtcDateTime,
    created_at_column,
    string_enum,
    updated_at_column,
)
from catalog.models import Cooperative, Kecamatan, Kelurahan, Member

Rupiah = BigInteger


class LegalForm(enum.StrEnum):
    """The five kinds of koperasi of the Cipta Kerja law, and the legacy multi-purpose one."""

    PRODUSEN = "produsen"
    KONSUMEN = "konsumen"
    PEMASARAN = "pemasaran"
    JASA = "jasa"
    SIMPAN_PINJAM = "simpan_pinjam"
    SERBA_USAHA = "serba_usaha"  # Koperasi Serba Usaha (KSU): must convert to one of the five

    @property
    def must_convert(self) -> bool:
        return self is LegalForm.SERBA_USAHA


class Health(enum.StrEnum):
    """The outcome of the office's health assessment (penilaian kesehatan koperasi)."""

    SEHAT = "sehat"
    CUKUP_SEHAT = "cukup_sehat"
    DALAM_PENGAWASAN = "dalam_pengawasan"
    DALAM_PENGAWASAN_KHUSUS = "pengawasan_khusus"


class Board(enum.StrEnum):
    PENGURUS = "pengurus"  # the board that runs the cooperative
    PENGAWAS = "pengawas"  # the supervisors


class Sector(enum.StrEnum):
    KULINER = "kuliner"
    FESYEN = "fesyen"
    KERAJINAN = "kerajinan"
    JASA = "jasa"
    PERDAGANGAN = "perdagangan"
    PERTANIAN = "pertanian"
    LAINNYA = "lainnya"


class RegisteredCooperative(Entity):
    """A cooperative of the city as the office registers it."""

    __tablename__ = "registry_cooperative"

    name: Mapped[str] = mapped_column(String(160))
    nik: Mapped[str | None] = mapped_column(String(16), unique=True)  # Nomor Induk Koperasi
    legal_number: Mapped[str] = mapped_column(String(80), default="")  # nomor badan hukum
    legal_date: Mapped[date | None] = mapped_column(Date)
    legal_form: Mapped[LegalForm] = mapped_column(string_enum(LegalForm, "legal_form"))
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"), index=True)
    address: Mapped[str] = mapped_column(String(255), default="")
    members_count: Mapped[int] = mapped_column(Integer, default=0)
    health: Mapped[Health | None] = mapped_column(string_enum(Health, "health"))
    health_year: Mapped[int | None] = mapped_column(Integer)
    # The Gerai cooperative this one is, when it runs a gallery on Gerai.
    cooperative_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperative.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    kecamatan: Mapped[Kecamatan] = relationship()
    kelurahan: Mapped[Kelurahan | None] = relationship()
    cooperative: Mapped[Cooperative | None] = relationship()
    years: Mapped[list[CooperativeYear]] = relationship(
        back_populates="record", order_by="CooperativeYear.book_year.desc()"
    )
    officials: Mapped[list[CooperativeOfficial]] = relationship(
        back_populates="record", order_by="(CooperativeOfficial.board, CooperativeOfficial.id)"
    )

    __table_args__ = (
        CheckConstraint("members_count >= 0", name="members_count_not_negative"),
        CheckConstraint("(health IS NULL) = (health_year IS NULL)", name="health_with_its_year"),
    )


class CooperativeYear(Entity):
    """One book year of a cooperative: its RAT (annual members' meeting), if held, and the
    business it reported."""

    __tablename__ = "registry_cooperative_year"

    record_id: Mapped[int] = mapped_column(
        ForeignKey("registry_cooperative.id", ondelete="CASCADE"), index=True
    )
    book_year: Mapped[int] = mapped_column(Integer)
    rat_held_on: Mapped[date | None] = mapped_column(Date)
    members_present: Mapped[int | None] = mapped_column(Integer)
    shu: Mapped[int | None] = mapped_column(Rupiah)  # sisa hasil usaha; a loss is negative
    business_volume: Mapped[int | None] = mapped_column(Rupiah)  # None: nothing reported

    record: Mapped[RegisteredCooperative] = relationship(back_populates="years")

    __table_args__ = (
        UniqueConstraint("record_id", "book_year"),
        CheckConstraint("members_present IS NULL OR members_present >= 0", name="present"),
        CheckConstraint("business_volume IS NULL OR business_volume >= 0", name="volume"),
    )


class CooperativeOfficial(Entity):
    """A member of a cooperative's board (pengurus) or of its supervisors (pengawas)."""

    __tablename__ = "registry_cooperative_official"

    record_id: Mapped[int] = mapped_column(
        ForeignKey("registry_cooperative.id", ondelete="CASCADE"), index=True
    )
    board: Mapped[Board] = mapped_column(string_enum(Board, "board"))
    title: Mapped[str] = mapped_column(String(60))  # Ketua, Sekretaris, Bendahara, Anggota
    name: Mapped[str] = mapped_column(String(120))

    record: Mapped[RegisteredCooperative] = relationship(back_populates="officials")


class RegisteredUmkm(Entity):
    """A micro, small or medium business of the city as the office registers it."""

    __tablename__ = "registry_umkm"

    owner_name: Mapped[str] = mapped_column(String(120))
    business_name: Mapped[str] = mapped_column(String(160))
    nib: Mapped[str | None] = mapped_column(String(13), unique=True)  # Nomor Induk Berusaha
    sector: Mapped[Sector] = mapped_column(string_enum(Sector, "sector"))
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"), index=True)
    address: Mapped[str] = mapped_column(String(255), default="")
    employees: Mapped[int] = mapped_column(Integer, default=0)
    turnover: Mapped[int | None] = mapped_column(Rupiah)  # omzet a year
    capital: Mapped[int | None] = mapped_column(Rupiah)  # modal usaha, without land and building
    cooperative_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_cooperative.id", ondelete="SET NULL"), index=True
    )
    # Its Gerai member record, when it sells through a gallery (so its online sales show).
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    kecamatan: Mapped[Kecamatan] = relationship()
    kelurahan: Mapped[Kelurahan | None] = relationship()
    cooperative_record: Mapped[RegisteredCooperative | None] = relationship()
    member: Mapped[Member | None] = relationship()

    __table_args__ = (
        CheckConstraint("employees >= 0", name="employees_not_negative"),
        CheckConstraint("turnover IS NULL OR turnover >= 0", name="turnover_not_negative"),
        CheckConstraint("capital IS NULL OR capital >= 0", name="capital_not_negative"),
        # The office's list, by name, one page of 150,000 at a time.
        Index("ix_registry_umkm_business_name_id", "business_name", "id"),
    )


class RegistrySettings(Base):
    """The office's thresholds, one row: when a cooperative counts as inactive, and the
    PP 7/2021 class limits (turnover first, capital as the second test)."""

    __tablename__ = "registry_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idle_years: Mapped[int] = mapped_column(Integer, default=2)
    micro_turnover_max: Mapped[int] = mapped_column(Rupiah, default=2_000_000_000)
    small_turnover_max: Mapped[int] = mapped_column(Rupiah, default=15_000_000_000)
    medium_turnover_max: Mapped[int] = mapped_column(Rupiah, default=50_000_000_000)
    micro_capital_max: Mapped[int] = mapped_column(Rupiah, default=1_000_000_000)
    small_capital_max: Mapped[int] = mapped_column(Rupiah, default=5_000_000_000)
    medium_capital_max: Mapped[int] = mapped_column(Rupiah, default=10_000_000_000)

    __table_args__ = (
        CheckConstraint("idle_years >= 1 AND idle_years <= 10", name="idle_years_range"),
        CheckConstraint(
            "0 < micro_turnover_max AND micro_turnover_max < small_turnover_max"
            " AND small_turnover_max < medium_turnover_max",
            name="turnover_limits_rise",
        ),
        CheckConstraint(
            "0 < micro_capital_max AND micro_capital_max < small_capital_max"
            " AND small_capital_max < medium_capital_max",
            name="capital_limits_rise",
        ),
    )


class RoundStatus(enum.StrEnum):
    OPEN = "open"  # officers update and confirm their area's records
    CLOSED = "closed"  # its snapshots are history


class DataRound(Entity):
    """A yearly data round (for example "Pendataan 2026"): every registered cooperative and
    UMKM gets a snapshot in it, which officers update and confirm until it closes. Its status
    moves only through registry.rounds.move_round."""

    __tablename__ = "registry_round"

    name: Mapped[str] = mapped_column(String(80), unique=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)  # its book year is the one before
    closes_on: Mapped[date] = mapped_column(Date)
    status: Mapped[RoundStatus] = mapped_column(string_enum(RoundStatus, "round_status"))
    created_at: Mapped[datetime] = created_at_column()

    events: Mapped[list[RoundEvent]] = relationship(
        back_populates="round",
        order_by="RoundEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def takes_saves(self, today: date) -> bool:
        """Whether officers may still save in the round: open, and not past its closing date."""
        return self.status is RoundStatus.OPEN and self.closes_on >= today

    @property
    def book_year(self) -> int:
        """The book year the round looks back on (RAT and business)."""
        return self.year - 1


class RoundEvent(Entity):
    """A move of a round: opened, closed (who and when)."""

    __tablename__ = "registry_round_event"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("registry_round.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[RoundStatus] = mapped_column(string_enum(RoundStatus, "round_status"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    round: Mapped[DataRound] = relationship(back_populates="events")


class CooperativeSnapshot(Entity):
    """A registered cooperative as a round found and confirmed it."""

    __tablename__ = "registry_cooperative_snapshot"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("registry_round.id", ondelete="CASCADE"), index=True
    )
    record_id: Mapped[int] = mapped_column(
        ForeignKey("registry_cooperative.id", ondelete="CASCADE"), index=True
    )
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"))
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"))
    legal_form: Mapped[LegalForm] = mapped_column(string_enum(LegalForm, "legal_form"))
    members_count: Mapped[int] = mapped_column(Integer)
    health: Mapped[Health | None] = mapped_column(string_enum(Health, "health"))
    activity: Mapped[str] = mapped_column(String(20))  # registry.rules.Activity, at its book year
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    record: Mapped[RegisteredCooperative] = relationship()

    __table_args__ = (
        UniqueConstraint("round_id", "record_id"),
        Index("ix_registry_cooperative_snapshot_area", "round_id", "kecamatan_id", "kelurahan_id"),
    )


class UmkmSnapshot(Entity):
    """A registered UMKM as a round found and confirmed it: its size then, for naik kelas."""

    __tablename__ = "registry_umkm_snapshot"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("registry_round.id", ondelete="CASCADE"), index=True
    )
    umkm_id: Mapped[int] = mapped_column(
        ForeignKey("registry_umkm.id", ondelete="CASCADE"), index=True
    )
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"))
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"))
    sector: Mapped[Sector] = mapped_column(string_enum(Sector, "sector"))
    employees: Mapped[int] = mapped_column(Integer)
    turnover: Mapped[int | None] = mapped_column(Rupiah)
    capital: Mapped[int | None] = mapped_column(Rupiah)
    business_class: Mapped[str | None] = mapped_column(String(20))  # registry.rules.BusinessClass
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    umkm: Mapped[RegisteredUmkm] = relationship()

    __table_args__ = (
        UniqueConstraint("round_id", "umkm_id"),
        Index("ix_registry_umkm_snapshot_area", "round_id", "kecamatan_id", "kelurahan_id"),
    )
