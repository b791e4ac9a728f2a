"""Step 4, export: a gallery's products as a CSV sheet that imports back without changes.

The export writes the columns reading expects (English headers, rupiah as plain integers) and
guards cells that a spreadsheet would run as a formula with a leading apostrophe, which reading
strips again.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from catalog.db import DbSession
from catalog.importer.read import COLUMNS, FORMULA_START
from catalog.models import Gallery, Product


def export_products_csv(session: DbSession, gallery: Gallery) -> str:
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
    for product in products:
        writer.writerow([_guard_formula(cell) for cell in _cells(product)])
    return buffer.getvalue()


def _cells(product: Product) -> tuple[str | int, ...]:
    """One product's cells, in the order of COLUMNS."""
    return (
        product.name,
        product.description,
        product.category.slug,
        product.member.business_name,
        product.price,
        product.unit,
        product.stock,
        product.weight_g,
    )


def _guard_formula(cell: str | int) -> str | int:
    """Keep spreadsheets from running text like '=HYPERLINK(…)' or '- tanpa MSG' as a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell
