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
