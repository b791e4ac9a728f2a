"""Step 1, reading: a CSV or XLSX file's bytes become rows; a ZIP (or folder) of photos opens.

:func:`read_sheet` takes the bytes of a CSV (UTF-8, UTF-16 or Windows-1252; comma, semicolon
or tab) or the first worksheet of an XLSX workbook and returns its non-empty rows under known
column names, each with its line number as a spreadsheet counts rows. :func:`open_images` opens
the photos the sheet's ``image`` column points at. Nothing here knows the gallery or the
database: a file that cannot be read at all raises :class:`ImportFileError`; whether each row
makes sense is the planning step's business.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

from openpyxl import load_workbook

from catalog.i18n import N_
from catalog.importer import limits
from catalog.importer.problems import ImportFileError, Problem, refuse

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
# A leading apostrophe is how the export keeps spreadsheets from running a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x1f\x8b")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEP_DIRECTIVE = re.compile(r"^sep=([,;\t|])[ \t]*(\r\n|\n|\r|$)", re.IGNORECASE)
# What zipfile and openpyxl raise on damaged or foreign files (ElementTree's ParseError is a
# SyntaxError; encrypted zip members raise RuntimeError, unknown compression NotImplementedError).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError)
_XLSX_ERRORS = (*_ZIP_ERRORS, KeyError, TypeError, IndexError, AttributeError, SyntaxError)
PHOTO_READ_ERRORS = (*_ZIP_ERRORS, RuntimeError, NotImplementedError)
"""What :meth:`ImageSource.read` may raise on a damaged, encrypted or unreadable photo."""


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
        raise refuse(N_("The file is empty."))
    if len(data) > limits.MAX_FILE_BYTES:
        raise refuse(
            N_("The file is larger than %(max_mb)s MB."), max_mb=limits.MAX_FILE_BYTES >> 20
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(_OLD_EXCEL):
        raise refuse(
            N_("This is an old Excel file (.xls). Save it as “Excel Workbook (.xlsx)” or CSV.")
        )
    if data.startswith(_BINARY_SIGNATURES):
        raise _not_a_sheet()
    notes: list[Problem] = []
    lines = _csv_lines(_decode(data, notes))
    return _sheet_from_lines(lines, "csv", notes)


def _not_a_sheet() -> ImportFileError:
    return refuse(N_("This is not a CSV or XLSX file. Save the sheet as CSV (UTF-8) or XLSX."))


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
        raise refuse(N_("The file is not text that can be read. Save it as “CSV UTF-8”.")) from exc
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
        message = N_("This line cannot be read: a cell is far too long or a quote is not closed.")
        raise ImportFileError([Problem(message, line=line + 1)]) from exc


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
            rows = workbook.worksheets[0].iter_rows(values_only=True, max_col=limits.MAX_COLUMNS)
            return _sheet_from_lines(_xlsx_lines(rows), "xlsx", notes)
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
    if sum(info.file_size for info in infos) > limits.MAX_XLSX_UNPACKED:
        raise refuse(
            N_("The workbook unpacks to more than %(max_mb)s MB; that is not a product sheet."),
            max_mb=limits.MAX_XLSX_UNPACKED >> 20,
        )


def _workbook_notes(sheet_names: list[str]) -> list[Problem]:
    if len(sheet_names) <= 1:
        return []
    return [Problem(N_("Only the first sheet, “%(sheet)s”, was read."), {"sheet": sheet_names[0]})]


def _xlsx_lines(rows: Iterable[tuple[object, ...]]) -> Iterator[tuple[int, list[str]]]:
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
    if text.startswith("'") and text[1:2] in FORMULA_START:
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
        if line > limits.MAX_LINES:
            raise refuse(
                N_("The file has more than %(max)s rows, counting empty ones."),
                max=limits.MAX_LINES,
            )
        cleaned = [_clean_cell(cell) for cell in cells]
        if not any(cleaned):
            continue
        if columns is None:
            columns = _check_header(line, cleaned)
            continue
        if len(rows) >= limits.MAX_ROWS:
            raise refuse(
                N_("The file has more than %(max)s products. Split it into smaller files."),
                max=limits.MAX_ROWS,
            )
        rows.append(_sheet_row(line, columns, cleaned))
    if columns is None:
        raise refuse(N_("The file is empty."))
    if not rows:
        raise refuse(N_("The file has a header row but no products under it."))
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
            raise refuse(N_("The photos file is not a ZIP archive.")) from exc
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
            return member.read(limits.MAX_PHOTO_BYTES + 1)


def _check_archive(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives with too many files, an implausible unpacked size, or unsafe paths."""
    if len(infos) > limits.MAX_ARCHIVE_FILES:
        raise refuse(
            N_("The photos archive holds more than %(max)s files."), max=limits.MAX_ARCHIVE_FILES
        )
    if sum(info.file_size for info in infos) > limits.MAX_ARCHIVE_UNPACKED:
        raise refuse(
            N_("The photos archive unpacks to more than %(max_mb)s MB."),
            max_mb=limits.MAX_ARCHIVE_UNPACKED >> 20,
        )
    unsafe = [info.filename for info in infos if safe_path(info.filename) is None]
    if unsafe:
        message = N_("The photos archive contains an unsafe path.")
        raise ImportFileError([Problem(message, value=name) for name in unsafe])


class FolderImages:
    """Photos in a folder on the server (the command line's ``--images``)."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise refuse(N_("The photos folder does not exist."))
        self._root = root.resolve()

    def find(self, path: str) -> str | None:
        candidate = (self._root / path).resolve()
        # resolve() follows symlinks, so a link pointing out of the folder is not found either
        if candidate.is_relative_to(self._root) and candidate.is_file():
            return candidate.relative_to(self._root).as_posix()
        return None

    def read(self, key: str) -> bytes:
        with (self._root / key).open("rb") as file:
            return file.read(limits.MAX_PHOTO_BYTES + 1)


def open_images(images: bytes | Path | None) -> ImageSource | None:
    """The photos of an import: ZIP bytes, a ZIP file or folder path, or none."""
    if images is None:
        return None
    if isinstance(images, bytes):
        return ZipImages(images)
    if images.is_dir():
        return FolderImages(images)
    if not images.is_file():
        raise refuse(N_("The photos folder does not exist."))
    if images.stat().st_size > limits.MAX_ARCHIVE_BYTES:
        raise refuse(
            N_("The photos archive is larger than %(max_mb)s MB."),
            max_mb=limits.MAX_ARCHIVE_BYTES >> 20,
        )
    return ZipImages(images.read_bytes())
