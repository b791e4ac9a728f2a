"""The catalogue's version: renewed after every committed change to what shoppers are shown,
and only then; a session's uncommitted change is known as pending (both databases)."""

from __future__ import annotations

from sqlalchemy import select, update

from catalog import db, stock, version
from catalog.models import CatalogueVersion, Product, ProductStatus
from catalog.search import index
from tests import factories


def a_product(session) -> Product:  # type: ignore[no-untyped-def]
    found = session.scalars(
        select(Product).where(Product.status == ProductStatus.ACTIVE).order_by(Product.id)
    ).first()
    assert found is not None
    return found


def test_a_committed_change_of_a_product_renews_the_version(db_session):
    before = version.current(db_session)
    assert before
    a_product(db_session).price += 500
    db_session.flush()
    assert version.pending(db_session)
    assert version.current(db_session) == before  # not before the commit
    db_session.commit()
    assert not version.pending(db_session)
    after = version.current(db_session)
    assert after and after != before


def test_a_commit_that_changes_no_catalogue_row_keeps_the_version(db_session):
    user = factories.user(db_session)
    db_session.commit()
    before = version.current(db_session)
    user.name = "Pengguna Ganti Nama"
    db_session.commit()
    assert version.current(db_session) == before


def test_a_rolled_back_change_leaves_no_trace(db_session):
    before = version.current(db_session)
    with db_session.begin_nested():
        a_product(db_session).name = "Nama Sementara"
    db_session.rollback()
    assert not version.pending(db_session)
    db_session.commit()
    assert version.current(db_session) == before


def test_statements_that_go_around_the_unit_of_work_count_as_changes(db_session):
    product = a_product(db_session)
    db_session.execute(update(Product).where(Product.id == product.id).values(price=7_000))
    assert version.pending(db_session)
    db_session.rollback()
    before = version.current(db_session)
    stock.restock(db_session, a_product(db_session), 3, "datang", actor_id=None)
    db_session.commit()
    assert version.current(db_session) != before


def test_every_kind_of_catalogue_change_renews_it(db_session):
    kecamatan = factories.kecamatan(db_session)
    gallery = factories.gallery(db_session)
    db_session.commit()
    changes = [
        lambda: setattr(gallery, "name", "Galeri Ganti Nama"),
        lambda: setattr(gallery.cooperative, "is_active", False),
        lambda: setattr(kecamatan, "name", "Kecamatan Ganti Nama"),
        lambda: factories.category(db_session),
        lambda: factories.product(db_session, gallery=gallery, with_image=False),
    ]
    for change in changes:
        before = version.current(db_session)
        change()
        db_session.commit()
        assert version.current(db_session) != before


def test_a_rebuild_of_the_search_index_renews_it(db_session):
    before = version.current(db_session)
    index.reindex(db_session, [a_product(db_session).id])
    db_session.commit()
    assert version.current(db_session) != before


def test_a_savepoint_released_is_not_the_commit(db_session):
    before = version.current(db_session)
    with db_session.begin_nested():
        a_product(db_session).price += 100
    assert version.pending(db_session)
    assert version.current(db_session) == before
    db_session.commit()
    assert version.current(db_session) != before


def test_a_session_on_the_engine_reads_the_version_without_beginning_its_transaction(app):
    """A page served from the cache reads the version and nothing else: on PostgreSQL that
    read takes its own autocommit connection, leaving the request's session without a
    transaction (no BEGIN and ROLLBACK round trips); either way it is the committed version."""
    engine = app.extensions["gerai.engine"]
    with engine.connect() as conn:
        committed = conn.execute(select(CatalogueVersion.token)).scalar_one()
    with app.app_context():  # the request's scoped session, on the engine as in production
        db.session.remove()
        assert version.current(db.session) == committed
        if engine.dialect.name == "postgresql":
            assert not db.session().in_transaction()
        db.session.remove()
