"""Product import and export in the manager console, and the ``import-products`` command."""

from __future__ import annotations

import io
import re

import pytest
import webtest
from sqlalchemy import func, select

from catalog.models import MovementKind, Product, ProductImage, StockMovement
from tests import factories
from tests.catalog.test_importer import HEADER, csv_bytes, photo, row, xlsx_of, zip_of
from tests.factories import Shop
from tests.storefront.manage_helpers import PASSWORD, csrf_from, log_in_manager
from tests.webforms import form_for, log_in

URL = "/kelola/impor"


@pytest.fixture
def shop(db_session) -> Shop:  # type: ignore[no-untyped-def]
    return factories.import_shop(db_session)


@pytest.fixture
def manager(client, web, db_session, shop):  # type: ignore[no-untyped-def]
    """Signed in twice: ``web`` for the form as rendered, ``client`` for hand-built requests."""
    user = log_in_manager(client, db_session, shop.gallery.cooperative)
    log_in(web, user, PASSWORD)
    client.get("/bahasa/en")  # English messages: the msgids the assertions name
    web.get("/bahasa/en")
    return user


def counts(session) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return (
        session.scalar(select(func.count()).select_from(Product)),
        session.scalar(select(func.count()).select_from(StockMovement)),
        session.scalar(select(func.count()).select_from(ProductImage)),
    )


def upload(
    web,
    gallery_id: int,
    sheet: bytes,
    *,
    dry_run: bool,
    photos: bytes | None = None,
    name: str = "produk.csv",
):  # type: ignore[no-untyped-def]
    """Fill the rendered upload form and press Upload."""
    form = form_for(web.get(URL), URL)
    form["gallery_id"] = str(gallery_id)
    form["sheet"] = webtest.Upload(name, sheet)
    if photos is not None:
        form["photos"] = webtest.Upload("foto.zip", photos)
    form["dry_run"] = dry_run
    return form.submit(expect_errors=True)


def forged_upload(client, gallery_id: int, sheet: bytes):  # type: ignore[no-untyped-def]
    """Hand-built: a gallery id the page never offers."""
    data: dict = {
        "csrf_token": csrf_from(client, URL),
        "gallery_id": str(gallery_id),
        "sheet": (io.BytesIO(sheet), "produk.csv"),
    }
    return client.post(URL, data=data, content_type="multipart/form-data")


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.text


def test_the_import_page_offers_the_cooperative_galleries_only(web, db_session, manager, shop):
    foreign = factories.gallery(db_session, name="Galeri Tetangga")
    page = text(web.get(URL))
    assert 'enctype="multipart/form-data"' in page
    assert shop.gallery.name in page and foreign.name not in page
    assert f"/kelola/produk/ekspor.csv?gallery={shop.gallery.id}" in page
    assert re.search(r'<input checked id="dry_run"', page)  # a dry run unless unticked


def test_a_dry_run_shows_the_plan_and_writes_nothing(web, db_session, manager, shop):
    shop.product(db_session, name="Dodol", stock=4, price=15_000)
    before = counts(db_session)
    response = upload(
        web,
        shop.gallery.id,
        csv_bytes(row("Keripik Balado"), row("Dodol", stock="10")),
        dry_run=True,
    )
    page = text(response)
    assert response.status_code == 200
    assert "Check passed" in page and "Nothing was changed yet" in page
    assert "Rp 25.000" in page  # the new product's price, shown the Indonesian way
    assert "Rp 15.000 → Rp 25.000" in page
    assert "restock of 6 in the stock history" in page
    assert 'id="apply-sheet" name="sheet"' in page  # re-submit the same files to import
    assert counts(db_session) == before


def test_an_xlsx_sheet_is_checked_like_a_csv(web, db_session, manager, shop):
    sheet = xlsx_of(
        HEADER.split(","),
        ["Gula Semut", "", "camilan-uji", "Dapur Bu Sri", "32.000", "pouch", 5, 250],
        ["Gula Cair", "", "camilan-uji", "Dapur Bu Sri", "gratis", "botol", 5, 250],
    )
    response = upload(web, shop.gallery.id, sheet, dry_run=True, name="produk.xlsx")
    assert response.status_code == 400
    assert re.findall(
        r'<td class="num">(\d+)</td>\s*<td><code>(\w+)</code></td>', text(response)
    ) == [("3", "price_idr")]


def test_importing_creates_and_updates_through_the_ledger(web, db_session, manager, shop):
    dodol = shop.product(db_session, name="Dodol", stock=4)
    dodol_id = dodol.id
    products, movements, images = counts(db_session)
    archive = zip_of({"balado.jpg": photo()})
    sheet = csv_bytes(
        row("Keripik Balado") + ",balado.jpg",
        row("Dodol", stock="1") + ",",
        header=HEADER + ",image",
    )
    response = upload(web, shop.gallery.id, sheet, dry_run=False, photos=archive)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/kelola/produk?gallery={shop.gallery.id}")
    assert counts(db_session) == (products + 1, movements + 2, images + 1)
    assert db_session.get(Product, dodol_id).stock == 1
    kinds = db_session.scalars(
        select(StockMovement.kind).where(StockMovement.product_id == dodol_id)
    ).all()
    assert kinds == [MovementKind.ADJUST]
    assert "Import done: 1 new, 1 updated, 0 unchanged." in text(web.get("/kelola/produk"))


def test_bad_rows_are_listed_with_line_and_reason_and_nothing_is_written(
    web, db_session, manager, shop
):
    before = counts(db_session)
    sheet = csv_bytes(
        row("Baik"),
        row("<script>alert('x')</script>", price_idr="-1"),
        row("Stok", stock="banyak"),
        row("Orang", member="Toko Entah"),
    )
    response = upload(web, shop.gallery.id, sheet, dry_run=False)
    page = text(response)
    assert response.status_code == 400
    assert "3 problems found. Nothing was imported." in page
    cells = re.findall(r'<td class="num">(\d+)</td>\s*<td><code>(\w+)</code></td>', page)
    assert cells == [("3", "price_idr"), ("4", "stock"), ("5", "member")]
    assert "The price must be above Rp 0." in page
    assert "No member of your cooperative has this business name." in page
    assert "<script>alert" not in page
    assert counts(db_session) == before


def test_html_in_a_valid_sheet_is_shown_escaped_and_stored_as_text(web, db_session, manager, shop):
    name = "<script>alert(1)</script>"
    response = upload(web, shop.gallery.id, csv_bytes(row(name)), dry_run=True)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text(response)
    assert "<script>alert(1)" not in text(response)
    assert upload(web, shop.gallery.id, csv_bytes(row(name)), dry_run=False).status_code == 302
    stored = db_session.scalar(select(Product).where(Product.name == name))
    assert stored is not None
    assert "&lt;script&gt;" in text(web.get(f"/kelola/produk/{stored.id}"))


@pytest.mark.parametrize(
    ("sheet", "photos", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), None, "This is not a CSV or XLSX file."),
        (csv_bytes(row(), header="nama,harga"), None, "Missing: description"),
        (
            csv_bytes(row() + ",../x.jpg", header=HEADER + ",image"),
            zip_of({"x.jpg": photo()}),
            "Unsafe path",
        ),
        (
            csv_bytes(row() + ",x.jpg", header=HEADER + ",image"),
            zip_of({"x.jpg": b"not a photo"}),
            "This file is not a photo.",
        ),
        (csv_bytes(row()), b"not a zip", "The photos file is not a ZIP archive."),
    ],
    ids=["png", "headers", "zip-slip", "not-a-photo", "not-a-zip"],
)
def test_bad_files_are_refused_with_a_clear_message(
    web, db_session, manager, shop, sheet, photos, message
):
    before = counts(db_session)
    response = upload(web, shop.gallery.id, sheet, dry_run=False, photos=photos)
    assert response.status_code == 400
    assert message in text(response)
    assert counts(db_session) == before


def test_a_submission_without_a_file_is_a_form_error(web, db_session, manager, shop):
    form = form_for(web.get(URL), URL)
    form["gallery_id"] = str(shop.gallery.id)
    response = form.submit(status=400)
    assert "Choose the CSV or XLSX file to import." in text(response)


def test_the_export_downloads_the_gallery_as_utf8_csv_with_bom(
    client, web, db_session, manager, shop
):
    shop.product(db_session, name="Kue Pukis", price=12_000)
    response = client.get(f"/kelola/produk/ekspor.csv?gallery={shop.gallery.id}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf" + HEADER.encode())
    assert "Kue Pukis" in response.data.decode("utf-8-sig")
    again = upload(web, shop.gallery.id, response.data, dry_run=True)
    assert again.status_code == 200 and "Check passed" in text(again)


def test_another_cooperative_gallery_is_not_found(client, db_session, manager, shop):
    foreign = factories.product(db_session, name="Rahasia Tetangga").gallery_id
    db_session.commit()  # kept when the 404 rolls the request back
    before = counts(db_session)
    assert client.get(f"/kelola/produk/ekspor.csv?gallery={foreign}").status_code == 404
    assert client.get("/kelola/produk/ekspor.csv").status_code == 404
    response = forged_upload(client, foreign, csv_bytes(row()))
    assert response.status_code == 404
    assert counts(db_session) == before


def test_only_managers_may_import(client, db_session, shop):
    assert client.get(URL).status_code == 302  # to the log-in page
    factories.user(db_session, email="pembeli@gerai.example", password="benar-sekali")
    from tests.conftest import login

    login(client, "pembeli@gerai.example", "benar-sekali")
    assert client.get(URL).status_code == 403
    assert client.get(f"/kelola/produk/ekspor.csv?gallery={shop.gallery.id}").status_code == 403


# --- the command line ---------------------------------------------------------------------------


def test_the_command_imports_a_valid_file_and_commits(runner, db_session, shop, tmp_path):
    sheet = tmp_path / "produk.csv"
    sheet.write_bytes(csv_bytes(row("Keripik Balado") + ",balado.jpg", header=HEADER + ",image"))
    folder = tmp_path / "foto"
    folder.mkdir()
    (folder / "balado.jpg").write_bytes(photo())
    before = counts(db_session)
    db_session.commit()  # the command's own rollback must not undo the test's data
    result = runner.invoke(
        args=[
            "import-products",
            str(sheet),
            "--gallery",
            shop.gallery.slug,
            "--images",
            str(folder),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Imported: 1 new, 0 updated, 0 unchanged, 1 photos" in result.output
    assert counts(db_session) == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_the_command_prints_every_bad_row_and_changes_nothing(runner, db_session, shop, tmp_path):
    sheet = tmp_path / "produk.csv"
    sheet.write_bytes(csv_bytes(row("A"), row("B", price_idr="abc"), row("C", stock="-2")))
    before = counts(db_session)
    db_session.commit()  # the command's own rollback must not undo the test's data
    result = runner.invoke(args=["import-products", str(sheet), "--gallery", shop.gallery.slug])
    assert result.exit_code == 1
    assert "line 3, price_idr “abc”: Write the price in whole rupiah" in result.output
    assert "line 4, stock “-2”: Stock cannot be below zero." in result.output
    assert counts(db_session) == before


def test_the_command_dry_run_describes_and_changes_nothing(runner, db_session, shop, tmp_path):
    shop.product(db_session, name="Dodol", stock=4, price=15_000)
    sheet = tmp_path / "produk.csv"
    sheet.write_bytes(csv_bytes(row("Dodol", stock="10"), row("Baru")))
    before = counts(db_session)
    db_session.commit()  # the command's own rollback must not undo the test's data
    result = runner.invoke(
        args=["import-products", str(sheet), "--gallery", shop.gallery.slug, "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "line 2: update “Dodol”: " in result.output
    assert "stock 4 → 10 (restock +6)" in result.output
    assert "line 3: new “Baru”, stock 12" in result.output
    assert "Dry run: nothing was changed." in result.output
    assert counts(db_session) == before


def test_the_command_refuses_an_unknown_gallery_and_a_foreign_file(
    runner, db_session, shop, tmp_path
):
    sheet = tmp_path / "produk.xls"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    slug = shop.gallery.slug
    db_session.commit()  # the command's own rollback must not undo the test's data
    unknown = runner.invoke(args=["import-products", str(sheet), "--gallery", "tidak-ada"])
    assert unknown.exit_code == 2 and "tidak-ada" in unknown.output
    old_excel = runner.invoke(args=["import-products", str(sheet), "--gallery", slug])
    assert old_excel.exit_code == 1 and "old Excel file (.xls)" in old_excel.output
