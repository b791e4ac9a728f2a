"""Bulk import of a gallery's products from a CSV or XLSX sheet, and export back to CSV.

Three steps: :func:`read_sheet` turns the file's bytes into rows with line numbers;
:func:`plan_sheet` checks every row against the gallery and works out what would change,
collecting every problem instead of stopping at the first; :func:`apply_import` carries out a
plan without errors. Nothing is written unless the whole file is valid, and ``apply_import``
flushes but never commits: the caller commits (or rolls back) once.

A product whose name (any capitals) is already in the gallery is updated; an empty optional cell
(description, stock, weight_g, image) leaves an existing product's value as it is. A new stock
level enters the ledger as a restock (more) or an adjustment (less).
"""

from __future__ import annotations

import codecs
import csv
import enum
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.exceptions import CatalogError
from catalog.i18n import N_
from catalog.images import ImageRejected, load_upload
from catalog.models import Category, Gallery, Member, MovementKind, Product
from catalog.money import parse_rupiah
from catalog.photos import MAX_PHOTOS, add_photo
from catalog.products import MAX_PRICE, ProductInput, create_product, update_product
from catalog.stock import MAX_STOCK, change_stock
from catalog.storage import MediaStorage

COLUMNS = ("name", "description", "category", "member", "price_idr", "unit", "stock", "weight_g")
OPTIONAL_COLUMNS = ("image",)
# Indonesian headers are accepted too; the export writes the English ones.
HEADER_ALIASES = {
    "nama": "name",
    "deskripsi": "description",
    "kategori": "category",
    "anggota": "member",
    "harga": "price_idr",
    "satuan": "unit",
    "stok": "stock",
    "berat_g": "weight_g",
    "foto": "image",
}

MAX_ROWS = 10_000
MAX_LINES = 50_000  # counting empty rows: sheets are sometimes formatted far below the data
MAX_FILE_BYTES = 64 * 2**20
MAX_XLSX_UNPACKED = 256 * 2**20
MAX_ARCHIVE_BYTES = 512 * 2**20
MAX_ARCHIVE_UNPACKED = 1024 * 2**20
MAX_ARCHIVE_FILES = 20_000
MAX_PHOTO_BYTES = 10 * 2**20
MAX_COLUMNS = 32
MAX_DESCRIPTION = 4000
MAX_WEIGHT_G = 100_000
DEFAULT_REASON = "Impor produk"

_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x1f\x8b")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEP_DIRECTIVE = re.compile(r"^sep=([,;\t|])[ \t]*(\r\n|\n|\r|$)", re.IGNORECASE)
_WHOLE = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")
_COMMA_THOUSANDS = re.compile(r"^(rp\.?\s*)?\d{1,3}(,\d{3})+$")
# A leading apostrophe is how the export keeps spreadsheets from running a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What zipfile and openpyxl raise on damaged or foreign files (ElementTree's ParseError is a
# SyntaxError; encrypted zip members raise RuntimeError, unknown compression NotImplementedError).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError)
_XLSX_ERRORS = (*_ZIP_ERRORS, KeyError, TypeError, IndexError, AttributeError, SyntaxError)
_MEMBER_READ_ERRORS = (*_ZIP_ERRORS, RuntimeError, NotImplementedError)

PHOTO_REJECTIONS = {
    "too_large": N_("The photo is larger than %(max_mb)s MB."),
    "not_an_image": N_("This file is not a photo. Use a JPEG, PNG or WebP picture."),
    "unsupported_format": N_("This picture format is not accepted. Use JPEG, PNG or WebP."),
    "truncated": N_("The photo is damaged or was not uploaded completely. Please try again."),
    "too_many_pixels": N_("The picture is too large in pixels. Use a photo under 40 megapixels."),
    "bad_dimensions": N_("The picture has impossible dimensions."),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file (or worth a warning); ``message`` is an ``N_`` msgid."""

    message: str
    params: Mapping[str, object] = field(default_factory=dict)
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def text(self) -> str:
        """The message in English with its parameters filled in."""
        return self.message % dict(self.params) if self.params else self.message

    def english(self) -> str:
        """One line for the command line: where, what was written, and why it is wrong."""
        where = [f"line {self.line}"] if self.line else []
        where += [self.column] if self.column else []
        shown = f" “{self.value}”" if self.value else ""
        prefix = ", ".join(where) + shown
        return f"{prefix}: {self.text()}" if prefix else self.text()


class ImportFileError(CatalogError):
    """The file as a whole cannot be read as a product sheet (or photos archive)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.english() for p in problems))
        self.problems = problems


def _refuse(message: str, **params: object) -> ImportFileError:
    return ImportFileError([Problem(message, params)])


# --- Reading the sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    """One non-empty data row: its line number (as a spreadsheet counts rows) and cells."""

    line: int
    cells: dict[str, str]
    extra_cells: bool = False


@dataclass
class Sheet:
    """The rows of a product sheet under known column names."""

    format: str
    columns: list[str | None]
    rows: list[SheetRow]
    warnings: list[Problem] = field(default_factory=list)


def read_sheet(data: bytes) -> Sheet:
    """Read a CSV or XLSX file's bytes into rows; raise ImportFileError if it is not one."""
    if not data.strip():
        raise _refuse(N_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(N_("The file is larger than %(max_mb)s MB."), max_mb=MAX_FILE_BYTES >> 20)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(_OLD_EXCEL):
        raise _refuse(
            N_("This is an old Excel file (.xls). Save it as “Excel Workbook (.xlsx)” or CSV.")
        )
    if data.startswith(_BINARY_SIGNATURES):
        raise _not_a_sheet()
    notes: list[Problem] = []
    lines = _csv_lines(_decode(data, notes))
    return _sheet_from_lines(lines, "csv", notes)


def _not_a_sheet() -> ImportFileError:
    return _refuse(N_("This is not a CSV or XLSX file. Save the sheet as CSV (UTF-8) or XLSX."))


def _decode(data: bytes, notes: list[Problem]) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; otherwise Windows-1252, with a warning."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"))
    for bom, codec in (*boms, (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked_text(data, codec)
    try:
        return _checked_text(data, "utf-8")
    except UnicodeDecodeError:
        pass
    text = _checked_text(data, "cp1252")
    notes.append(
        Problem(
            N_(
                "The file is not saved as UTF-8, so it was read as Windows-1252 (Western). "
                "Check letters such as é in the names below; save as “CSV UTF-8” to be sure."
            )
        )
    )
    return text


def _checked_text(data: bytes, codec: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "utf-8":
            raise
        raise _refuse(N_("The file is not text that can be read. Save it as “CSV UTF-8”.")) from exc
    # A stray control character is cleaned out of its cell; many of them mean a binary file.
    head = text[:65536]
    if len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise _not_a_sheet()
    return text


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel in Indonesian) or tab: whichever the header row uses most."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=header.count)


def _csv_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, cells), counting records the way a spreadsheet numbers its rows."""
    # Excel honours (and writes) a first line "sep=;" naming the separator; it is no row.
    directive = _SEP_DIRECTIVE.match(text)
    if directive:
        text = text[directive.end() :]
    delimiter = directive.group(1) if directive else _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for cells in reader:
            line += 1
            yield line, cells
    except csv.Error as exc:
        raise ImportFileError(
            [
                Problem(
                    N_(
                        "This line cannot be read: a cell is far too long or a quote is not closed."
                    ),
                    line=line + 1,
                )
            ]
        ) from exc


def _read_xlsx(data: bytes) -> Sheet:
    """Read the first worksheet's values (formulas as last calculated by the spreadsheet)."""
    _check_unpacked_size(data)
    # openpyxl warns about spreadsheet features it skips (styles, extensions); they do not
    # matter for values. catch_warnings is process-wide before Python 3.14; like images.py.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except _XLSX_ERRORS as exc:
            raise _not_a_sheet() from exc
        try:
            notes = _workbook_notes(workbook.sheetnames)
            return _sheet_from_lines(_xlsx_lines(workbook.worksheets[0]), "xlsx", notes)
        except _XLSX_ERRORS as exc:
            raise _not_a_sheet() from exc
        finally:
            workbook.close()


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook that would unpack to an implausible size (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise _not_a_sheet() from exc
    if not any(info.filename == "xl/workbook.xml" for info in infos):
        raise _not_a_sheet()
    if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED:
        raise _refuse(
            N_("The workbook unpacks to more than %(max_mb)s MB; that is not a product sheet."),
            max_mb=MAX_XLSX_UNPACKED >> 20,
        )


def _workbook_notes(sheet_names: list[str]) -> list[Problem]:
    if len(sheet_names) <= 1:
        return []
    return [Problem(N_("Only the first sheet, “%(sheet)s”, was read."), {"sheet": sheet_names[0]})]


def _xlsx_lines(worksheet) -> Iterator[tuple[int, list[str]]]:  # type: ignore[no-untyped-def]
    rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    for line, values in enumerate(rows, start=1):
        yield line, [_cell_text(value) for value in values]


def _cell_text(value: object) -> str:
    """A spreadsheet value as the text a person typed: 25000.0 is '25000', a date is ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _clean_cell(raw: str) -> str:
    """Strip spaces and control characters (PostgreSQL refuses NUL) and the formula guard."""
    text = _CONTROL.sub("", raw.replace("\r\n", "\n")).strip()
    if text.startswith("'") and text[1:2] in _FORMULA_START:
        text = text[1:]
    return text


def _column_name(header: str) -> str:
    name = re.sub(r"[\s-]+", "_", header.strip().lstrip("\ufeff").strip().lower())
    return HEADER_ALIASES.get(name, name)


def _sheet_from_lines(
    lines: Iterator[tuple[int, list[str]]], fmt: str, notes: list[Problem]
) -> Sheet:
    """The first non-empty row names the columns; empty rows are skipped; sizes are limited."""
    columns: list[str | None] | None = None
    rows: list[SheetRow] = []
    for line, cells in lines:
        if line > MAX_LINES:
            raise _refuse(
                N_("The file has more than %(max)s rows, counting empty ones."), max=MAX_LINES
            )
        cleaned = [_clean_cell(cell) for cell in cells]
        if not any(cleaned):
            continue
        if columns is None:
            columns = _check_header(line, cleaned)
            continue
        if len(rows) >= MAX_ROWS:
            raise _refuse(
                N_("The file has more than %(max)s products. Split it into smaller files."),
                max=MAX_ROWS,
            )
        rows.append(_sheet_row(line, columns, cleaned))
    if columns is None:
        raise _refuse(N_("The file is empty."))
    if not rows:
        raise _refuse(N_("The file has a header row but no products under it."))
    return Sheet(fmt, columns, rows, notes)


def _check_header(line: int, header: list[str]) -> list[str | None]:
    """Map each header cell to a column name; refuse unknown, repeated and missing ones."""
    columns: list[str | None] = [_column_name(cell) or None for cell in header]
    known = set(COLUMNS) | set(OPTIONAL_COLUMNS)
    problems = [
        Problem(
            N_("Unknown column. The columns are: %(expected)s."),
            {"expected": _expected()},
            line,
            value=cell.strip(),
        )
        for cell, name in zip(header, columns, strict=True)
        if name and name not in known
    ]
    seen: set[str] = set()
    for cell, name in zip(header, columns, strict=True):
        if name in seen:
            problems.append(Problem(N_("This column appears twice."), {}, line, value=cell.strip()))
        seen.add(name or "")
    missing = [name for name in COLUMNS if name not in seen]
    if missing:
        problems.append(
            Problem(
                N_("The first row must name the columns %(expected)s. Missing: %(missing)s."),
                {"expected": _expected(), "missing": ", ".join(missing)},
                line,
            )
        )
    if problems:
        raise ImportFileError(problems)
    return columns


def _expected() -> str:
    return ", ".join(COLUMNS) + " " + "(+ image)"


def _sheet_row(line: int, columns: list[str | None], cells: list[str]) -> SheetRow:
    named = {name: cell for name, cell in zip(columns, cells, strict=False) if name}
    extra = cells[len(columns) :] + [c for n, c in zip(columns, cells, strict=False) if not n]
    return SheetRow(line, named, extra_cells=any(extra))


# --- Photos ----------------------------------------------------------------------------------


class ImageSource(Protocol):
    """Where the sheet's ``image`` paths point: a ZIP archive or (from the CLI) a folder."""

    def find(self, path: str) -> str | None:
        """Return the key of the file at ``path`` (a safe relative path), or None."""
        ...

    def read(self, key: str) -> bytes:
        """Return at most MAX_PHOTO_BYTES + 1 bytes of the file (enough to tell it is too big)."""
        ...


def safe_path(raw: str) -> str | None:
    """A relative path with forward slashes, or None if it is absolute or climbs out with '..'."""
    text = raw.strip().replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        return None
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


class ZipImages:
    """Photos in an uploaded ZIP archive, read in memory and never extracted to disk."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = [info for info in self._zip.infolist() if not info.is_dir()]
        except _ZIP_ERRORS as exc:
            raise _refuse(N_("The photos file is not a ZIP archive.")) from exc
        _check_archive(infos)
        self._entries = {safe_path(info.filename) or "": info for info in infos}
        self._folded: dict[str, str | None] = {}
        for key in self._entries:
            self._folded[key.casefold()] = None if key.casefold() in self._folded else key
        tops = {key.split("/")[0] for key in self._entries if "/" in key}
        self._top = tops.pop() if len(tops) == 1 else ""

    def find(self, path: str) -> str | None:
        """Exact path first; then inside the archive's single top folder; then any capitals."""
        for candidate in (path, f"{self._top}/{path}" if self._top else path):
            if candidate in self._entries:
                return candidate
            if folded := self._folded.get(candidate.casefold()):
                return folded
        return None

    def read(self, key: str) -> bytes:
        with self._zip.open(self._entries[key]) as member:
            return member.read(MAX_PHOTO_BYTES + 1)


def _check_archive(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives with too many files, an implausible unpacked size, or unsafe paths."""
    if len(infos) > MAX_ARCHIVE_FILES:
        raise _refuse(
            N_("The photos archive holds more than %(max)s files."), max=MAX_ARCHIVE_FILES
        )
    if sum(info.file_size for info in infos) > MAX_ARCHIVE_UNPACKED:
        raise _refuse(
            N_("The photos archive unpacks to more than %(max_mb)s MB."),
            max_mb=MAX_ARCHIVE_UNPACKED >> 20,
        )
    unsafe = [info.filename for info in infos if safe_path(info.filename) is None]
    if unsafe:
        raise ImportFileError(
            [
                Problem(N_("The photos archive contains an unsafe path."), value=name)
                for name in unsafe
            ]
        )


class FolderImages:
    """Photos in a folder on the server (the command line's ``--images``)."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise _refuse(N_("The photos folder does not exist."))
        self._root = root.resolve()

    def find(self, path: str) -> str | None:
        candidate = (self._root / path).resolve()
        # resolve() follows symlinks, so a link pointing out of the folder is not found either
        if candidate.is_relative_to(self._root) and candidate.is_file():
            return candidate.relative_to(self._root).as_posix()
        return None

    def read(self, key: str) -> bytes:
        with (self._root / key).open("rb") as file:
            return file.read(MAX_PHOTO_BYTES + 1)


def open_images(images: bytes | Path | None) -> ImageSource | None:
    """The photos of an import: ZIP bytes, a ZIP file or folder path, or none."""
    if images is None:
        return None
    if isinstance(images, bytes):
        return ZipImages(images)
    if images.is_dir():
        return FolderImages(images)
    if not images.is_file():
        raise _refuse(N_("The photos folder does not exist."))
    if images.stat().st_size > MAX_ARCHIVE_BYTES:
        raise _refuse(
            N_("The photos archive is larger than %(max_mb)s MB."), max_mb=MAX_ARCHIVE_BYTES >> 20
        )
    return ZipImages(images.read_bytes())


def _photo_problem(images: ImageSource, key: str) -> tuple[str, dict[str, object]] | None:
    """Why the photo cannot be used (message, params), or None when it is fine."""
    try:
        data = images.read(key)
    except _MEMBER_READ_ERRORS:
        return N_("This photo cannot be read from the archive."), {}
    try:
        load_upload(data, max_bytes=MAX_PHOTO_BYTES)
    except ImageRejected as error:
        message = PHOTO_REJECTIONS.get(error.reason, PHOTO_REJECTIONS["not_an_image"])
        return message, {"max_mb": MAX_PHOTO_BYTES >> 20}
    return None


# --- Checking rows and planning changes ----------------------------------------------------


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Change:
    """One field of an existing product that the import changes (display values)."""

    field: str
    before: str | int
    after: str | int


@dataclass
class RowPlan:
    """What one valid row does: create, update (with its changes) or nothing."""

    line: int
    action: Action
    data: ProductInput
    product_id: int | None = None
    changes: list[Change] = field(default_factory=list)
    stock_before: int = 0
    stock_after: int = 0
    image: str | None = None
    image_kept: bool = False  # the product already has photos, so the sheet's is not added

    @property
    def stock_change(self) -> int:
        return self.stock_after - self.stock_before


@dataclass
class ImportReport:
    """The outcome of checking a file: every problem, or the plan of every change."""

    gallery_id: int
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    plans: list[RowPlan] = field(default_factory=list)
    rows: int = 0
    images: ImageSource | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: Action) -> int:
        return sum(1 for plan in self.plans if plan.action is action)

    @property
    def changed(self) -> list[RowPlan]:
        return [plan for plan in self.plans if plan.action is not Action.UNCHANGED]


@dataclass
class _Parsed:
    name: str
    description: str | None
    category: Category
    member: Member
    price: int
    unit: str
    stock: int | None
    weight_g: int | None
    image: str | None


@dataclass
class _Lookups:
    """Everything rows are checked against, loaded once per import."""

    categories: dict[str, Category]
    category_choices: str
    members: dict[str, Member]
    exact: dict[str, Product]
    folded: dict[str, list[Product]]
    images: ImageSource | None
    photo_verdicts: dict[str, tuple[str, dict[str, object]] | None] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)


def _load_lookups(session: Session, gallery: Gallery, images: ImageSource | None) -> _Lookups:
    categories: dict[str, Category] = {}
    ordered = session.scalars(select(Category).order_by(Category.position, Category.id)).all()
    for category in reversed(ordered):  # earlier categories and slugs win a clash of names
        for key in (category.name_en, category.name, category.slug):
            categories[key.casefold()] = category
    members = session.scalars(select(Member).where(Member.cooperative_id == gallery.cooperative_id))
    products = session.scalars(
        select(Product)
        .where(Product.gallery_id == gallery.id)
        .options(
            selectinload(Product.images), joinedload(Product.category), joinedload(Product.member)
        )
    ).unique()
    lookups = _Lookups(
        categories=categories,
        category_choices=", ".join(c.slug for c in ordered),
        members={m.business_name.casefold(): m for m in members},
        exact={},
        folded={},
        images=images,
    )
    for product in products:
        lookups.exact[product.name] = product
        lookups.folded.setdefault(product.name.casefold(), []).append(product)
    return lookups


class _RowCheck:
    """Reads the cells of one row, noting every problem instead of stopping at the first."""

    def __init__(self, row: SheetRow, problems: list[Problem]) -> None:
        self.row = row
        self.problems = problems
        self.found = False

    def problem(
        self, column: str | None, message: str, value: str | None = None, **params: object
    ) -> None:
        shown = value if value is None or len(value) <= 60 else value[:59] + "…"
        self.problems.append(Problem(message, params, self.row.line, column, shown))
        self.found = True

    def text(
        self, column: str, max_length: int, *, required: bool = False, single_line: bool = True
    ) -> str:
        value = self.row.cells.get(column, "")
        if single_line:
            value = " ".join(value.split())
        if required and not value:
            self.problem(column, N_("This cell is required."))
        elif len(value) > max_length:
            self.problem(column, N_("At most %(max)s characters."), value, max=max_length)
        return value

    def price(self) -> int:
        text = self.text("price_idr", 40, required=True)
        if not text:
            return 0
        if _COMMA_THOUSANDS.match(text.lower()):
            self.problem(
                "price_idr", N_("Write thousands with a dot (25.000) or none (25000)."), text
            )
            return 0
        try:
            price = 0 if text.startswith("-") else parse_rupiah(text)
        except ValueError:
            self.problem("price_idr", N_("Write the price in whole rupiah, e.g. 25000."), text)
            return 0
        if price <= 0:
            self.problem("price_idr", N_("The price must be above Rp 0."), text)
        elif price > MAX_PRICE:
            self.problem("price_idr", N_("The price cannot be above Rp 1.000.000.000."), text)
        return price

    def whole(self, column: str, maximum: int, negative: str, too_big: str) -> int | None:
        """A count such as stock or grams; dots may group thousands; empty means 'keep'."""
        text = self.text(column, 20)
        if not text:
            return None
        if text.startswith("-") and _WHOLE.match(text[1:]):
            self.problem(column, negative, text)
        elif not _WHOLE.match(text):
            self.problem(column, N_("Write a whole number, e.g. 12."), text)
        elif (number := int(text.replace(".", ""))) > maximum:
            self.problem(column, too_big, text, max=maximum)
        else:
            return number
        return None

    def category(self, lookups: _Lookups) -> Category | None:
        text = self.text("category", 80, required=True)
        found = lookups.categories.get(text.casefold()) if text else None
        if text and found is None:
            message = N_("No such category. Use one of: %(choices)s.")
            self.problem("category", message, text, choices=lookups.category_choices)
        return found

    def member(self, lookups: _Lookups) -> Member | None:
        text = self.text("member", 160, required=True)
        found = lookups.members.get(text.casefold()) if text else None
        if text and found is None:
            message = N_("No member of your cooperative has this business name.")
            self.problem("member", message, text)
        return found

    def image(self, lookups: _Lookups) -> str | None:
        raw = self.text("image", 500)
        if not raw:
            return None
        path = safe_path(raw)
        if path is None:
            self.problem("image", N_("Unsafe path: it must stay inside the photos archive."), raw)
        elif lookups.images is None:
            self.problem("image", N_("No photos archive was uploaded."), raw)
        elif (key := lookups.images.find(path)) is None:
            self.problem("image", N_("This photo is not in the photos archive."), raw)
        else:
            if key not in lookups.photo_verdicts:
                lookups.photo_verdicts[key] = _photo_problem(lookups.images, key)
            if verdict := lookups.photo_verdicts[key]:
                self.problem("image", verdict[0], raw, **verdict[1])
            return key
        return None


def _parse_row(row: SheetRow, lookups: _Lookups, problems: list[Problem]) -> _Parsed | None:
    check = _RowCheck(row, problems)
    if row.extra_cells:
        check.problem(None, N_("This row has more cells than the first row has column names."))
    parsed = _Parsed(
        name=check.text("name", 160, required=True),
        description=check.text("description", MAX_DESCRIPTION, single_line=False) or None,
        category=check.category(lookups),  # type: ignore[arg-type]
        member=check.member(lookups),  # type: ignore[arg-type]
        price=check.price(),
        unit=check.text("unit", 60, required=True),
        stock=check.whole(
            "stock",
            MAX_STOCK,
            N_("Stock cannot be below zero."),
            N_("Stock above %(max)s is not plausible."),
        ),
        weight_g=check.whole(
            "weight_g",
            MAX_WEIGHT_G,
            N_("The weight cannot be negative."),
            N_("The weight is at most %(max)s grams."),
        ),
        image=check.image(lookups),
    )
    _check_duplicate(check, parsed.name, lookups)
    return None if check.found else parsed


def _check_duplicate(check: _RowCheck, name: str, lookups: _Lookups) -> None:
    if not name:
        return
    first = lookups.first_line.setdefault(name.casefold(), check.row.line)
    if first != check.row.line:
        check.problem("name", N_("The same name is already on line %(line)s."), name, line=first)


def _existing(check: _RowCheck, name: str, lookups: _Lookups) -> Product | None:
    """The gallery's product of this name: exact spelling first, then any capitals."""
    if name in lookups.exact:
        return lookups.exact[name]
    matches = lookups.folded.get(name.casefold(), [])
    if len(matches) > 1:
        names = ", ".join(sorted(p.name for p in matches))
        message = N_(
            "Several products have this name in other capitals (%(names)s); write it exactly."
        )
        check.problem("name", message, name, names=names)
        return None
    return matches[0] if matches else None


def plan_sheet(
    session: Session,
    gallery: Gallery,
    sheet: Sheet,
    images: ImageSource | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check every row of ``sheet`` for ``gallery`` and plan its changes; writes nothing."""
    lookups = _load_lookups(session, gallery, images)
    report = ImportReport(
        gallery.id, warnings=list(sheet.warnings), rows=len(sheet.rows), images=images
    )
    for row in sheet.rows:
        plan = _plan_row(row, lookups, report.errors)
        if plan is not None:
            report.plans.append(plan)
        if progress:
            progress(1)
    return report


def _plan_row(row: SheetRow, lookups: _Lookups, problems: list[Problem]) -> RowPlan | None:
    parsed = _parse_row(row, lookups, problems)
    if parsed is None:
        return None
    check = _RowCheck(row, problems)
    product = _existing(check, parsed.name, lookups)
    keeps_member = product is not None and product.member_id == parsed.member.id
    if not parsed.member.is_active and not keeps_member:
        check.problem("member", N_("This member is deactivated."), parsed.member.business_name)
    if check.found:
        return None
    if product is None:
        return _create_plan(row.line, parsed)
    return _update_plan(row.line, parsed, product)


def _create_plan(line: int, parsed: _Parsed) -> RowPlan:
    data = ProductInput(
        name=parsed.name,
        category_id=parsed.category.id,
        member_id=parsed.member.id,
        price=parsed.price,
        unit=parsed.unit,
        description=parsed.description or "",
        weight_g=parsed.weight_g or 0,
    )
    return RowPlan(line, Action.CREATE, data, stock_after=parsed.stock or 0, image=parsed.image)


def _update_plan(line: int, parsed: _Parsed, product: Product) -> RowPlan:
    data = ProductInput(
        name=parsed.name,
        category_id=parsed.category.id,
        member_id=parsed.member.id,
        price=parsed.price,
        unit=parsed.unit,
        description=product.description if parsed.description is None else parsed.description,
        weight_g=product.weight_g if parsed.weight_g is None else parsed.weight_g,
        pirt_number=product.pirt_number,
        is_halal=product.is_halal,
        status=product.status,
        is_featured=product.is_featured,
    )
    plan = RowPlan(
        line,
        Action.UPDATE,
        data,
        product_id=product.id,
        changes=_changes(product, parsed, data),
        stock_before=product.stock,
        stock_after=product.stock if parsed.stock is None else parsed.stock,
        image=parsed.image if not product.images else None,
        image_kept=bool(parsed.image and product.images),
    )
    if not (plan.changes or plan.stock_change or plan.image):
        plan.action = Action.UNCHANGED
    return plan


def _changes(product: Product, parsed: _Parsed, data: ProductInput) -> list[Change]:
    pairs: list[tuple[str, str | int, str | int]] = [
        ("name", product.name, data.name),
        ("description", product.description, data.description),
        ("category", product.category.name, parsed.category.name),
        ("member", product.member.business_name, parsed.member.business_name),
        ("price_idr", product.price, data.price),
        ("unit", product.unit, data.unit),
        ("weight_g", product.weight_g, data.weight_g),
    ]
    return [Change(name, before, after) for name, before, after in pairs if before != after]


def plan_import(
    session: Session, gallery: Gallery, data: bytes, *, images: bytes | Path | None = None
) -> ImportReport:
    """Read and check a sheet and its photos for ``gallery``; bad input becomes report errors."""
    problems: list[Problem] = []
    sheet = source = None
    try:
        sheet = read_sheet(data)
    except ImportFileError as error:
        problems += error.problems
    try:
        source = open_images(images)
    except ImportFileError as error:
        problems += [
            Problem(p.message, p.params, column="image", value=p.value) for p in error.problems
        ]
    if sheet is None or problems:
        return ImportReport(gallery.id, errors=problems, rows=len(sheet.rows) if sheet else 0)
    return plan_sheet(session, gallery, sheet, source)


# --- Applying a plan -------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    photos: int = 0
    stock_movements: int = 0


def apply_import(
    session: Session,
    storage: MediaStorage,
    report: ImportReport,
    *,
    actor_id: int | None = None,
    reason: str = DEFAULT_REASON,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Carry out a report without errors: products, stock through the ledger, photos. Flushes."""
    if not report.ok:
        raise ValueError("an import with errors cannot be applied")
    gallery = session.get(Gallery, report.gallery_id)
    if gallery is None:
        raise ValueError("the report's gallery is gone")
    applier = _Applier(session, storage, gallery, report.images, actor_id, reason)
    # The session's identity map holds rows weakly: keep the members and categories the rows
    # name alive, so the product services' checks find them there instead of one query each.
    applier.keep = [
        *session.scalars(select(Member).where(Member.cooperative_id == gallery.cooperative_id)),
        *session.scalars(select(Category)),
    ]
    for plan in report.plans:
        applier.apply(plan)
        if progress:
            progress(1)
    return applier.result


@dataclass
class _Applier:
    session: Session
    storage: MediaStorage
    gallery: Gallery
    images: ImageSource | None
    actor_id: int | None
    reason: str
    result: ImportResult = field(default_factory=ImportResult)
    keep: list[object] = field(default_factory=list)

    def apply(self, plan: RowPlan) -> None:
        if plan.action is Action.UNCHANGED:
            self.result.unchanged += 1
            return
        if plan.action is Action.CREATE:
            product = create_product(
                self.session,
                self.gallery,
                plan.data,
                initial_stock=plan.stock_after,
                actor_id=self.actor_id,
            )
            self.result.created += 1
        else:
            product = self.update(plan)
            self.result.updated += 1
        self.result.stock_movements += 1 if plan.stock_change else 0
        if plan.image and self.images is not None and len(product.images) < MAX_PHOTOS:
            data = self.images.read(plan.image)
            add_photo(
                self.session,
                self.storage,
                product,
                data,
                alt=product.name,
                max_bytes=MAX_PHOTO_BYTES,
            )
            self.result.photos += 1

    def update(self, plan: RowPlan) -> Product:
        product = self.session.get(Product, plan.product_id)
        if product is None:
            raise ValueError(f"product {plan.product_id} is gone")
        update_product(self.session, product, plan.data)
        if plan.stock_change:
            kind = MovementKind.RESTOCK if plan.stock_change > 0 else MovementKind.ADJUST
            # expected: a sale between checking and applying refuses the change (StockChanged)
            change_stock(
                self.session,
                product,
                plan.stock_change,
                kind,
                reason=self.reason,
                actor_id=self.actor_id,
                expected=plan.stock_before,
            )
        return product


# --- Export ------------------------------------------------------------------------------------


def export_products_csv(session: Session, gallery: Gallery) -> str:
    """The gallery's products as CSV with the import's columns, so the file imports back."""
    products = session.scalars(
        select(Product)
        .where(Product.gallery_id == gallery.id)
        .options(joinedload(Product.category), joinedload(Product.member))
        .order_by(Product.name, Product.id)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for p in products:
        cells = (
            p.name,
            p.description,
            p.category.slug,
            p.member.business_name,
            p.price,
            p.unit,
            p.stock,
            p.weight_g,
        )
        writer.writerow([_guard_formula(cell) for cell in cells])
    return buffer.getvalue()


def _guard_formula(cell: str | int) -> str | int:
    """Keep spreadsheets from running text like '=HYPERLINK(…)' or '- tanpa MSG' as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell
