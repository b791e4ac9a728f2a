"""Shopper pages show the seeded city, in Indonesian by default and in English on request."""

from __future__ import annotations

import re

from sqlalchemy import select

from catalog.models import Gallery, Kecamatan, Product, ProductImage, ProductStatus
from demo import data as demo_data
from storefront.i18n import rupiah
from tests import factories


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_home_lists_every_kecamatan_with_its_galleries_in_indonesian(client):
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    assert '<html lang="id">' in page
    assert "Kategori" in page
    for gallery in demo_data.GALLERIES:
        assert gallery.name in page
    for kecamatan in demo_data.KECAMATAN:
        assert f"/kecamatan/{kecamatan.slug}" in page


def test_language_switch_to_english_and_back(client):
    response = client.get("/bahasa/en?next=/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = html(client.get("/"))
    assert '<html lang="en">' in page
    assert "Categories" in page
    client.get("/bahasa/id")
    assert "Kategori" in html(client.get("/"))


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.get("/bahasa/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    assert client.get("/bahasa/xx").status_code == 404


def test_kecamatan_page_shows_its_galleries_and_kelurahan(client, db_session):
    for kec in demo_data.KECAMATAN:
        page = html(client.get(f"/kecamatan/{kec.slug}"))
        for gallery in demo_data.GALLERIES:
            if gallery.kecamatan_slug == kec.slug:
                assert gallery.name in page
        assert kec.kelurahan[0].name in page


def test_gallery_page_shows_details_whatsapp_and_own_products_only(client, db_session):
    gallery = db_session.scalars(select(Gallery).order_by(Gallery.id)).first()
    response = client.get(f"/galeri/{gallery.slug}")
    assert response.status_code == 200
    page = html(response)
    assert gallery.name in page
    assert gallery.opening_hours in page
    assert f"https://wa.me/{gallery.whatsapp.lstrip('+')}" in page
    own = db_session.scalars(select(Product).where(Product.gallery_id == gallery.id)).all()
    other = db_session.scalars(select(Product).where(Product.gallery_id != gallery.id)).first()
    assert any(f"/produk/{p.slug}" in page for p in own)
    assert f'/produk/{other.slug}"' not in page


def test_product_page_shows_price_unit_stock_producer_and_gallery(client, db_session):
    product = db_session.scalars(select(Product).where(Product.stock > 0)).first()
    page = html(client.get(f"/produk/{product.slug}"))
    assert rupiah(product.price) in page
    assert product.unit in page
    assert "Stok tersedia" in page
    assert product.member.business_name in page
    assert product.gallery.name in page
    assert 'srcset="' in page and "width=" in page


def test_sold_out_product_says_so(client, db_session):
    product = factories.product(db_session, stock=0)
    page = html(client.get(f"/produk/{product.slug}"))
    assert "Habis" in page


def test_rupiah_formatting():
    assert rupiah(25000) == "Rp 25.000"
    assert rupiah(1500000) == "Rp 1.500.000"
    assert rupiah(500) == "Rp 500"
    assert rupiah(0) == "Rp 0"


def test_draft_and_archived_products_and_inactive_galleries_are_hidden(client, db_session):
    draft = factories.product(db_session, status=ProductStatus.DRAFT, name="Produk Draf Rahasia")
    archived = factories.product(db_session, status=ProductStatus.ARCHIVED)
    assert client.get(f"/produk/{draft.slug}").status_code == 404
    assert client.get(f"/produk/{archived.slug}").status_code == 404
    hidden = factories.product(db_session, name="Keripik Galeri Tutup")
    hidden.gallery.is_active = False
    db_session.flush()
    assert client.get(f"/galeri/{hidden.gallery.slug}").status_code == 404
    assert client.get(f"/produk/{hidden.slug}").status_code == 404
    assert "Keripik Galeri Tutup" not in html(client.get("/cari?q=keripik+galeri+tutup"))
    assert "Produk Draf Rahasia" not in html(client.get("/cari?q=draf+rahasia"))


def test_category_page_filters_by_kecamatan(client, db_session):
    page = html(client.get("/kategori/gula-pemanis"))
    assert "Gula &amp; Pemanis" in page
    setu = html(client.get("/kategori/gula-pemanis?kecamatan=setu"))
    setu_products = db_session.scalars(
        select(Product)
        .join(Product.gallery)
        .join(Gallery.kecamatan)
        .where(Kecamatan.slug != "setu")
    ).all()
    assert not any(f'/produk/{p.slug}"' in setu for p in setu_products)


def test_search_finds_words_in_name_and_ranks_in_stock_first(client, db_session):
    gallery = db_session.scalars(select(Gallery)).first()
    factories.product(db_session, gallery=gallery, name="Zzuji Gula Habis", stock=0)
    factories.product(db_session, gallery=gallery, name="Zzuji Gula Ada", stock=3)
    page = html(client.get("/cari?q=zzuji+gula"))
    assert page.index("Zzuji Gula Ada") < page.index("Zzuji Gula Habis")
    assert "2 produk ditemukan" in page


def test_search_matches_description_and_is_case_insensitive(client, db_session):
    factories.product(db_session, name="Produk Polos", description="dibuat dari NIRA kelapa")
    assert "Produk Polos" in html(client.get("/cari?q=nira+KELAPA"))


def test_search_without_results_suggests_categories(client):
    page = html(client.get("/cari?q=tidakadabarangini"))
    assert "Tidak ada hasil" in page
    assert "/kategori/kuliner" in page


def test_pagination_links_pages_and_keeps_the_query(client, app):
    page = html(client.get("/kategori/kuliner"))
    assert 'rel="next"' in page
    assert "page=2" in page
    second = html(client.get("/cari?q=gula&page=2"))
    assert "q=gula" in second and 'rel="prev"' in second


def test_unknown_slugs_give_the_404_page_in_the_layout(client):
    for url in [
        "/galeri/tidak-ada",
        "/produk/tidak-ada",
        "/kecamatan/atlantis",
        "/kategori/tidak-ada",
        "/halaman/tidak/ada",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Halaman tidak ditemukan" in html(response)
        assert 'class="site-header"' in html(response)


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "http" not in html(response).split("<body")[0].replace("https://wa.me", "")


def test_static_and_media_files_are_long_cached(client, db_session):
    product = db_session.scalars(select(Product)).first()
    page = html(client.get(f"/produk/{product.slug}"))
    css_url = re.search(r'href="(/static/gerai.css\?v=[0-9a-f]+)"', page).group(1)
    with client.get(css_url) as css:
        assert css.status_code == 200
        assert "max-age=31536000" in css.headers["Cache-Control"]
    image_url = re.search(r'<img src="(/media/products/[^"]+\.webp)"', page).group(1)
    with client.get(image_url) as image:
        assert image.status_code == 200 and image.mimetype == "image/webp"
        assert "max-age=31536000" in image.headers["Cache-Control"]
    with client.get("/media/../config.py") as outside:
        assert outside.status_code == 404
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200


def test_search_ranks_names_starting_with_the_phrase_first(client, db_session):
    gallery = db_session.scalars(select(Gallery)).first()
    factories.product(db_session, gallery=gallery, name="Bolu Zzkopi Susu")
    factories.product(db_session, gallery=gallery, name="Zzkopi Susu Gula Aren")
    page = html(client.get("/cari?q=zzkopi+susu"))
    assert page.index("Zzkopi Susu Gula Aren") < page.index("Bolu Zzkopi Susu")


def _with_photos(db_session, count: int) -> Product:  # type: ignore[no-untyped-def]
    product = factories.product(db_session, name=f"Keripik {count} Foto")
    for position in range(1, count):
        product.images.append(
            ProductImage(
                position=position,
                content_hash=f"{product.id:030x}{position:02x}",
                width=640,
                height=480,
                variant_widths=[320, 640],
                alt=f"Foto {position + 1}",
            )
        )
    db_session.flush()
    return product


def test_several_product_photos_form_one_swipeable_strip(web, db_session):
    product = _with_photos(db_session, 3)
    page = web.get(f"/produk/{product.slug}")
    strip = page.html.select_one(".photos")
    assert "strip" in strip["class"]
    # a scrollable region: named and reachable by keyboard
    assert strip["role"] == "region" and strip["aria-label"] == "Foto" and strip["tabindex"] == "0"
    images = strip.select("img")
    assert len(images) == 3
    for image in images:
        assert image["width"] and image["height"] and "320w" in image["srcset"]
    assert not images[0].has_attr("loading")  # the first photo is on the first screen
    assert [i.get("loading") for i in images[1:]] == ["lazy", "lazy"]
    # the price and the button come right after the photos, not after a stack of them
    assert page.html.select_one(".photos + .details .price.big")
    assert page.html.select_one(".details form.add-to-cart button")


def test_a_single_product_photo_is_not_a_strip(web, db_session):
    product = factories.product(db_session)
    strip = web.get(f"/produk/{product.slug}").html.select_one(".photos")
    assert strip["class"] == ["photos"]
    assert not strip.has_attr("tabindex") and not strip.has_attr("role")


def test_home_puts_kecamatan_blocks_in_one_grid_and_marks_those_with_several_galleries(web):
    page = web.get("/")
    blocks = page.html.select("#kecamatan .kecamatan-grid > .kecamatan-block")
    assert len(blocks) == len(demo_data.KECAMATAN)
    per_block = {len(b.select(".gallery-card")): "several" in b["class"] for b in blocks}
    assert per_block[1] is False
    assert per_block[2] is True  # e.g. Serpong: Galeri Batik Tangsel and Galeri UMKM Serpong
