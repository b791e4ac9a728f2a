"""Manager views: import a gallery's products from a CSV or XLSX sheet, and export them to CSV.

A dry run only checks and shows the plan. To import, the manager submits the same files again
without the dry-run box: uploads are never stashed between requests.
"""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from catalog import backoffice, db
from catalog.db import MAX_ID
from catalog.exceptions import InsufficientStock, InvalidInput, StockChanged
from catalog.importer import (
    COLUMNS,
    MAX_ROWS,
    OPTIONAL_COLUMNS,
    Action,
    ImportReport,
    apply_import,
    export_products_csv,
    plan_import,
)
from catalog.models import Gallery
from storefront.forms import SelectChoice, form_status
from storefront.manage import actor_id, bp, cooperative_id
from storefront.manage.import_forms import ImportForm
from storefront.media import media_storage
from storefront.params import int_arg

SHOWN_PLANS = 1000  # rows of the planned changes listed on the page; all are counted


def _form() -> ImportForm:
    form = ImportForm()
    galleries = backoffice.galleries_of(db.session, cooperative_id())
    form.gallery_id.choices = [SelectChoice(g.id, g.name) for g in galleries]
    if request.method == "GET":
        form.gallery_id.data = int_arg(request.args, "gallery", 0, 0, MAX_ID)
    return form


def _page(
    form: ImportForm, report: ImportReport | None = None, gallery: Gallery | None = None
) -> str:
    return render_template(
        "manage/imports.html",
        form=form,
        # a dry run that passed: offer to submit the same files again for real
        offer_apply=report is not None and report.ok and bool(form.dry_run.data),
        report=report,
        gallery=gallery,
        actions=Action,
        columns=COLUMNS + OPTIONAL_COLUMNS,
        max_rows=MAX_ROWS,
        shown_plans=SHOWN_PLANS,
    )


@bp.route("/impor", methods=["GET", "POST"])
def imports() -> ResponseReturnValue:
    form = _form()
    if not form.validate_on_submit():
        return _page(form), form_status(form)
    gallery = backoffice.gallery_of(db.session, cooperative_id(), form.gallery_id.data)
    photos = form.photos.data.read() if form.photos.data else None
    report = plan_import(db.session, gallery, form.sheet.data.read(), images=photos or None)
    if not report.ok:
        return _page(form, report, gallery), 400
    if form.dry_run.data:
        return _page(form, report, gallery)
    try:
        result = apply_import(db.session, media_storage(), report, actor_id=actor_id())
    except (StockChanged, InsufficientStock, InvalidInput):
        # A sale or another manager changed the gallery between checking and writing.
        form.form_errors.append(
            _("The products changed meanwhile (a sale?). Nothing was imported; please try again.")
        )
        return _page(form, report, gallery), 409
    flash(
        _(
            "Import done: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.",
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        ),
        "success",
    )
    return redirect(url_for("manage.products", gallery=gallery.id))


@bp.get("/produk/ekspor.csv")
def export_products() -> ResponseReturnValue:
    gallery_id = int_arg(request.args, "gallery", 0, 0, MAX_ID)
    gallery = backoffice.gallery_of(db.session, cooperative_id(), gallery_id)
    # The BOM tells Excel the file is UTF-8; the importer skips it.
    body = "\ufeff" + export_products_csv(db.session, gallery)
    filename = f"produk-{gallery.slug}-{date.today():%Y%m%d}.csv"
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
