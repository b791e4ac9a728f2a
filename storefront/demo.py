"""The demo seed as the CLI runs it: the catalog, then demo-only accounts, then a summary."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from catalog import db
from catalog import demo_data as data
from catalog.seed import seed_catalog
from catalog.storage import LocalStorage
from storefront.accounts.models import Role, User

DEMO_DOMAIN = "gerai.example"  # a reserved domain: no mail can ever reach a real person


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    cooperative_slug: str | None = None
    gallery_slug: str | None = None


def demo_accounts() -> list[DemoAccount]:
    """One admin, a manager per cooperative, a courier for the first gallery, a shopper."""
    accounts = [DemoAccount(f"admin@{DEMO_DOMAIN}", "Dinas Koperasi Tangsel", Role.ADMIN)]
    for coop in data.COOPERATIVES:
        accounts.append(
            DemoAccount(
                f"pengelola.{coop.slug}@{DEMO_DOMAIN}",
                f"Pengelola {coop.name}",
                Role.MANAGER,
                cooperative_slug=coop.slug,
            )
        )
    first = data.GALLERIES[0]
    accounts.append(
        DemoAccount(
            f"kurir.{first.slug}@{DEMO_DOMAIN}",
            "Ojek Pak Darto",
            Role.COURIER,
            gallery_slug=first.slug,
        )
    )
    accounts.append(DemoAccount(f"pembeli@{DEMO_DOMAIN}", "Rina Pembeli", Role.SHOPPER))
    return accounts


def ensure_account(account: DemoAccount, seeder, hash_method: str) -> str | None:  # type: ignore[no-untyped-def]
    """Create ``account`` if missing; returns its new generated password, or None if it existed."""
    if db.session.scalar(select(User.id).where(User.email == account.email)) is not None:
        return None
    user = User(email=account.email, name=account.name, role=account.role)
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
    """Seed the catalog and demo accounts, then print what was made and how to log in."""
    storage = LocalStorage(current_app.config["MEDIA_ROOT"])
    total = len(data.PRODUCTS) + scale
    with click.progressbar(length=total, label="Produk", show_pos=True) as bar:
        seeder = seed_catalog(
            db.session,
            storage,
            scale=scale,
            progress=bar.update,
            photo_size=current_app.config["DEMO_PHOTO_SIZE"],
        )
    method = current_app.config["PASSWORD_HASH_METHOD"]
    known = _read_credentials()
    for account in demo_accounts():
        password = ensure_account(account, seeder, method)
        if password is not None:
            known[account.email] = f"{account.role.value:8} {account.email}  {password}"
    db.session.flush()
    _write_credentials(known)
    made = ", ".join(f"{n} {kind}" for kind, n in sorted(seeder.created.items()))
    click.echo(f"Seeded: {made or 'nothing new'}.")
    click.echo(f"DEMO-ONLY accounts, passwords generated on first seed ({credentials_file()}):")
    click.echo("\n".join(known.values()))


def _read_credentials() -> dict[str, str]:
    path = credentials_file()
    if not path.exists():
        return {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {line.split()[1]: line for line in lines if len(line.split()) == 3}


def _write_credentials(known: dict[str, str]) -> None:
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(known.values()) + "\n", encoding="utf-8")
