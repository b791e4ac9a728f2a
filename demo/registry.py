"""The demo city's pendataan: the cooperative office's registers of Tangerang Selatan.

Hundreds of cooperatives in every legal form (legacy KSU among them) and every state (active,
less active, dormant; sound to under special supervision), with three book years of RAT and
business, boards and supervisors; several thousand UMKM across the seven kecamatan and their
kelurahan, in every sector and class. The demo's own Gerai cooperatives and members are
among them, linked. Deterministic for a seed; inserted in bulk, so thousands take seconds.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from catalog.models import Category, Cooperative, Kecamatan, Kelurahan, Member, Product
from registry import rounds
from registry.models import (
    Board,
    CooperativeOfficial,
    CooperativeYear,
    DataRound,
    Health,
    LegalForm,
    RegisteredCooperative,
    RegisteredUmkm,
    RoundStatus,
    Sector,
    UmkmSnapshot,
)
from registry.rules import business_class
from registry.settings import class_limits

COOPERATIVES = 320
UMKM = 4_000
BULK = 2_000

FORM_WEIGHTS = {
    LegalForm.SIMPAN_PINJAM: 30,
    LegalForm.KONSUMEN: 20,
    LegalForm.SERBA_USAHA: 18,
    LegalForm.PRODUSEN: 13,
    LegalForm.JASA: 11,
    LegalForm.PEMASARAN: 8,
}
FORM_WORDS = {
    LegalForm.SIMPAN_PINJAM: ["Koperasi Simpan Pinjam", "KSP", "Kopwan"],
    LegalForm.KONSUMEN: ["Koperasi Konsumen", "Koperasi Karyawan", "Koperasi Pegawai"],
    LegalForm.SERBA_USAHA: ["Koperasi Serba Usaha", "KSU"],
    LegalForm.PRODUSEN: ["Koperasi Produsen", "Koperasi Perajin", "Koperasi Tani"],
    LegalForm.JASA: ["Koperasi Jasa", "Koperasi Jasa Angkutan"],
    LegalForm.PEMASARAN: ["Koperasi Pemasaran", "Koperasi Pedagang Pasar"],
}
NAME_WORDS = [
    "Sejahtera",
    "Makmur",
    "Mandiri",
    "Bersama",
    "Maju",
    "Sentosa",
    "Berkah",
    "Mitra Usaha",
    "Harapan",
    "Karya",
    "Sumber Rejeki",
    "Amanah",
    "Melati",
    "Cempaka",
    "Srikandi",
    "Bina Usaha",
    "Warga",
    "Guyub Rukun",
    "Tunas",
    "Lestari",
    "Jaya",
    "Mulia",
    "Barokah",
    "Sinar",
]
FIRST_NAMES = [
    "Siti",
    "Budi",
    "Dewi",
    "Agus",
    "Sri",
    "Wati",
    "Joko",
    "Nur",
    "Rina",
    "Asep",
    "Yuli",
    "Dedi",
    "Ani",
    "Hendra",
    "Lilis",
    "Rahmat",
    "Euis",
    "Slamet",
    "Nining",
    "Ujang",
    "Fitri",
    "Bambang",
    "Aminah",
    "Iwan",
    "Maryam",
    "Teguh",
    "Hasanah",
    "Rudi",
    "Ida",
    "Yanto",
    "Komariah",
    "Dadang",
]
LAST_NAMES = [
    "Rahayu",
    "Santoso",
    "Lestari",
    "Hidayat",
    "Kurniawan",
    "Wulandari",
    "Saputra",
    "Nurhayati",
    "Setiawan",
    "Handayani",
    "Susanto",
    "Maulana",
    "Permata",
    "Gunawan",
    "Fauziah",
    "Suryadi",
]
SECTOR_WEIGHTS = {
    Sector.KULINER: 42,
    Sector.PERDAGANGAN: 20,
    Sector.FESYEN: 11,
    Sector.JASA: 11,
    Sector.KERAJINAN: 9,
    Sector.PERTANIAN: 5,
    Sector.LAINNYA: 2,
}
BUSINESSES = {
    Sector.KULINER: [
        "Keripik",
        "Kue Basah",
        "Warung Nasi",
        "Sambal",
        "Dodol",
        "Rempeyek",
        "Gula Aren",
        "Kopi",
        "Catering",
        "Bakso",
        "Kerupuk",
        "Jamu",
    ],
    Sector.PERDAGANGAN: ["Toko Kelontong", "Agen Sembako", "Toko Plastik", "Warung"],
    Sector.FESYEN: ["Batik", "Konveksi", "Hijab", "Jahit", "Sepatu"],
    Sector.JASA: ["Laundry", "Bengkel", "Salon", "Servis HP", "Fotokopi"],
    Sector.KERAJINAN: ["Anyaman Pandan", "Kerajinan Bambu", "Sulam", "Tas Rajut"],
    Sector.PERTANIAN: ["Tanaman Hias", "Lele", "Madu", "Jamur Tiram"],
    Sector.LAINNYA: ["Usaha"],
}
CATEGORY_SECTORS = {
    "kuliner": Sector.KULINER,
    "gula-pemanis": Sector.KULINER,
    "minuman": Sector.KULINER,
    "kerajinan": Sector.KERAJINAN,
    "fesyen": Sector.FESYEN,
}
HEALTH_WEIGHTS = {
    Health.SEHAT: 40,
    Health.CUKUP_SEHAT: 30,
    Health.DALAM_PENGAWASAN: 10,
    Health.DALAM_PENGAWASAN_KHUSUS: 5,
    None: 15,
}


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _digits(rng: random.Random, prefix: str, length: int, taken: set[str]) -> str:
    while True:
        number = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
        if number not in taken:
            taken.add(number)
            return number


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BULK):
        yield rows[start : start + BULK]


class _Places:
    def __init__(self, session: Session) -> None:
        self.kecamatan = list(session.scalars(select(Kecamatan).order_by(Kecamatan.id)))
        self.kelurahan: dict[int, list[int]] = {}
        for kel in session.scalars(select(Kelurahan).order_by(Kelurahan.id)):
            self.kelurahan.setdefault(kel.kecamatan_id, []).append(kel.id)

    def any(self, rng: random.Random) -> tuple[Kecamatan, int | None]:
        kecamatan = rng.choice(self.kecamatan)
        inside = self.kelurahan.get(kecamatan.id)
        return kecamatan, rng.choice(inside) if inside else None


def seed_registry(
    session: Session, today: date, *, umkm: int = UMKM, seed: int = 0
) -> Counter[str]:
    """The registers, once (a database that has any registered cooperative is left as it is);
    flushes, never commits. Returns how many rows of each kind were made."""
    made: Counter[str] = Counter()
    if session.scalar(select(func.count(RegisteredCooperative.id))):
        return made
    rng = random.Random(seed)  # noqa: S311 -- demo data, not security
    places = _Places(session)
    if not places.kecamatan:
        return made
    records = _cooperatives(session, rng, places, today, made)
    _umkm(session, rng, places, records, umkm, made)
    session.flush()
    return made


def _cooperatives(
    session: Session, rng: random.Random, places: _Places, today: date, made: Counter[str]
) -> list[tuple[int, int]]:
    """The registered cooperatives (the demo's Gerai ones first, linked); their (id, kecamatan)."""
    niks: set[str] = set()
    rows: list[dict[str, Any]] = []
    gerai = list(session.scalars(select(Cooperative).order_by(Cooperative.id)))
    for coop in gerai:
        kelurahan = places.kelurahan.get(coop.kecamatan_id)
        rows.append(
            _cooperative_row(
                rng,
                niks,
                coop.name,
                LegalForm(coop.legal_type.value),
                coop.kecamatan_id,
                rng.choice(kelurahan) if kelurahan else None,
                today,
            )
            | {"cooperative_id": coop.id, "health": Health.SEHAT, "health_year": today.year - 1}
        )
    names: set[str] = {row["name"] for row in rows}
    while len(rows) < COOPERATIVES:
        legal_form = _pick(rng, FORM_WEIGHTS)
        kecamatan, kelurahan = places.any(rng)
        name = f"{rng.choice(FORM_WORDS[legal_form])} {rng.choice(NAME_WORDS)} {kecamatan.name}"
        if name in names:
            name = f"{name} {rng.choice(NAME_WORDS)}"
        if name in names:
            continue
        names.add(name)
        rows.append(_cooperative_row(rng, niks, name, legal_form, kecamatan.id, kelurahan, today))
    ids = session.scalars(
        insert(RegisteredCooperative).returning(
            RegisteredCooperative.id, sort_by_parameter_order=True
        ),
        rows,
    ).all()
    made["RegisteredCooperative"] += len(ids)
    years, officials = [], []
    for number, record_id in enumerate(ids):
        profile = (
            "aktif"
            if number < len(gerai)
            else rng.choices(["aktif", "kurang", "tidur", "baru"], weights=[55, 20, 20, 5])[0]
        )
        years += _book_years(rng, record_id, rows[number]["members_count"], profile, today)
        officials += _officials(rng, record_id)
    for chunk in _chunks(years):
        session.execute(insert(CooperativeYear), chunk)
    for chunk in _chunks(officials):
        session.execute(insert(CooperativeOfficial), chunk)
    made["CooperativeYear"] += len(years)
    made["CooperativeOfficial"] += len(officials)
    return [(record_id, row["kecamatan_id"]) for record_id, row in zip(ids, rows, strict=True)]


def _cooperative_row(
    rng: random.Random,
    niks: set[str],
    name: str,
    legal_form: LegalForm,
    kecamatan_id: int,
    kelurahan_id: int | None,
    today: date,
) -> dict[str, Any]:
    founded = date(rng.randint(1985, today.year - 2), rng.randint(1, 12), rng.randint(1, 28))
    health = _pick(rng, HEALTH_WEIGHTS)
    return {
        "name": name,
        "nik": _digits(rng, "3674", 16, niks) if rng.random() < 0.9 else None,
        "legal_number": f"AHU-{rng.randint(1000, 99999):07d}.AH.01.26.TAHUN {founded.year}",
        "legal_date": founded,
        "legal_form": legal_form,
        "kecamatan_id": kecamatan_id,
        "kelurahan_id": kelurahan_id,
        "address": f"Jl. {rng.choice(NAME_WORDS)} No. {rng.randint(1, 120)}",
        "members_count": int(rng.lognormvariate(4.3, 0.8)) + 20,
        "health": health,
        "health_year": rng.choice([today.year - 1, today.year - 2]) if health else None,
        "cooperative_id": None,
    }


def _book_years(
    rng: random.Random, record_id: int, members: int, profile: str, today: date
) -> list[dict[str, Any]]:
    """Three book years up to the last closed one, shaped by the cooperative's profile."""
    last = today.year - 1
    rows = []
    for book_year in range(last - 2, last + 1):
        recent = book_year >= last - 1
        if (profile == "tidur" and recent) or (profile == "baru" and book_year < last):
            continue
        held = not (profile == "kurang" and book_year == last and rng.random() < 0.6)
        business = not (profile == "kurang" and book_year == last and held)
        volume = int(rng.lognormvariate(20.0, 1.2)) // 1000 * 1000
        rows.append(
            {
                "record_id": record_id,
                "book_year": book_year,
                "rat_held_on": date(book_year + 1, rng.randint(1, 6), rng.randint(1, 28))
                if held
                else None,
                "members_present": int(members * rng.uniform(0.4, 0.9)) if held else None,
                "shu": int(volume * rng.uniform(-0.02, 0.08)) // 1000 * 1000 if held else None,
                "business_volume": volume if business else None,
            }
        )
    return rows


def _officials(rng: random.Random, record_id: int) -> list[dict[str, Any]]:
    seats = [
        (Board.PENGURUS, "Ketua"),
        (Board.PENGURUS, "Sekretaris"),
        (Board.PENGURUS, "Bendahara"),
        (Board.PENGAWAS, "Ketua Pengawas"),
        (Board.PENGAWAS, "Anggota Pengawas"),
    ]
    return [
        {"record_id": record_id, "board": board, "title": title, "name": _person(rng)}
        for board, title in seats
    ]


def _umkm(
    session: Session,
    rng: random.Random,
    places: _Places,
    records: list[tuple[int, int]],
    count: int,
    made: Counter[str],
) -> None:
    """The UMKM: the demo's Gerai members first (linked), then generated ones."""
    nibs: set[str] = set()
    by_kecamatan: dict[int, list[int]] = {}
    for record_id, kecamatan_id in records:
        by_kecamatan.setdefault(kecamatan_id, []).append(record_id)
    gerai_record = {
        coop_id: record_id
        for record_id, coop_id in session.execute(
            select(RegisteredCooperative.id, RegisteredCooperative.cooperative_id).where(
                RegisteredCooperative.cooperative_id.is_not(None)
            )
        )
    }
    rows = [
        _member_row(session, rng, nibs, member, gerai_record, places)
        for member in session.scalars(select(Member).order_by(Member.id))
    ]
    while len(rows) < count:
        sector = _pick(rng, SECTOR_WEIGHTS)
        kecamatan, kelurahan = places.any(rng)
        owner = _person(rng)
        name = f"{rng.choice(BUSINESSES[sector])} {owner.split()[0]}"
        turnover = _turnover(rng)
        nearby = by_kecamatan.get(kecamatan.id, [])
        rows.append(
            {
                "owner_name": owner,
                "business_name": name,
                "nib": _digits(rng, "9", 13, nibs) if rng.random() < 0.8 else None,
                "sector": sector,
                "kecamatan_id": kecamatan.id,
                "kelurahan_id": kelurahan,
                "address": f"Gg. {rng.choice(NAME_WORDS)} No. {rng.randint(1, 80)}",
                "employees": _employees(rng, turnover),
                "turnover": turnover if rng.random() < 0.92 else None,
                "capital": int(turnover * rng.uniform(0.2, 0.7)) // 100_000 * 100_000,
                "cooperative_record_id": rng.choice(nearby)
                if nearby and rng.random() < 0.4
                else None,
                "member_id": None,
            }
        )
    for chunk in _chunks(rows):
        session.execute(insert(RegisteredUmkm), chunk)
    made["RegisteredUmkm"] += len(rows)


def _turnover(rng: random.Random) -> int:
    """A year's turnover: most micro (a median near Rp 180 juta), some small, a few medium."""
    return int(rng.lognormvariate(19.0, 1.3)) // 100_000 * 100_000 + 5_000_000


def _employees(rng: random.Random, turnover: int) -> int:
    return max(1, int(turnover / 150_000_000 * rng.uniform(0.5, 1.5)))


def _member_row(
    session: Session,
    rng: random.Random,
    nibs: set[str],
    member: Member,
    gerai_record: dict[int, int],
    places: _Places,
) -> dict[str, Any]:
    slug = session.scalar(
        select(Category.slug)
        .join(Product, Product.category_id == Category.id)
        .where(Product.member_id == member.id)
        .limit(1)
    )
    coop = member.cooperative
    inside = places.kelurahan.get(coop.kecamatan_id, [])
    kelurahan = member.kelurahan_id
    if kelurahan not in inside:  # the record's kelurahan lies in its kecamatan
        kelurahan = rng.choice(inside) if inside else None
    turnover = _turnover(rng)
    nib = member.nib if member.nib and member.nib not in nibs else None
    if nib:
        nibs.add(nib)
    return {
        "owner_name": member.owner_name,
        "business_name": member.business_name,
        "nib": nib or _digits(rng, "9", 13, nibs),
        "sector": CATEGORY_SECTORS.get(slug or "", Sector.LAINNYA),
        "kecamatan_id": coop.kecamatan_id,
        "kelurahan_id": kelurahan,
        "address": "",
        "employees": _employees(rng, turnover),
        "turnover": turnover,
        "capital": turnover // 3 // 100_000 * 100_000,
        "cooperative_record_id": gerai_record.get(coop.id),
        "member_id": member.id,
    }


def _earlier(amount: int | None, shrink: float) -> int | None:
    """An amount as it stood before it grew by ``shrink``, in whole Rp 100.000."""
    return None if amount is None else int(amount / shrink) // 100_000 * 100_000


def seed_rounds(session: Session, today: date, *, seed: int = 0) -> Counter[str]:
    """Two closed rounds of the years before, whose snapshots show the UMKM smaller then (so
    some grew a class, naik kelas, and took on people), and this year's round open, a fifth
    of it confirmed already; once (a database with any round is left as it is)."""
    made: Counter[str] = Counter()
    if session.scalar(select(func.count(DataRound.id))) or not session.scalar(
        select(func.count(RegisteredUmkm.id))
    ):
        return made
    rng = random.Random(seed + 1)  # noqa: S311 -- demo data, not security
    limits = class_limits(session)
    umkm = session.execute(
        select(
            RegisteredUmkm.id,
            RegisteredUmkm.kecamatan_id,
            RegisteredUmkm.kelurahan_id,
            RegisteredUmkm.sector,
            RegisteredUmkm.employees,
            RegisteredUmkm.turnover,
            RegisteredUmkm.capital,
        )
    ).all()
    growth = {row[0]: rng.uniform(1.0, 1.6) for row in umkm}
    for years_back in (2, 1):
        year = today.year - years_back
        past = DataRound(name=f"Pendataan {year}", year=year, closes_on=date(year, 6, 30))
        rounds.move_round(session, past, RoundStatus.OPEN, None)
        rows = []
        for id_, kecamatan, kelurahan, sector, employees, turnover, capital in umkm:
            shrink = growth[id_] ** years_back
            then_turnover = (
                None if turnover is None else int(turnover / shrink) // 100_000 * 100_000
            )
            then_capital = None if capital is None else int(capital / shrink) // 100_000 * 100_000
            found = business_class(then_turnover, then_capital, limits)
            rows.append(
                {
                    "round_id": past.id,
                    "umkm_id": id_,
                    "kecamatan_id": kecamatan,
                    "kelurahan_id": kelurahan,
                    "sector": sector,
                    "employees": max(1, round(employees / shrink)),
                    "turnover": then_turnover,
                    "capital": then_capital,
                    "business_class": found.business_class.value if found else None,
                    "confirmed_at": datetime(year, 5, rng.randint(1, 28), tzinfo=UTC),
                }
            )
        for chunk in _chunks(rows):
            session.execute(insert(UmkmSnapshot), chunk)
        rounds.move_round(session, past, RoundStatus.CLOSED, None)
        made["DataRound"] += 1
        made["UmkmSnapshot"] += len(rows)
    current = rounds.open_round(
        session,
        rounds.RoundInput(f"Pendataan {today.year}", today.year, today + timedelta(days=45)),
        None,
        today,
    )
    made["DataRound"] += 1
    snapshots = session.scalars(
        select(UmkmSnapshot.id).where(UmkmSnapshot.round_id == current.id)
    ).all()
    confirmed = [i for i in snapshots if rng.random() < 0.2]
    session.execute(
        update(UmkmSnapshot)
        .where(UmkmSnapshot.id.in_(confirmed))
        .values(confirmed_at=datetime.combine(today, datetime.min.time(), tzinfo=UTC))
    )
    return made
