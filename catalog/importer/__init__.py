"""Bulk import of a gallery's products from a CSV or XLSX sheet, and export back to CSV.

The package is split by its steps:

- :mod:`~catalog.importer.read` turns the file's bytes into rows with line numbers
  (:func:`read_sheet`) and opens the ZIP or folder of photos (:func:`open_images`);
- :mod:`~catalog.importer.plan` checks every row against the gallery and works out what would
  change, collecting every problem with its line instead of stopping at the first
  (:func:`plan_sheet`; :func:`plan_import` reads and plans in one go);
- :mod:`~catalog.importer.apply` carries out a plan without errors through the catalog's
  services (:func:`apply_import`); it flushes but never commits: the caller commits once;
- :mod:`~catalog.importer.export` writes the CSV that imports back without changes.

:mod:`~catalog.importer.problems` holds what every step reports, :mod:`~catalog.importer.limits`
every limit (lower one there, e.g. in a test; the names below are copies of their values).
"""

from __future__ import annotations

from catalog.importer.apply import DEFAULT_REASON, ImportResult, apply_import
from catalog.importer.export import export_products_csv
from catalog.importer.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_ARCHIVE_FILES,
    MAX_ARCHIVE_UNPACKED,
    MAX_COLUMNS,
    MAX_DESCRIPTION,
    MAX_FILE_BYTES,
    MAX_LINES,
    MAX_PHOTO_BYTES,
    MAX_ROWS,
    MAX_WEIGHT_G,
    MAX_XLSX_UNPACKED,
)
from catalog.importer.plan import (
    Action,
    Change,
    ImportReport,
    RowPlan,
    plan_import,
    plan_sheet,
)
from catalog.importer.problems import ImportFileError, Problem
from catalog.importer.read import (
    COLUMNS,
    HEADER_ALIASES,
    OPTIONAL_COLUMNS,
    FolderImages,
    ImageSource,
    Sheet,
    SheetRow,
    ZipImages,
    open_images,
    read_sheet,
    safe_path,
)
from catalog.photos import PHOTO_REJECTIONS

__all__ = [
    "COLUMNS",
    "DEFAULT_REASON",
    "HEADER_ALIASES",
    "MAX_ARCHIVE_BYTES",
    "MAX_ARCHIVE_FILES",
    "MAX_ARCHIVE_UNPACKED",
    "MAX_COLUMNS",
    "MAX_DESCRIPTION",
    "MAX_FILE_BYTES",
    "MAX_LINES",
    "MAX_PHOTO_BYTES",
    "MAX_ROWS",
    "MAX_WEIGHT_G",
    "MAX_XLSX_UNPACKED",
    "OPTIONAL_COLUMNS",
    "PHOTO_REJECTIONS",
    "Action",
    "Change",
    "FolderImages",
    "ImageSource",
    "ImportFileError",
    "ImportReport",
    "ImportResult",
    "Problem",
    "RowPlan",
    "Sheet",
    "SheetRow",
    "ZipImages",
    "apply_import",
    "export_products_csv",
    "open_images",
    "plan_import",
    "plan_sheet",
    "read_sheet",
    "safe_path",
]
