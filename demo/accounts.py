"""The demo-only accounts ``seed-demo`` makes, and the file that keeps their passwords.

One admin, a manager per cooperative, a shopper, a courier per gallery and the pendataan's
officers (one per kecamatan, one for a kelurahan), all at a reserved
domain. Passwords are generated on the first seed and written to ``demo-accounts.txt`` in the
instance folder; later seeds keep them (and any account lines the file has that the demo no
longer makes).
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import select

from accounts.models import Role, User
from catalog import db
from catalog.text import slugify
from demo import data

if TYPE_CHECKING:
    from demo.seed import Seeder

DEMO_DOMAIN = "gerai.example"  # a reserved domain: no mail can ever reach a real person


# One ojek per gallery, in the order of data.GALLERIES (Pak Darto has been Setu's since the start).
COURIER_NAMES = (
    "Ojek Pak Darto",
    "Ojek Mas Yusuf",
    "Ojek Bu Sri",
    "Ojek Bang Rizal",
    "Ojek Pak Slamet",
    "Ojek Mas Andi",
    "Ojek Pak Ujang",
    "Ojek Mbak Wulan",
    "Ojek Pak Heru",
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    cooperative_slug: str | None = None
    gallery_slug: str | None = None
    kecamatan_slug: str | None = None  # an officer's area: a kecamatan,
    kelurahan_name: str | None = None  # or one kelurahan of it
    phone: str = ""
    note: str = ""  # where the account works, for demo-accounts.txt


def _gallery_label(gallery: data.GalleryData) -> str:
    kecamatan = {kec.slug: kec.name for kec in data.KECAMATAN}[gallery.kecamatan_slug]
    return f"{gallery.name} (Kecamatan {kecamatan})"


def _manager_note(coop: data.CooperativeData) -> str:
    galleries = [g for g in data.GALLERIES if g.cooperative_slug == coop.slug]
    return f"{coop.name}: " + ("; ".join(map(_gallery_label, galleries)) or "no gallery")


def demo_accounts(dispatcher_galleries: Collection[str] = ()) -> list[DemoAccount]:
    """One admin, a manager per cooperative, a shopper, a courier for every gallery that uses
    Gerai's courier page (the slugs in ``dispatcher_galleries`` have a dispatcher), and the
    pendataan's officers."""
    accounts = [DemoAccount(f"admin@{DEMO_DOMAIN}", "Dinas Koperasi Tangsel", Role.ADMIN)]
    for coop in data.COOPERATIVES:
        accounts.append(
            DemoAccount(
                f"pengelola.{coop.slug}@{DEMO_DOMAIN}",
                f"Pengelola {coop.name}",
                Role.MANAGER,
                cooperative_slug=coop.slug,
                note=_manager_note(coop),
            )
        )
    for number, (gallery, name) in enumerate(zip(data.GALLERIES, COURIER_NAMES, strict=True)):
        if gallery.slug in dispatcher_galleries:
            continue
        accounts.append(
            DemoAccount(
                f"kurir.{gallery.slug}@{DEMO_DOMAIN}",
                name,
                Role.COURIER,
                gallery_slug=gallery.slug,
                phone=f"+62813{9870_0000 + number:08d}",
                note=_gallery_label(gallery),
            )
        )
    accounts.append(DemoAccount(f"pembeli@{DEMO_DOMAIN}", "Rina Pembeli", Role.SHOPPER))
    accounts += _officers()
    return accounts


def _officers() -> list[DemoAccount]:
    """A pendataan officer for every kecamatan, and a kelurahan officer for the first kelurahan
    of the first kecamatan."""
    found = [
        DemoAccount(
            f"petugas.{kec.slug}@{DEMO_DOMAIN}",
            f"Petugas Kecamatan {kec.name}",
            Role.OFFICER,
            kecamatan_slug=kec.slug,
            note=f"Kecamatan {kec.name}",
        )
        for kec in data.KECAMATAN
    ]
    first = data.KECAMATAN[0]
    kelurahan = first.kelurahan[0].name
    found.append(
        DemoAccount(
            f"lurah.{slugify(kelurahan)}@{DEMO_DOMAIN}",
            f"Petugas Kelurahan {kelurahan}",
            Role.OFFICER,
            kecamatan_slug=first.slug,
            kelurahan_name=kelurahan,
            note=f"Kelurahan {kelurahan}, Kecamatan {first.name}",
        )
    )
    return found


def ensure_account(account: DemoAccount, seeder: Seeder, hash_method: str) -> str | None:
    """Create ``account`` if missing; returns its new generated password, or None if it existed."""
    if db.session.scalar(select(User.id).where(User.email == account.email)) is not None:
        return None
    user = User(email=account.email, name=account.name, role=account.role, phone=account.phone)
    if account.cooperative_slug:
        user.cooperative = seeder.cooperatives[account.cooperative_slug]
    if account.gallery_slug:
        user.gallery = seeder.galleries[account.gallery_slug]
    if account.kecamatan_slug:
        user.kecamatan_id = seeder.kecamatan[account.kecamatan_slug].id
    if account.kecamatan_slug and account.kelurahan_name:
        user.kelurahan_id = seeder.kelurahan[(account.kecamatan_slug, account.kelurahan_name)].id
    password = secrets.token_urlsafe(9)
    user.set_password(password, method=hash_method)
    db.session.add(user)
    return password


def credentials_file() -> Path:
    return Path(current_app.instance_path) / "demo-accounts.txt"


def seed_accounts(seeder: Seeder, hash_method: str) -> tuple[list[str], int]:
    """Create the missing demo accounts and write down their passwords; flushes.

    Returns the lines of the credentials file (what the CLI prints) and how many accounts were
    new. A courier is made only for a gallery without a dispatcher, but once made it is listed
    even while its gallery has one (the courier demo points Setu at the simulator).
    """
    passwords, others = _read_credentials()
    dispatched = {slug for slug, g in seeder.galleries.items() if g.courier_endpoint_url}
    created = 0
    for account in demo_accounts(dispatched):
        password = ensure_account(account, seeder, hash_method)
        if password is not None:
            passwords[account.email] = password
            created += 1
    db.session.flush()
    known = [a for a in demo_accounts() if a.email in passwords]
    lines = [_line(a, passwords[a.email]) for a in known] + others
    _write_credentials(lines)
    return lines, created


def _line(account: DemoAccount, password: str) -> str:
    """'role  email  password'; for managers and couriers, where they work on the next line.

    The account line keeps its three words: scripts and tests read passwords from it.
    """
    line = f"{account.role.value:8} {account.email}  {password}"
    return f"{line}\n{'':9}{account.note}" if account.note else line


def _read_credentials() -> tuple[dict[str, str], list[str]]:
    """Passwords by email from the file's account lines, and lines of accounts no longer made.

    The indented lines saying where an account works are written afresh on every run.
    """
    path = credentials_file()
    if not path.exists():
        return {}, []
    demo_emails = {account.email for account in demo_accounts()}
    passwords: dict[str, str] = {}
    others: list[str] = []
    roles = {role.value for role in Role}
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if len(words) != 3 or words[0] not in roles:
            continue
        if words[1] in demo_emails:
            passwords[words[1]] = words[2]
        else:
            others.append(line)
    return passwords, others


def _write_credentials(lines: list[str]) -> None:
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
