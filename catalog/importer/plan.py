"""Step 2, planning: check every row against the gallery and work out what would change.

:func:`plan_sheet` loads once what rows are checked against (categories, the cooperative's
members, the gallery's products, the photos' verdicts), then turns each row into a
:class:`RowPlan` (create, update with its changes, or unchanged) or into problems, each with
its line, column and value. It collects every problem instead of stopping at the first and
writes nothing. :func:`plan_import` runs reading and planning together and turns an unreadable
file into report errors, which is what the console and the dry run show.

A product whose name (any capitals) is already in the gallery is updated; an empty optional cell
(description, stock, weight_g, image) keeps an existing product's value.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from catalog.db import DbSession
from catalog.i18n import N_
from catalog.images import ImageRejected, load_upload
from catalog.importer import limits
from catalog.importer.problems import ImportFileError, Problem
from catalog.importer.read import (
    PHOTO_READ_ERRORS,
    ImageSource,
    Sheet,
    SheetRow,
    open_images,
    read_sheet,
    safe_path,
)
from catalog.models import Category, Gallery, Member, Product
from catalog.money import parse_rupiah
from catalog.photos import rejection_text
from catalog.products import MAX_PRICE, ProductInput
from catalog.stock import MAX_STOCK

_WHOLE = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")
_COMMA_THOUSANDS = re.compile(r"^(rp\.?\s*)?\d{1,3}(,\d{3})+$")


_Named = TypeVar("_Named", Category, Member)

_Verdict = tuple[str, dict[str, object]] | None
"""Why a photo cannot be used (message, params), or None when it is fine."""


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


# --- Reading and planning in one go ----------------------------------------------------------


def plan_import(
    session: DbSession, gallery: Gallery, data: bytes, *, images: bytes | Path | None = None
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


def plan_sheet(
    session: DbSession,
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


# --- What rows are checked against -----------------------------------------------------------


@dataclass
class _Lookups:
    """Everything rows are checked against, loaded once per import."""

    categories: dict[str, Category]
    category_choices: str
    members: dict[str, Member]
    exact: dict[str, Product]
    folded: dict[str, list[Product]]
    images: ImageSource | None
    photo_verdicts: dict[str, _Verdict] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)


def _load_lookups(session: DbSession, gallery: Gallery, images: ImageSource | None) -> _Lookups:
    ordered = session.scalars(select(Category).order_by(Category.position, Category.id)).all()
    members = session.scalars(select(Member).where(Member.cooperative_id == gallery.cooperative_id))
    lookups = _Lookups(
        categories=_categories_by_name(ordered),
        category_choices=", ".join(c.slug for c in ordered),
        members={m.business_name.casefold(): m for m in members},
        exact={},
        folded={},
        images=images,
    )
    for product in _gallery_products(session, gallery):
        lookups.exact[product.name] = product
        lookups.folded.setdefault(product.name.casefold(), []).append(product)
    return lookups


def _categories_by_name(ordered: Sequence[Category]) -> dict[str, Category]:
    """Each category under its English name, Indonesian name and slug, in any capitals."""
    categories: dict[str, Category] = {}
    for category in reversed(ordered):  # earlier categories and slugs win a clash of names
        for key in (category.name_en, category.name, category.slug):
            categories[key.casefold()] = category
    return categories


def _gallery_products(session: DbSession, gallery: Gallery) -> list[Product]:
    """The gallery's products with what the plan compares and shows (photos, category, member)."""
    products = session.scalars(
        select(Product)
        .where(Product.gallery_id == gallery.id)
        .options(
            selectinload(Product.images), joinedload(Product.category), joinedload(Product.member)
        )
    ).unique()
    return list(products)


def _photo_problem(images: ImageSource, key: str) -> _Verdict:
    """Why the photo cannot be used (message, params), or None when it is fine."""
    try:
        data = images.read(key)
    except PHOTO_READ_ERRORS:
        return N_("This photo cannot be read from the archive."), {}
    try:
        load_upload(data, max_bytes=limits.MAX_PHOTO_BYTES)
    except ImageRejected as error:
        return rejection_text(error), {"max_mb": limits.MAX_PHOTO_BYTES >> 20}
    return None


# --- Checking one row ------------------------------------------------------------------------


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

    def stock(self) -> int | None:
        negative = N_("Stock cannot be below zero.")
        too_big = N_("Stock above %(max)s is not plausible.")
        return self.whole("stock", MAX_STOCK, negative, too_big)

    def weight(self) -> int | None:
        negative = N_("The weight cannot be negative.")
        too_big = N_("The weight is at most %(max)s grams.")
        return self.whole("weight_g", limits.MAX_WEIGHT_G, negative, too_big)

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
        message = N_("No such category. Use one of: %(choices)s.")
        choices = lookups.category_choices
        return self.named("category", 80, lookups.categories, message, choices=choices)

    def member(self, lookups: _Lookups) -> Member | None:
        message = N_("No member of your cooperative has this business name.")
        return self.named("member", 160, lookups.members, message)

    def named(
        self,
        column: str,
        max_length: int,
        known: Mapping[str, _Named],
        unknown: str,
        **params: object,
    ) -> _Named | None:
        """A required cell naming one of ``known`` (keys casefolded); ``unknown`` if none."""
        text = self.text(column, max_length, required=True)
        found = known.get(text.casefold()) if text else None
        if text and found is None:
            self.problem(column, unknown, text, **params)
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
            self.photo(lookups, lookups.images, key, raw)
            return key
        return None

    def photo(self, lookups: _Lookups, images: ImageSource, key: str, raw: str) -> None:
        """Judge the photo once per import, however many rows name it."""
        if key not in lookups.photo_verdicts:
            lookups.photo_verdicts[key] = _photo_problem(images, key)
        if verdict := lookups.photo_verdicts[key]:
            self.problem("image", verdict[0], raw, **verdict[1])


def _parse_row(row: SheetRow, lookups: _Lookups, problems: list[Problem]) -> _Parsed | None:
    """The row's values, or None when any cell is wrong (its problems are noted)."""
    check = _RowCheck(row, problems)
    if row.extra_cells:
        check.problem(None, N_("This row has more cells than the first row has column names."))
    # The cells are checked in the order of the columns, so problems come in that order too.
    name = check.text("name", 160, required=True)
    description = check.text("description", limits.MAX_DESCRIPTION, single_line=False) or None
    category = check.category(lookups)
    member = check.member(lookups)
    price = check.price()
    unit = check.text("unit", 60, required=True)
    stock = check.stock()
    weight_g = check.weight()
    image = check.image(lookups)
    _check_duplicate(check, name, lookups)
    if check.found or category is None or member is None:
        return None
    return _Parsed(name, description, category, member, price, unit, stock, weight_g, image)


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


# --- Planning one row ------------------------------------------------------------------------


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
    data = _updated_input(parsed, product)
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


def _updated_input(parsed: _Parsed, product: Product) -> ProductInput:
    """The row's values over the product's; what the sheet has no column for is kept."""
    return ProductInput(
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
