"""The demo seed: the whole city through the CLI on an empty database, and twice is once."""

from __future__ import annotations

from sqlalchemy import func, select

from catalog import db
from catalog import demo_data as data
from catalog.models import (
    Gallery,
    Kecamatan,
    Kelurahan,
    Member,
    Product,
    ProductImage,
    StockMovement,
)
from storefront.accounts.models import Role, User
from tests.conftest import make_test_app
from tests.databases import fresh_database

MODELS = (Kecamatan, Kelurahan, Gallery, Member, Product, ProductImage, StockMovement, User)


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in MODELS}


def test_seed_demo_builds_the_city_and_running_it_again_adds_nothing(tmp_path):
    with fresh_database(tmp_path) as url:
        app = make_test_app(url, tmp_path / "media")
        runner = app.test_cli_runner()
        first = runner.invoke(args=["seed-demo"])
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
        second = runner.invoke(args=["seed-demo"])
        assert second.exit_code == 0, second.output
        assert "nothing new" in second.output
        with app.app_context():
            assert counts() == after_first
        scaled = runner.invoke(args=["seed-demo", "--scale", "40"])
        assert scaled.exit_code == 0, scaled.output
        again = runner.invoke(args=["seed-demo", "--scale", "40"])
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
