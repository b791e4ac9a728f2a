"""Manager views: restock, adjust with a reason, and the stock history of a product."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from accounts.services import names_of
from catalog import backoffice, db
from catalog.exceptions import InsufficientStock, StockChanged
from catalog.models import Product, StockMovement
from catalog.stock import adjust_to, movements_of, restock
from storefront.forms import add_field_error, save_valid
from storefront.manage import actor_id, bp, cooperative_id
from storefront.manage.forms import AdjustForm, RestockForm
from storefront.manage.products import render_edit_page


@bp.post("/produk/<int:product_id>/stok/tambah")
def stock_restock(product_id: int) -> ResponseReturnValue:
    product = backoffice.product_of(db.session, cooperative_id(), product_id)
    form = RestockForm()
    if saved := save_valid(form, lambda: _restock(product, form), "quantity"):
        return _stock_is_now(product, saved.value)
    return render_edit_page(product, restock_form=form), 400


def _restock(product: Product, form: RestockForm) -> StockMovement:
    quantity = form.quantity.data
    assert quantity is not None  # InputRequired: a validated form holds the number
    return restock(db.session, product, quantity, form.reason.data or "", actor_id())


@bp.post("/produk/<int:product_id>/stok/koreksi")
def stock_adjust(product_id: int) -> ResponseReturnValue:
    product = backoffice.product_of(db.session, cooperative_id(), product_id)
    form = AdjustForm()
    try:
        saved = save_valid(form, lambda: _adjust(product, form), "new_level")
    except (StockChanged, InsufficientStock):
        saved = None
        message = _("The stock changed meanwhile (a sale?). Check the level and try again.")
        add_field_error(form.new_level, message)
    if saved:
        return _stock_is_now(product, saved.value)
    return render_edit_page(product, adjust_form=form), 400


def _adjust(product: Product, form: AdjustForm) -> StockMovement:
    # InputRequired and DataRequired: a validated form holds the level and a reason.
    new_level, reason = form.new_level.data, form.reason.data
    assert new_level is not None and reason is not None
    return adjust_to(db.session, product, new_level, reason, actor_id())


def _stock_is_now(product: Product, movement: StockMovement) -> ResponseReturnValue:
    flash(_("Stock is now %(level)s.", level=movement.stock_after), "success")
    return redirect(url_for("manage.product_edit", product_id=product.id))


@bp.get("/produk/<int:product_id>/riwayat-stok")
def stock_history(product_id: int) -> ResponseReturnValue:
    product = backoffice.product_of(db.session, cooperative_id(), product_id)
    movements = movements_of(db.session, product)
    return render_template(
        "manage/stock_history.html",
        product=product,
        movements=movements,
        actors=names_of(db.session, {m.actor_id for m in movements if m.actor_id}),
    )
