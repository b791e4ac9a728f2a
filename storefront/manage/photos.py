"""Manager views: a product's photos — upload, describe, reorder, remove."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from catalog import backoffice, db
from catalog.exceptions import InvalidInput
from catalog.images import ImageRejected
from catalog.photos import add_photo, move_photo, rejection_text, remove_photo, set_alt
from storefront.forms import attach_error
from storefront.manage import bp, cooperative_id
from storefront.manage.forms import AltForm, PhotoForm
from storefront.manage.products import render_edit_page
from storefront.media import media_storage


def rejection_message(error: ImageRejected) -> str:
    """A translated, human reason for refusing an upload."""
    max_mb = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return _(rejection_text(error), max_mb=max_mb)


@bp.post("/produk/<int:product_id>/foto")
def photo_add(product_id: int) -> ResponseReturnValue:
    product = backoffice.product_of(db.session, cooperative_id(), product_id)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            add_photo(
                db.session,
                media_storage(),
                product,
                form.photo.data.read(),
                alt=form.alt.data or "",
                max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
            )
        except ImageRejected as error:
            form.photo.errors = [rejection_message(error)]
        except InvalidInput as error:
            attach_error(form, error, "photo")
        else:
            flash(_("Photo added."), "success")
            return redirect(url_for("manage.product_edit", product_id=product.id) + "#foto")
    return render_edit_page(product, photo_form=form), 400


@bp.post("/foto/<int:image_id>/alt")
def photo_alt(image_id: int) -> ResponseReturnValue:
    image = backoffice.image_of(db.session, cooperative_id(), image_id)
    form = AltForm()
    if form.validate_on_submit():
        set_alt(db.session, image, form.alt.data or "")
        flash(_("Photo description saved."), "success")
    else:
        # The description sits in a small form per photo: its reason shows at the page's top.
        for message in [*form.form_errors, *form.alt.errors]:
            flash(_("Photo description not saved: %(reason)s", reason=message), "error")
    return redirect(url_for("manage.product_edit", product_id=image.product_id) + "#foto")


@bp.post("/foto/<int:image_id>/geser")
def photo_move(image_id: int) -> ResponseReturnValue:
    image = backoffice.image_of(db.session, cooperative_id(), image_id)
    step = -1 if request.form.get("direction") == "up" else 1
    move_photo(db.session, image, step)
    return redirect(url_for("manage.product_edit", product_id=image.product_id) + "#foto")


@bp.post("/foto/<int:image_id>/hapus")
def photo_remove(image_id: int) -> ResponseReturnValue:
    image = backoffice.image_of(db.session, cooperative_id(), image_id)
    product_id = image.product_id
    remove_photo(db.session, media_storage(), image)
    flash(_("Photo removed."), "info")
    return redirect(url_for("manage.product_edit", product_id=product_id) + "#foto")
