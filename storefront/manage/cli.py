"""Manager commands: ``flask --app storefront import-products FILE --gallery SLUG``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from catalog import db
from catalog.exceptions import InsufficientStock, InvalidInput, StockChanged
from catalog.importer import (
    MAX_FILE_BYTES,
    Action,
    ImportFileError,
    ImportReport,
    Problem,
    RowPlan,
    apply_import,
    open_images,
    plan_sheet,
    read_sheet,
)
from catalog.models import Gallery
from storefront.media import media_storage


@click.command("import-products")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--gallery", "gallery_slug", required=True, help="Slug of the gallery to fill.")
@click.option(
    "--images",
    type=click.Path(exists=True, path_type=Path),
    help="A ZIP file or folder holding the photos that the image column names.",
)
@click.option("--dry-run", is_flag=True, help="Only check the file and show what would change.")
@with_appcontext
def import_products_command(
    file: Path, gallery_slug: str, images: Path | None, dry_run: bool
) -> None:
    """Import products from a CSV or XLSX sheet into one gallery: every row, or none."""
    try:
        report = _check(file, _gallery(gallery_slug), images)
        if dry_run:
            _show_plan(report)
            click.echo("Dry run: nothing was changed.")
            db.session.rollback()
            return
        _apply(report)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _gallery(slug: str) -> Gallery:
    gallery = db.session.scalar(select(Gallery).where(Gallery.slug == slug))
    if gallery is None or not gallery.is_active:
        raise click.BadParameter(
            f"no active gallery with the slug {slug!r}", param_hint="--gallery"
        )
    return gallery


def _check(file: Path, gallery: Gallery, images: Path | None) -> ImportReport:
    if file.stat().st_size > MAX_FILE_BYTES:
        _fail([Problem("The file is larger than %(max_mb)s MB.", {"max_mb": MAX_FILE_BYTES >> 20})])
    try:
        sheet = read_sheet(file.read_bytes())
        source = open_images(images)
    except ImportFileError as error:
        _fail(error.problems)
    with click.progressbar(length=len(sheet.rows), label="Checking", file=sys.stderr) as bar:
        report = plan_sheet(db.session, gallery, sheet, source, progress=bar.update)
    for warning in report.warnings:
        click.echo(f"Warning: {warning.english()}", err=True)
    if not report.ok:
        _fail(report.errors)
    return report


def _fail(problems: list[Problem]) -> NoReturn:
    """Print every problem, one a line, and stop with exit status 1 (nothing was written)."""
    click.echo(
        f"The file cannot be imported ({len(problems)} problems); nothing was changed:", err=True
    )
    for problem in problems:
        click.echo(f"  {problem.english()}", err=True)
    raise click.exceptions.Exit(1)


def _apply(report: ImportReport) -> None:
    with click.progressbar(length=len(report.plans), label="Importing", file=sys.stderr) as bar:
        try:
            result = apply_import(db.session, media_storage(), report, progress=bar.update)
        except (StockChanged, InsufficientStock, InvalidInput) as error:
            raise click.ClickException(
                f"The products changed meanwhile ({error}); nothing was imported."
            ) from error
    click.echo(
        f"Imported: {result.created} new, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.photos} photos, {result.stock_movements} stock movements."
    )


def _show_plan(report: ImportReport) -> None:
    for plan in report.changed:
        click.echo(_describe(plan))
    click.echo(
        f"{report.count(Action.CREATE)} new, {report.count(Action.UPDATE)} updated, "
        f"{report.count(Action.UNCHANGED)} unchanged."
    )


def _describe(plan: RowPlan) -> str:
    if plan.action is Action.CREATE:
        text = f"line {plan.line}: new “{plan.data.name}”, stock {plan.stock_after}"
    else:
        changes = [f"{c.field} {c.before!s:.40} → {c.after!s:.40}" for c in plan.changes]
        if plan.stock_change:
            kind = "restock" if plan.stock_change > 0 else "adjust"
            changes.append(
                f"stock {plan.stock_before} → {plan.stock_after} ({kind} {plan.stock_change:+d})"
            )
        text = f"line {plan.line}: update “{plan.data.name}”: " + "; ".join(changes)
    if plan.image:
        text += f"; photo {plan.image}"
    return text
