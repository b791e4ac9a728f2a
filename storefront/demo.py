"""The demo as the CLI runs it.

``seed-demo``: the catalog, then demo-only accounts, then a summary. ``courier-demo-setup``
keeps the gallery's own courier setting in the instance folder, and ``courier-demo-restore``
(run by ``make courier-demo`` when it stops) puts it back.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections import Counter
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from catalog import db
from catalog import demo_data as data
from catalog.models import Gallery
from catalog.seed import seed_catalog
from catalog.storage import LocalStorage
from storefront.accounts.models import Role, User

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
    phone: str = ""
    note: str = ""  # where the account works, for demo-accounts.txt


def _gallery_label(gallery: data.GalleryData) -> str:
    kecamatan = {kec.slug: kec.name for kec in data.KECAMATAN}[gallery.kecamatan_slug]
    return f"{gallery.name} (Kecamatan {kecamatan})"


def _manager_note(coop: data.CooperativeData) -> str:
    galleries = [g for g in data.GALLERIES if g.cooperative_slug == coop.slug]
    return f"{coop.name}: " + ("; ".join(map(_gallery_label, galleries)) or "no gallery")


def demo_accounts(dispatcher_galleries: Collection[str] = ()) -> list[DemoAccount]:
    """One admin, a manager per cooperative, a shopper, and a courier for every gallery that
    uses Gerai's courier page (the slugs in ``dispatcher_galleries`` have a dispatcher)."""
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
    return accounts


def ensure_account(account: DemoAccount, seeder, hash_method: str) -> str | None:  # type: ignore[no-untyped-def]
    """Create ``account`` if missing; returns its new generated password, or None if it existed."""
    if db.session.scalar(select(User.id).where(User.email == account.email)) is not None:
        return None
    user = User(email=account.email, name=account.name, role=account.role, phone=account.phone)
    if account.cooperative_slug:
        user.cooperative = seeder.cooperatives[account.cooperative_slug]
    if account.gallery_slug:
        user.gallery = seeder.galleries[account.gallery_slug]
    password = secrets.token_urlsafe(9)
    user.set_password(password, method=hash_method)
    db.session.add(user)
    return password


def credentials_file() -> Path:
    return Path(current_app.instance_path) / "demo-accounts.txt"


def run_seed(scale: int = 0) -> None:
    """Seed the catalog and demo accounts, then print what was made and how to log in.

    The progress bar shows only on a terminal: piped or captured, the output is the summary.
    """
    storage = LocalStorage(current_app.config["MEDIA_ROOT"])
    total = len(data.PRODUCTS) + scale
    hidden = not sys.stdout.isatty()
    with click.progressbar(length=total, label="Produk", show_pos=True, hidden=hidden) as bar:
        seeder = seed_catalog(
            db.session,
            storage,
            scale=scale,
            progress=bar.update,
            photo_size=current_app.config["DEMO_PHOTO_SIZE"],
        )
    method = current_app.config["PASSWORD_HASH_METHOD"]
    passwords, others = _read_credentials()
    dispatched = {slug for slug, g in seeder.galleries.items() if g.courier_endpoint_url}
    created = Counter(seeder.created)
    for account in demo_accounts(dispatched):
        password = ensure_account(account, seeder, method)
        if password is not None:
            passwords[account.email] = password
            created["User"] += 1
    db.session.flush()
    # Listed even while its gallery has a dispatcher (the courier demo points Setu at one).
    known = [a for a in demo_accounts() if a.email in passwords]
    lines = [_line(a, passwords[a.email]) for a in known] + others
    _write_credentials(lines)
    made = ", ".join(f"{n} {kind}" for kind, n in sorted(created.items()))
    click.echo(f"Seeded: {made or 'nothing new'}.")
    click.echo(f"DEMO-ONLY accounts, passwords generated on first seed ({credentials_file()}):")
    click.echo("\n".join(lines))


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


# --- the courier demo: remember a gallery's courier setting, and put it back ---------------------

COURIER_DEMO_FILE = "courier-demo-saved.json"


@dataclass(frozen=True)
class CourierSetting:
    """What ``courier-demo-setup`` overwrites: the dispatcher's address and signing secret."""

    endpoint_url: str | None
    secret: str | None
    secret_rotated_at: str | None  # ISO 8601

    @classmethod
    def of(cls, gallery: Gallery) -> CourierSetting:
        rotated = gallery.courier_secret_rotated_at
        return cls(
            gallery.courier_endpoint_url,
            gallery.courier_secret,
            rotated.isoformat() if rotated else None,
        )

    def apply_to(self, gallery: Gallery) -> None:
        gallery.courier_endpoint_url = self.endpoint_url
        gallery.courier_secret = self.secret
        rotated = self.secret_rotated_at
        gallery.courier_secret_rotated_at = datetime.fromisoformat(rotated) if rotated else None


def courier_demo_file() -> Path:
    return Path(current_app.instance_path) / COURIER_DEMO_FILE


def _saved_settings() -> dict[str, dict[str, str | None]]:
    path = courier_demo_file()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write_saved_settings(saved: dict[str, dict[str, str | None]]) -> None:
    path = courier_demo_file()
    if not saved:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)  # it holds signing secrets


def remember_courier_setting(slug: str, setting: CourierSetting) -> bool:
    """Keep the setting a gallery had before the demo; False if one is already kept.

    The first one wins: running the setup again (or after a demo that was killed before it
    could restore) must not replace the gallery's own setting with the simulator's.
    """
    saved = _saved_settings()
    if slug in saved:
        return False
    saved[slug] = asdict(setting)
    _write_saved_settings(saved)
    return True


def restore_courier_settings(slug: str | None = None) -> list[Gallery]:
    """Put back the kept settings (of one gallery, or all); flushes, and the caller commits.

    The kept values are forgotten only by :func:`forget_courier_settings`, after the commit.
    """
    saved = _saved_settings()
    restored = []
    for gallery_slug, values in saved.items():
        if slug is not None and gallery_slug != slug:
            continue
        gallery = db.session.scalar(select(Gallery).where(Gallery.slug == gallery_slug))
        if gallery is not None:
            CourierSetting(**values).apply_to(gallery)
            restored.append(gallery)
    db.session.flush()
    return restored


def forget_courier_settings(slugs: Collection[str]) -> None:
    saved = _saved_settings()
    _write_saved_settings({slug: v for slug, v in saved.items() if slug not in slugs})
