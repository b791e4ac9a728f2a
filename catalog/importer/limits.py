"""Every limit the importer enforces, in one place.

The steps read them here when they run (``limits.MAX_ROWS``, not a copy taken at import time),
so a test can lower one limit for all steps at once with ``monkeypatch.setattr(limits, ...)``.
"""

from __future__ import annotations

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
