"""Bulk import of products from CSV/XLSX (with photos in a ZIP), and export back to CSV."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest
from openpyxl import Workbook
from PIL import Image
from sqlalchemy import func, select

from catalog import importer
from catalog.exceptions import StockChanged
from catalog.importer import (
    Action,
    ImportReport,
    apply_import,
    export_products_csv,
    plan_import,
    read_sheet,
)
from catalog.models import (
    Gallery,
    MovementKind,
    Product,
    ProductImage,
    StockMovement,
)
from catalog.storage import LocalStorage
from tests import factories
from tests.factories import Shop

HEADER = "name,description,category,member,price_idr,unit,stock,weight_g"


@pytest.fixture
def shop(db_session) -> Shop:  # type: ignore[no-untyped-def]
    return factories.import_shop(db_session)


@pytest.fixture
def storage(tmp_path) -> LocalStorage:  # type: ignore[no-untyped-def]
    return LocalStorage(tmp_path / "media")


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([header, *rows]).encode(encoding)


def row(name: str = "Keripik Balado", **cells: str) -> str:
    values = {
        "description": "Pedas manis",
        "category": "camilan-uji",
        "member": "Dapur Bu Sri",
        "price_idr": "25000",
        "unit": "bungkus 250 g",
        "stock": "12",
        "weight_g": "250",
    } | cells
    return ",".join([name, *values.values()])


def photo(fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, fmt)
    return buffer.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_of(*rows: list[object], extra_sheet: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produk"
    for values in rows:
        sheet.append(values)
    if extra_sheet:
        workbook.create_sheet("Catatan").append(["abaikan"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts(session) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    return (
        session.scalar(select(func.count()).select_from(Product)),
        session.scalar(select(func.count()).select_from(StockMovement)),
        session.scalar(select(func.count()).select_from(ProductImage)),
    )


def errors_of(report: ImportReport) -> list[tuple[int | None, str | None, str]]:
    return [(p.line, p.column, p.message) for p in report.errors]


def product_named(session, gallery: Gallery, name: str) -> Product:  # type: ignore[no-untyped-def]
    return session.scalars(
        select(Product).where(Product.gallery_id == gallery.id, Product.name == name)
    ).one()


# --- valid files ------------------------------------------------------------------------------


def test_a_valid_csv_creates_products_with_their_stock_in_the_ledger(db_session, shop, storage):
    data = csv_bytes(row(), row("Sirup Gula Aren", price_idr="25.000", stock="", weight_g=""))
    report = plan_import(db_session, shop.gallery, data)
    assert report.ok, report.errors
    assert [p.action for p in report.plans] == [Action.CREATE, Action.CREATE]

    result = apply_import(db_session, storage, report, actor_id=None)

    assert (result.created, result.updated, result.stock_movements) == (2, 0, 1)
    balado = product_named(db_session, shop.gallery, "Keripik Balado")
    assert (balado.price, balado.stock, balado.weight_g) == (25_000, 12, 250)
    assert (balado.member_id, balado.category_id) == (shop.member.id, shop.category.id)
    sirup = product_named(db_session, shop.gallery, "Sirup Gula Aren")
    assert (sirup.price, sirup.stock, sirup.weight_g) == (25_000, 0, 0)
    movements = db_session.scalars(
        select(StockMovement).where(StockMovement.product_id == balado.id)
    ).all()
    assert [(m.kind, m.quantity, m.stock_after) for m in movements] == [
        (MovementKind.RESTOCK, 12, 12)
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("25.000", 25_000), ("Rp 25.000", 25_000), ("25000", 25_000), ("1.250.000", 1_250_000)],
)
def test_prices_with_thousands_separators_are_accepted(db_session, shop, written, expected):
    report = plan_import(db_session, shop.gallery, csv_bytes(row(price_idr=f'"{written}"')))
    assert report.ok, report.errors
    assert report.plans[0].data.price == expected


def test_semicolon_separated_csv_from_indonesian_excel(db_session, shop):
    header = HEADER.replace(",", ";")
    line = "Kue Lapis;Legit;camilan-uji;Dapur Bu Sri;25.000,00;loyang;3;900"
    report = plan_import(db_session, shop.gallery, csv_bytes(line, header=header))
    assert report.ok, report.errors
    assert (report.plans[0].data.price, report.plans[0].stock_after) == (25_000, 3)


def test_an_excel_separator_line_is_honoured_and_not_counted(db_session, shop):
    header = "sep=;\r\n" + HEADER.replace(",", ";")
    line = "Kue Lapis;Legit, manis;camilan-uji;Dapur Bu Sri;25000;loyang;3;abc"
    report = plan_import(db_session, shop.gallery, csv_bytes(line, header=header))
    assert errors_of(report) == [(2, "weight_g", "Write a whole number, e.g. 12.")]


def test_utf8_with_bom_and_indonesian_headers_are_read(db_session, shop):
    header = "\ufeffnama,deskripsi,kategori,anggota,harga,satuan,stok,berat_g"
    report = plan_import(db_session, shop.gallery, csv_bytes(row("Dodol Betawi"), header=header))
    assert report.ok, report.errors
    assert report.plans[0].data.name == "Dodol Betawi"
    assert report.warnings == []


def test_utf16_with_bom_is_read(db_session, shop):
    data = codecs.BOM_UTF16_LE + "\r\n".join([HEADER, row("Teh Telang")]).encode("utf-16-le")
    report = plan_import(db_session, shop.gallery, data)
    assert report.ok, report.errors
    assert report.plans[0].data.name == "Teh Telang"


def test_a_windows_1252_csv_is_read_with_a_warning(db_session, shop):
    data = csv_bytes(row("Café Aren"), encoding="cp1252")
    report = plan_import(db_session, shop.gallery, data)
    assert report.ok, report.errors
    assert report.plans[0].data.name == "Café Aren"
    assert len(report.warnings) == 1 and "Windows-1252" in report.warnings[0].message


def test_blank_rows_are_skipped_but_still_counted_in_line_numbers(db_session, shop):
    data = csv_bytes("", row("Satu"), ",,,,,,,", "   ", row("Dua", price_idr="abc"))
    report = plan_import(db_session, shop.gallery, data)
    assert report.rows == 2
    assert errors_of(report) == [(6, "price_idr", "Write the price in whole rupiah, e.g. 25000.")]


def test_categories_match_by_slug_or_either_name_and_members_by_business_name(db_session, shop):
    data = csv_bytes(
        row("A", category="CAMILAN-UJI", member="dapur bu sri"),
        row("B", category="camilan uji"),
        row("C", category="test snacks"),
    )
    report = plan_import(db_session, shop.gallery, data)
    assert report.ok, report.errors
    assert {p.data.category_id for p in report.plans} == {shop.category.id}
    assert {p.data.member_id for p in report.plans} == {shop.member.id}


def test_html_in_text_is_kept_as_plain_text(db_session, shop, storage):
    name = "<script>alert(1)</script> Kripik"
    data = csv_bytes(row(f'"{name}"', description='"<b>renyah</b>, ""enak"""'))
    report = plan_import(db_session, shop.gallery, data)
    assert report.ok, report.errors
    apply_import(db_session, storage, report)
    product = product_named(db_session, shop.gallery, name)
    assert product.description == '<b>renyah</b>, "enak"'


def test_xlsx_with_numbers_text_prices_blank_rows_and_a_second_sheet(db_session, shop, storage):
    header = HEADER.split(",")
    data = xlsx_of(
        header,
        ["Gula Semut", "Organik", "camilan-uji", "Dapur Bu Sri", 32000, "pouch 250 g", 7, 250.0],
        [None] * 8,
        ["Gula Aren Cetak", "", "camilan-uji", "Dapur Bu Sri", "18.500", "500 g", None, None],
        extra_sheet=True,
    )
    report = plan_import(db_session, shop.gallery, data)
    assert report.ok, report.errors
    assert [(p.line, p.data.price, p.stock_after) for p in report.plans] == [
        (2, 32_000, 7),
        (4, 18_500, 0),
    ]
    assert [w.params for w in report.warnings] == [{"sheet": "Produk"}]
    apply_import(db_session, storage, report)
    assert product_named(db_session, shop.gallery, "Gula Semut").weight_g == 250


def test_xlsx_bad_cells_are_reported_with_their_row_numbers(db_session, shop):
    header = HEADER.split(",")
    data = xlsx_of(
        header,
        ["Gula Semut", "", "camilan-uji", "Dapur Bu Sri", -5, "pouch", 2.5, 100],
    )
    report = plan_import(db_session, shop.gallery, data)
    assert errors_of(report) == [
        (2, "price_idr", "The price must be above Rp 0."),
        (2, "stock", "Write a whole number, e.g. 12."),
    ]


# --- bad rows -----------------------------------------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_is_written(db_session, shop, storage):
    before = counts(db_session)
    other_coop_member = factories.member(db_session, business_name="Usaha Tetangga")
    data = csv_bytes(
        row("Baik"),  # line 2: fine
        row("Harga Minus", price_idr="-5000"),
        row("Harga Huruf", price_idr="dua puluh ribu"),
        row("Harga Nol", price_idr="0"),
        row("Harga Koma", price_idr='"25,000"'),
        row("Stok Minus", stock="-3"),
        row("Stok Huruf", stock="banyak"),
        row("Berat Minus", weight_g="-1"),
        row("Anggota Asing", member="Toko Entah"),
        row("Anggota Koperasi Lain", member=other_coop_member.business_name),
        row("Kategori Asing", category="elektronik"),
        "Tanpa Harga,,camilan-uji,Dapur Bu Sri,,,,",
        row("Sel Lebih") + ",kelebihan",
        row("baik"),  # the same name as line 2, other capitals
    )
    report = plan_import(db_session, shop.gallery, data)

    assert errors_of(report) == [
        (3, "price_idr", "The price must be above Rp 0."),
        (4, "price_idr", "Write the price in whole rupiah, e.g. 25000."),
        (5, "price_idr", "The price must be above Rp 0."),
        (6, "price_idr", "Write thousands with a dot (25.000) or none (25000)."),
        (7, "stock", "Stock cannot be below zero."),
        (8, "stock", "Write a whole number, e.g. 12."),
        (9, "weight_g", "The weight cannot be negative."),
        (10, "member", "No member of your cooperative has this business name."),
        (11, "member", "No member of your cooperative has this business name."),
        (12, "category", "No such category. Use one of: %(choices)s."),
        (13, "price_idr", "This cell is required."),
        (13, "unit", "This cell is required."),
        (14, None, "This row has more cells than the first row has column names."),
        (15, "name", "The same name is already on line %(line)s."),
    ]
    assert report.errors[-1].params == {"line": 2}
    assert report.errors[3].value == "25,000"
    assert "camilan-uji" in str(report.errors[9].params["choices"])
    with pytest.raises(ValueError, match="errors"):
        apply_import(db_session, storage, report)
    assert counts(db_session) == before


def test_too_long_and_implausible_values_are_refused(db_session, shop):
    data = csv_bytes(
        row("x" * 161),
        row("Mahal", price_idr="2000000000"),
        row("Gudang", stock="2000000"),
        row("Berat", weight_g="100001"),
    )
    report = plan_import(db_session, shop.gallery, data)
    assert [(p.line, p.column) for p in report.errors] == [
        (2, "name"),
        (3, "price_idr"),
        (4, "stock"),
        (5, "weight_g"),
    ]


@pytest.mark.parametrize(
    ("header", "messages"),
    [
        (
            "name,description,category,member,price,unit,stock,weight_g",
            [
                "Unknown column. The columns are: %(expected)s.",
                "The first row must name the columns %(expected)s. Missing: %(missing)s.",
            ],
        ),
        (
            "name,description,category,member,price_idr,unit,stock,weight_g,name",
            ["This column appears twice."],
        ),
        (
            "Keripik,Pedas,kuliner,Dapur Bu Sri,25000,bungkus,1,100",
            [
                "Unknown column. The columns are: %(expected)s.",
                "The first row must name the columns %(expected)s. Missing: %(missing)s.",
            ],
        ),
    ],
)
def test_wrong_headers_are_refused_with_what_is_missing(db_session, shop, header, messages):
    report = plan_import(db_session, shop.gallery, csv_bytes(row(), header=header))
    assert not report.ok
    assert sorted({p.message for p in report.errors}) == sorted(messages)
    assert all(p.line == 1 for p in report.errors)
    assert report.plans == []


def test_missing_column_is_named(db_session, shop):
    header = "name,category,member,price_idr,unit,stock"
    report = plan_import(
        db_session, shop.gallery, csv_bytes("A,camilan-uji,x,1,u,1", header=header)
    )
    assert [p.params.get("missing") for p in report.errors] == ["description, weight_g"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"  \r\n",
        b"\x89PNG\r\n\x1a\n" + bytes(100),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
        bytes(range(256)) * 4,
        zip_of({"foto.jpg": b"not really"}),
        b"PK\x03\x04 broken zip",
        "\r\n".join([HEADER, "a,b"]).encode("utf-16-le"),
    ],
    ids=["empty", "blank", "png", "pdf", "xls", "binary", "zip", "broken-zip", "utf16-no-bom"],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(db_session, shop, data):
    report = plan_import(db_session, shop.gallery, data)
    assert not report.ok
    assert len(report.errors) == 1 and report.errors[0].line is None
    assert report.plans == []


def test_a_header_without_rows_is_refused(db_session, shop):
    report = plan_import(db_session, shop.gallery, csv_bytes("", ",,,"))
    assert [p.message for p in report.errors] == [
        "The file has a header row but no products under it."
    ]


def test_a_file_with_too_many_rows_is_refused(db_session, shop):
    lines = [row(f"Produk {n}") for n in range(importer.MAX_ROWS + 1)]
    report = plan_import(db_session, shop.gallery, csv_bytes(*lines))
    assert [(p.message, p.params) for p in report.errors] == [
        (
            "The file has more than %(max)s products. Split it into smaller files.",
            {"max": importer.MAX_ROWS},
        )
    ]


def test_an_unclosed_quote_with_a_huge_cell_is_refused_with_its_line(db_session, shop):
    data = csv_bytes(row("A"), '"Tanpa tutup,' + "x" * 200_000)
    report = plan_import(db_session, shop.gallery, data)
    assert [(p.line, p.column) for p in report.errors] == [(3, None)]


def test_a_workbook_that_unpacks_too_big_is_refused(db_session, shop, monkeypatch):
    data = xlsx_of(HEADER.split(","))
    monkeypatch.setattr(importer.limits, "MAX_XLSX_UNPACKED", 1000)
    report = plan_import(db_session, shop.gallery, data)
    assert [p.message for p in report.errors] == [
        "The workbook unpacks to more than %(max_mb)s MB; that is not a product sheet."
    ]


def test_control_characters_are_removed_and_a_formula_guard_is_undone(db_session, shop):
    sheet = read_sheet(csv_bytes(row("Kopi\x07 Robusta\x00", description="'- tanpa gula")))
    assert sheet.rows[0].cells["name"] == "Kopi Robusta"
    assert sheet.rows[0].cells["description"] == "- tanpa gula"


# --- existing products --------------------------------------------------------------------------


def test_an_existing_product_is_updated_and_its_stock_change_goes_through_the_ledger(
    db_session, shop, storage
):
    # The factory's defaults written out: price 25 000, unit "bungkus 250 g", 250 g.
    fields = ("name", "stock", "price", "unit", "weight_g", "description")
    up, down, same, keep = (
        shop.product(db_session, **dict(zip(fields, values, strict=True)))
        for values in [
            ("Keripik Balado", 10, 20_000, "bungkus 250 g", 250, "Produk untuk pengujian."),
            ("Kerupuk Kulit", 10, 25_000, "bungkus", 100, "Renyah"),
            ("Dodol", 4, 15_000, "kotak", 300, "Manis"),
            ("Emping", 6, 30_000, "bungkus", 200, "Gurih"),
        ]
    )
    products_before = counts(db_session)[0]
    data = csv_bytes(
        row("keripik balado", price_idr="27.500", stock="25"),
        row(
            "Kerupuk Kulit",
            description="Renyah",
            unit="bungkus",
            weight_g="100",
            stock="7",
            price_idr="25000",
        ),
        row(
            "Dodol", description="Manis", price_idr="15000", unit="kotak", weight_g="300", stock="4"
        ),
        row("Emping", description="", price_idr="30000", unit="bungkus", weight_g="", stock=""),
    )

    report = plan_import(db_session, shop.gallery, data)
    assert report.ok, report.errors
    plans = {p.data.name: p for p in report.plans}
    assert [p.action for p in report.plans] == [
        Action.UPDATE,
        Action.UPDATE,
        Action.UNCHANGED,
        Action.UNCHANGED,
    ]
    first = plans["keripik balado"]
    assert first.product_id == up.id
    assert {(c.field, c.before, c.after) for c in first.changes} >= {
        ("name", "Keripik Balado", "keripik balado"),
        ("price_idr", 20_000, 27_500),
    }
    assert (first.stock_before, first.stock_after) == (10, 25)
    assert plans["Kerupuk Kulit"].stock_change == -3

    result = apply_import(db_session, storage, report, reason="Impor uji")

    assert (result.created, result.updated, result.unchanged) == (0, 2, 2)
    assert counts(db_session)[0] == products_before
    db_session.refresh(up)
    db_session.refresh(down)
    assert (up.name, up.price, up.stock) == ("keripik balado", 27_500, 25)
    assert down.stock == 7
    assert (keep.description, keep.weight_g, keep.stock) == ("Gurih", 200, 6)
    assert same.stock == 4
    ledger = db_session.execute(
        select(
            StockMovement.product_id,
            StockMovement.kind,
            StockMovement.quantity,
            StockMovement.reason,
        ).where(StockMovement.product_id.in_([up.id, down.id, same.id]))
    ).all()
    assert sorted(ledger) == sorted(
        [
            (up.id, MovementKind.RESTOCK, 15, "Impor uji"),
            (down.id, MovementKind.ADJUST, -3, "Impor uji"),
        ]
    )


def test_a_sale_between_check_and_apply_refuses_the_stock_change(db_session, shop, storage):
    product = shop.product(db_session, name="Keripik Balado", stock=10)
    report = plan_import(db_session, shop.gallery, csv_bytes(row(stock="12")))
    product.stock = 9  # a sale meanwhile
    db_session.flush()
    with pytest.raises(StockChanged):
        apply_import(db_session, storage, report)


def test_names_differing_only_in_capitals_must_be_written_exactly(db_session, shop):
    for name in ("Kopi", "KOPI"):
        factories.product(db_session, gallery=shop.gallery, member=shop.member, name=name)
    report = plan_import(db_session, shop.gallery, csv_bytes(row("kopi"), row("KOPI")))
    assert errors_of(report) == [
        (
            2,
            "name",
            "Several products have this name in other capitals (%(names)s); write it exactly.",
        ),
        (3, "name", "The same name is already on line %(line)s."),
    ]
    assert report.errors[0].params == {"names": "KOPI, Kopi"}
    exact = plan_import(db_session, shop.gallery, csv_bytes(row("KOPI")))
    assert exact.ok and exact.plans[0].action is Action.UPDATE


def test_a_deactivated_member_may_keep_products_but_get_no_new_ones(db_session, shop):
    shop.product(db_session, name="Lama")
    shop.member.is_active = False
    db_session.flush()
    report = plan_import(db_session, shop.gallery, csv_bytes(row("Lama"), row("Baru")))
    assert errors_of(report) == [(3, "member", "This member is deactivated.")]


# --- photos ---------------------------------------------------------------------------------------


def test_photos_from_a_zip_are_added(db_session, shop, storage):
    archive = zip_of({"foto/balado.jpg": photo(), "foto/dodol.png": photo("PNG")})
    data = csv_bytes(
        row("Keripik Balado") + ",foto/balado.jpg",
        row("Dodol") + ",dodol.png",  # inside the archive's single top folder
        header=HEADER + ",image",
    )
    before = counts(db_session)
    report = plan_import(db_session, shop.gallery, data, images=archive)
    assert report.ok, report.errors
    result = apply_import(db_session, storage, report)
    assert result.photos == 2
    assert counts(db_session)[2] == before[2] + 2
    image = product_named(db_session, shop.gallery, "Dodol").images[0]
    assert storage.exists(f"products/{image.content_hash[:2]}/{image.content_hash}-64.webp")


def test_an_existing_product_with_photos_keeps_them(db_session, shop):
    shop.product(
        db_session,
        name="Keripik Balado",
        stock=12,
        price=25_000,
        unit="bungkus 250 g",
        weight_g=250,
        description="Pedas manis",
    )
    data = csv_bytes(row() + ",balado.jpg", header=HEADER + ",image")
    report = plan_import(db_session, shop.gallery, data, images=zip_of({"balado.jpg": photo()}))
    assert report.ok, report.errors
    assert (report.plans[0].action, report.plans[0].image_kept) == (Action.UNCHANGED, True)


def test_bad_photo_references_are_reported(db_session, shop, storage):
    archive = zip_of(
        {"ok.jpg": photo(), "bukan.jpg": b"hello, not a picture", "anim.gif": b"GIF89a" + bytes(20)}
    )
    data = csv_bytes(
        row("A") + ",hilang.jpg",
        row("B") + ",bukan.jpg",
        row("C") + ",../ok.jpg",
        row("D") + ",/etc/passwd",
        row("E") + ",anim.gif",
        row("F") + ",ok.jpg",
        header=HEADER + ",image",
    )
    before = counts(db_session)
    report = plan_import(db_session, shop.gallery, data, images=archive)
    assert errors_of(report) == [
        (2, "image", "This photo is not in the photos archive."),
        (3, "image", "This file is not a photo. Use a JPEG, PNG or WebP picture."),
        (4, "image", "Unsafe path: it must stay inside the photos archive."),
        (5, "image", "Unsafe path: it must stay inside the photos archive."),
        (6, "image", "This picture format is not accepted. Use JPEG, PNG or WebP."),
    ]
    assert counts(db_session) == before


def test_an_image_column_without_an_archive_is_an_error(db_session, shop):
    data = csv_bytes(row() + ",a.jpg", header=HEADER + ",image")
    report = plan_import(db_session, shop.gallery, data)
    assert errors_of(report) == [(2, "image", "No photos archive was uploaded.")]


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (zip_of({"../x.jpg": photo()}), "The photos archive contains an unsafe path."),
        (zip_of({"/abs/x.jpg": photo()}), "The photos archive contains an unsafe path."),
        (b"not a zip at all", "The photos file is not a ZIP archive."),
    ],
)
def test_an_unsafe_or_broken_archive_is_refused(db_session, shop, archive, message):
    data = csv_bytes(row() + ",x.jpg", header=HEADER + ",image")
    report = plan_import(db_session, shop.gallery, data, images=archive)
    assert [p.message for p in report.errors] == [message]


def test_an_archive_that_unpacks_too_big_is_refused(db_session, shop, monkeypatch):
    archive = zip_of({"x.jpg": bytes(5000)})  # compresses to almost nothing: a tiny zip bomb
    monkeypatch.setattr(importer.limits, "MAX_ARCHIVE_UNPACKED", 4000)
    report = plan_import(db_session, shop.gallery, csv_bytes(row()), images=archive)
    assert [p.message for p in report.errors] == [
        "The photos archive unpacks to more than %(max_mb)s MB."
    ]


def test_a_photo_larger_than_the_limit_is_refused(db_session, shop, monkeypatch):
    monkeypatch.setattr(importer.limits, "MAX_PHOTO_BYTES", 100)
    data = csv_bytes(row() + ",x.jpg", header=HEADER + ",image")
    report = plan_import(db_session, shop.gallery, data, images=zip_of({"x.jpg": photo()}))
    assert errors_of(report) == [(2, "image", "The photo is larger than %(max_mb)s MB.")]


def test_photos_from_a_folder_never_leave_it(db_session, shop, tmp_path):
    folder = tmp_path / "foto"
    folder.mkdir()
    (folder / "ok.jpg").write_bytes(photo())
    (tmp_path / "rahasia.jpg").write_bytes(photo())
    (folder / "tautan.jpg").symlink_to(tmp_path / "rahasia.jpg")
    data = csv_bytes(row("A") + ",ok.jpg", row("B") + ",tautan.jpg", header=HEADER + ",image")
    report = plan_import(db_session, shop.gallery, data, images=folder)
    assert errors_of(report) == [(3, "image", "This photo is not in the photos archive.")]


# --- export ---------------------------------------------------------------------------------------


def test_an_export_imports_back_without_changes(db_session, shop):
    for name, description in [
        ("Keripik Balado", "- tanpa MSG\n- pedas"),
        ('=HYPERLINK("x")', "<b>tebal</b>"),
        ("Sirup; Gula, Aren", 'kata "manis"'),
    ]:
        shop.product(db_session, name=name, description=description)
    exported = export_products_csv(db_session, shop.gallery)
    lines = exported.splitlines()
    assert lines[0] == HEADER
    assert any(line.startswith("'=HYPERLINK") or line.startswith("\"'=HYPERLINK") for line in lines)

    report = plan_import(db_session, shop.gallery, exported.encode("utf-8-sig"))

    assert report.ok, report.errors
    assert len(report.plans) == 3
    assert {p.action for p in report.plans} == {Action.UNCHANGED}


def test_the_export_holds_only_the_gallery_products(db_session, shop):
    factories.product(db_session, gallery=shop.gallery, member=shop.member, name="Milik Kami")
    factories.product(db_session, name="Milik Galeri Lain")
    exported = export_products_csv(db_session, shop.gallery)
    assert "Milik Kami" in exported and "Milik Galeri Lain" not in exported
