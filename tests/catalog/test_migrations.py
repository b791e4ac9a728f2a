"""The migrations build the whole schema, match the models, and go down and up again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from catalog.db import Base, make_engine
from storefront import migrate
from tests.databases import fresh_database

EXPECTED_TABLES = {
    "kecamatan",
    "kelurahan",
    "cooperative",
    "gallery",
    "member",
    "category",
    "product",
    "product_image",
    "stock_movement",
    "user_account",
}


def test_upgrade_builds_the_schema_that_the_models_describe(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
            with engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                assert compare_metadata(context, Base.metadata) == []
        finally:
            engine.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            migrate.downgrade(engine, "base")
            assert not EXPECTED_TABLES & set(inspect(engine).get_table_names())
            migrate.upgrade(engine)
            assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
        finally:
            engine.dispose()


def test_consignment_kinds_are_allowed_and_the_ledger_keeps_its_checks(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            checks = {
                c["name"]: c["sqltext"]
                for c in inspect(engine).get_check_constraints("stock_movement")
            }
            kinds = checks["ck_stock_movement_movement_kind"]
            assert all(k in kinds for k in ("intake", "returned_to_member", "written_off"))
            assert "restock" in kinds
            assert "ck_stock_movement_stock_after_not_negative" in checks
            assert "ck_stock_movement_quantity_not_zero" in checks
            migrate.downgrade(engine, "0010")
            checks = {
                c["name"]: c["sqltext"]
                for c in inspect(engine).get_check_constraints("stock_movement")
            }
            assert "intake" not in checks["ck_stock_movement_movement_kind"]
            assert "consignment_note" not in inspect(engine).get_table_names()
        finally:
            engine.dispose()
