"""The demo seed: the whole city through the CLI on an empty database, and twice is once."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, select

from accounts.models import Role, User
from catalog import db
from catalog.models import (
    Gallery,
    Kecamatan,
    Kelurahan,
    Member,
    Product,
    ProductImage,
    StockMovement,
)
from demo import data
from demo.cli import seed_demo_command
from tests.conftest import make_test_app
from tests.databases import fresh_database

MODELS = (Kecamatan, Kelurahan, Gallery, Member, Product, ProductImage, StockMovement, User)


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in MODELS}


ACCOUNT_LINE = re.compile(r"^(admin|manager|courier|shopper|officer) +\S+@gerai\.example  \S+$")
# "Galeri … (Kecamatan …)" under a manager or courier, "Kecamatan …" under an officer
WHERE_LINE = re.compile(r"^ {9}(\S.*\)|Kelurahan \S.*|Kecamatan \S.*)$")


def assert_only_the_summary(output: str) -> list[str]:
    """The seed prints what it made, where the passwords are, and the accounts: nothing else."""
    lines = output.splitlines()
    assert lines[0].startswith("Seeded: "), lines[0]
    assert lines[1].startswith("DEMO-ONLY accounts"), lines[1]
    stray = [line for line in lines[2:] if not (ACCOUNT_LINE.match(line) or WHERE_LINE.match(line))]
    assert not stray, stray
    return lines[2:]


def where(lines: list[str], email: str) -> tuple[str, str]:
    """The account line of ``email`` and the line under it."""
    [at] = [n for n, line in enumerate(lines) if line.split()[1:2] == [email]]
    return lines[at], lines[at + 1]


def assert_accounts_say_where_they_work(lines: list[str]) -> None:
    kecamatan = {k.slug: k.name for k in data.KECAMATAN}
    label = {g.slug: f"{g.name} (Kecamatan {kecamatan[g.kecamatan_slug]})" for g in data.GALLERIES}
    for coop in data.COOPERATIVES:
        account, note = where(lines, f"pengelola.{coop.slug}@gerai.example")
        assert account.startswith("manager") and note.strip().startswith(coop.name + ": ")
        for gallery in data.GALLERIES:
            named = label[gallery.slug] in note
            assert named == (gallery.cooperative_slug == coop.slug), (note, gallery.name)
    for gallery in data.GALLERIES:
        account, note = where(lines, f"kurir.{gallery.slug}@gerai.example")
        assert account.startswith("courier") and note.strip() == label[gallery.slug]


def test_seed_demo_builds_the_city_and_running_it_again_adds_nothing(tmp_path):
    with fresh_database(tmp_path) as url:
        app = make_test_app(url, tmp_path / "media")
        runner = app.test_cli_runner()
        first = runner.invoke(seed_demo_command)
        assert first.exit_code == 0, first.output
        assert "DEMO-ONLY" in first.output and "admin@gerai.example" in first.output
        with app.app_context():
            after_first = counts()
            assert after_first["Kecamatan"] == 7
            assert after_first["Kelurahan"] == 54
            assert after_first["Product"] == len(data.PRODUCTS)
            assert after_first["ProductImage"] == len(data.PRODUCTS)
            managers = db.session.scalar(select(func.count()).where(User.role == Role.MANAGER))
            assert managers == len(data.COOPERATIVES)
            couriers = db.session.scalars(select(User).where(User.role == Role.COURIER)).all()
            assert sorted(c.gallery.slug for c in couriers) == sorted(
                g.slug for g in data.GALLERIES
            )
            assert all(c.phone.startswith("+62") for c in couriers)
        accounts = assert_only_the_summary(first.output)
        assert_accounts_say_where_they_work(accounts)
        saved = (Path(app.instance_path) / "demo-accounts.txt").read_text(encoding="utf-8")
        assert saved.splitlines() == accounts
        second = runner.invoke(seed_demo_command)
        assert second.exit_code == 0, second.output
        assert second.output.splitlines()[0] == "Seeded: nothing new."
        assert assert_only_the_summary(second.output) == accounts
        with app.app_context():
            assert counts() == after_first
        scaled = runner.invoke(seed_demo_command, args=["--scale", "40"])
        assert scaled.exit_code == 0, scaled.output
        again = runner.invoke(seed_demo_command, args=["--scale", "40"])
        with app.app_context():
            assert counts()["Product"] == len(data.PRODUCTS) + 40
            assert "nothing new" in again.output
        app.extensions["gerai.engine"].dispose()


def test_seeded_stock_is_recorded_in_the_ledger(db_session):
    products = db_session.scalars(select(Product).where(Product.stock > 0)).all()
    totals = select(StockMovement.product_id, func.sum(StockMovement.quantity)).group_by(
        StockMovement.product_id
    )
    ledger = dict(db_session.execute(totals).all())
    assert all(ledger[p.id] == p.stock for p in products)
