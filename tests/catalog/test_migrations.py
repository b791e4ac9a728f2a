"""The migrations build the whole schema, match the models, and go down and up again."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    text,
)

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
                context = MigrationContext.configure(
                    conn, opts={"compare_type": True, "include_name": migrate.include_name}
                )
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


def _insert(conn, table: Table, **values: object) -> int:  # type: ignore[no-untyped-def]
    """Insert a row at an older revision: the given values, plain fillers for the other
    required columns (a migration test must not use the models, which describe the head)."""
    fillers = {
        Integer: 1,
        String: "x",
        Text: "",
        Boolean: False,
        Float: 0.0,
        Date: date(2026, 1, 1),
    }
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        if column.server_default is not None:
            continue
        if isinstance(column.type, DateTime):
            row[column.name] = datetime(2026, 1, 1, tzinfo=UTC)
            continue
        row[column.name] = next(v for t, v in fillers.items() if isinstance(column.type, t))
    return int(conn.execute(table.insert().values(row)).inserted_primary_key[0])


def test_settlement_upgrade_keeps_orders_and_dates_delivered_shipments(tmp_path):
    """0012 on a database with orders: existing shipments learn when they were delivered from
    their timelines, existing lines are unsettled, cooperatives get the default terms."""
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine, "0011")
            meta = MetaData()
            meta.reflect(engine)
            t = meta.tables
            delivered_at = datetime(2026, 11, 3, 5, 30, tzinfo=UTC)
            with engine.begin() as conn:
                kec = _insert(conn, t["kecamatan"], slug="setu")
                coop = _insert(conn, t["cooperative"], slug="kop", kecamatan_id=kec,
                               legal_type="produsen", commission_rate_percent=15)  # fmt: skip
                gallery = _insert(conn, t["gallery"], slug="g", cooperative_id=coop,
                                  kecamatan_id=kec)  # fmt: skip
                member = _insert(conn, t["member"], cooperative_id=coop)
                cat = _insert(conn, t["category"], slug="c")
                product = _insert(conn, t["product"], slug="p", gallery_id=gallery,
                                  member_id=member, category_id=cat, price=5_000, stock=3,
                                  status="active")  # fmt: skip
                order = _insert(conn, t["shop_order"], code="GR-AAAAAA", access_token="t",
                                status="completed", payment_method="cod", subtotal=5_000,
                                delivery_total=0, total=5_000)  # fmt: skip
                shipment = _insert(conn, t["shipment"], order_id=order, gallery_id=gallery,
                                   status="delivered", delivery_method="delivery",
                                   subtotal=5_000, delivery_fee=0, cod_amount=0)  # fmt: skip
                for status, moment in (("picked_up", datetime(2026, 11, 3, 5, tzinfo=UTC)),
                                       ("delivered", delivered_at)):  # fmt: skip
                    _insert(conn, t["shipment_event"], shipment_id=shipment, status=status,
                            created_at=moment)  # fmt: skip
                _insert(conn, t["order_line"], order_id=order, shipment_id=shipment,
                        product_id=product, unit_price=5_000, quantity=1, line_total=5_000,
                        member_id=member, commission_rate_percent=15)  # fmt: skip
            migrate.upgrade(engine)
            with engine.connect() as conn:
                completed: Any = conn.execute(
                    text("SELECT completed_at FROM shipment")
                ).scalar_one()
                line = conn.execute(text("SELECT settlement_id, line_total FROM order_line")).one()
                terms = conn.execute(
                    text(
                        "SELECT consignment_days, consignment_grace_days, min_payout"
                        " FROM cooperative"
                    )
                ).one()
            if isinstance(completed, str):  # SQLite hands back the stored text
                completed = datetime.fromisoformat(completed)
            assert completed.replace(tzinfo=completed.tzinfo or UTC) == delivered_at
            assert tuple(line) == (None, 5_000)
            assert tuple(terms) == (90, 14, 50_000)
        finally:
            engine.dispose()


def test_cash_upgrade_dates_the_shipments_whose_cash_was_handed_over(tmp_path):
    """0014 on a database with handovers: a shipment in one learns when its cash came in; a
    delivered COD shipment in none stays open (NULL), and the partial index finds only it."""
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine, "0013")
            meta = MetaData()
            meta.reflect(engine)
            t = meta.tables
            received_at = datetime(2026, 11, 4, 13, 0, tzinfo=UTC)
            with engine.begin() as conn:
                kec = _insert(conn, t["kecamatan"], slug="setu")
                coop = _insert(conn, t["cooperative"], slug="kop", kecamatan_id=kec,
                               legal_type="produsen")  # fmt: skip
                gallery = _insert(conn, t["gallery"], slug="g", cooperative_id=coop,
                                  kecamatan_id=kec)  # fmt: skip
                manager = _insert(conn, t["user_account"], email="m@example.test", role="manager",
                                  cooperative_id=coop)  # fmt: skip
                shipments = []
                for code in ("GR-AAAAAA", "GR-BBBBBB"):
                    order = _insert(conn, t["shop_order"], code=code, access_token=code,
                                    status="completed", payment_method="cod", subtotal=5_000,
                                    delivery_total=0, total=5_000)  # fmt: skip
                    shipments.append(_insert(conn, t["shipment"], order_id=order,
                                             gallery_id=gallery, status="delivered",
                                             delivery_method="delivery", subtotal=5_000,
                                             delivery_fee=0, cod_amount=5_000))  # fmt: skip
                handover = _insert(conn, t["cash_handover"], gallery_id=gallery, amount=5_000,
                                   expected=5_000, received_by_id=manager,
                                   received_at=received_at, submission="s")  # fmt: skip
                _insert(conn, t["cash_handover_item"], handover_id=handover,
                        shipment_id=shipments[0], reported=5_000, due=5_000)  # fmt: skip
            migrate.upgrade(engine)
            with engine.connect() as conn:
                rows = dict(
                    conn.execute(text("SELECT id, cash_handed_over_at FROM shipment")).all()
                )
                still_open = (
                    conn.execute(
                        text(
                            "SELECT id FROM shipment WHERE status = 'delivered' AND cod_amount > 0"
                            " AND cash_handed_over_at IS NULL"
                        )
                    )
                    .scalars()
                    .all()
                )
            handed: Any = rows[shipments[0]]
            if isinstance(handed, str):  # SQLite hands back the stored text
                handed = datetime.fromisoformat(handed)
            assert handed.replace(tzinfo=handed.tzinfo or UTC) == received_at
            assert rows[shipments[1]] is None and still_open == [shipments[1]]
        finally:
            engine.dispose()


def test_name_word_upgrade_indexes_the_words_of_the_existing_documents(tmp_path):
    """0017 on a database whose products already have search documents: every distinct word
    of each name becomes a row of the name-word index, cut to the key's 40 characters."""
    long_word = "a" * 45
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine, "0016")
            meta = MetaData()
            meta.reflect(engine)
            t = meta.tables
            with engine.begin() as conn:
                kec = _insert(conn, t["kecamatan"], slug="setu")
                coop = _insert(conn, t["cooperative"], slug="kop", kecamatan_id=kec,
                               legal_type="produsen")  # fmt: skip
                gallery = _insert(conn, t["gallery"], slug="g", cooperative_id=coop,
                                  kecamatan_id=kec)  # fmt: skip
                member = _insert(conn, t["member"], cooperative_id=coop)
                category = _insert(conn, t["category"], slug="batik")
                product = _insert(conn, t["product"], slug="kain", gallery_id=gallery,
                                  member_id=member, category_id=category,
                                  status="active")  # fmt: skip
                _insert(conn, t["product_search"], product_id=product,
                        name_terms=f" kain batik tulis batik {long_word} ",
                        category_id=category, gallery_id=gallery,
                        kecamatan_id=kec)  # fmt: skip
            migrate.upgrade(engine)
            with engine.connect() as conn:
                rows = conn.execute(
                    text("SELECT word, product_id FROM search_name_word ORDER BY word")
                ).all()
            assert [tuple(r) for r in rows] == [
                ("a" * 40, product),
                ("batik", product),
                ("kain", product),
                ("tulis", product),
            ]
        finally:
            engine.dispose()
