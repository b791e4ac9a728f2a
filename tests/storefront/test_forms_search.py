"""The search and filter forms (GET), submitted as the pages render them."""

from __future__ import annotations

from accounts.models import Role
from catalog.models import ProductStatus
from tests import factories
from tests.webforms import PASSWORD, form_for, log_in, texts


def test_the_header_search_finds_what_is_typed(web, db_session):
    wanted = factories.product(db_session, name="Kerupuk Kulit Ikan Tenggiri Uji")
    db_session.commit()
    form = form_for(web.get("/"), "/cari")
    form["q"] = "tenggiri"
    results = form.submit()
    assert results.request.path == "/cari"
    assert wanted.name in results.text
    assert "Hasil untuk “tenggiri”" in results.text


def test_an_empty_or_fruitless_search_says_what_to_do(web, db_session):
    form = form_for(web.get("/"), "/cari")
    form["q"] = ""
    assert "Ketik yang Anda cari" in form.submit().text
    form["q"] = "zzqqxx tidak ada"
    nothing = form.submit()
    assert nothing.status_int == 200
    assert texts(nothing, "empty") and "Tidak ada hasil untuk" in texts(nothing, "empty")[0]


def manager_of(web, db_session, gallery):  # type: ignore[no-untyped-def]
    user = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=gallery.cooperative
    )
    db_session.commit()
    log_in(web, user)


def test_the_managers_product_filters_narrow_the_list(web, db_session):
    gallery = factories.gallery(db_session)
    member = factories.member(db_session, cooperative=gallery.cooperative)

    def made(name: str, stock: int, status: ProductStatus = ProductStatus.ACTIVE) -> str:
        product = factories.product(
            db_session, gallery=gallery, member=member, name=name, stock=stock, status=status
        )
        return product.name

    running_low = made("Aktif Hampir Habis", 1)
    plenty = made("Aktif Masih Banyak", 50)
    draft = made("Draf Masih Disiapkan", 1, ProductStatus.DRAFT)
    manager_of(web, db_session, gallery)
    form = form_for(web.get("/kelola/produk"), "/kelola/produk")
    form["status"] = "active"
    form["low"] = True
    listed = form.submit()
    assert running_low in listed.text
    assert plenty not in listed.text and draft not in listed.text
    kept = form_for(listed, "/kelola/produk")
    assert (kept["status"].value, kept["low"].checked) == ("active", True)
    form = form_for(listed, "/kelola/produk")
    form["status"] = "draft"
    form["low"] = False
    drafts = form.submit()
    assert draft in drafts.text and running_low not in drafts.text


def test_the_shelf_label_filter_lists_one_gallery(web, db_session):
    first = factories.gallery(db_session)
    second = factories.gallery(db_session, cooperative=first.cooperative)
    here = factories.product(db_session, gallery=first, name="Label Galeri Satu")
    there = factories.product(db_session, gallery=second, name="Label Galeri Dua")
    manager_of(web, db_session, first)
    form = form_for(web.get("/kelola/label"), "/kelola/label")
    form["gallery"] = str(second.id)
    listed = form.submit()
    assert there.name in listed.text and here.name not in listed.text
