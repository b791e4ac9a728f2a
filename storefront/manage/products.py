"""Manager views: the cooperative's products — list, add, edit, status, preview."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from catalog import backoffice, db
from catalog.db import MAX_ID
from catalog.exceptions import InvalidInput
from catalog.models import Product, ProductStatus
from catalog.products import ProductInput, create_product, set_status, update_product
from catalog.queries import paginate
from storefront.forms import Form, SelectChoice, attach_error, form_status
from storefront.i18n import current_language
from storefront.manage import actor_id, bp, cooperative_id
from storefront.manage.forms import AdjustForm, AltForm, PhotoForm, ProductForm, RestockForm
from storefront.params import int_arg, query_arg


def _choose_from(form: ProductForm, product: Product | None = None) -> None:
    coop = cooperative_id()
    lang = current_language()
    form.gallery_id.choices = [
        SelectChoice(g.id, g.name) for g in backoffice.galleries_of(db.session, coop)
    ]
    form.category_id.choices = [
        SelectChoice(c.id, c.localized_name(lang)) for c in backoffice.categories(db.session)
    ]
    members = list(backoffice.members_of(db.session, coop, include_inactive=False))
    if product is not None and all(m.id != product.member_id for m in members):
        # A member who has since left still made this product: keep them choosable here.
        members.append(product.member)
    form.member_id.choices = [
        SelectChoice(m.id, f"{m.business_name} ({m.owner_name})") for m in members
    ]


def _product_input(form: ProductForm) -> ProductInput:
    return ProductInput(
        name=form.name.data or "",
        category_id=form.category_id.data,
        member_id=form.member_id.data,
        price=form.price.data or 0,
        unit=form.unit.data or "",
        description=form.description.data or "",
        weight_g=form.weight_g.data or 0,
        pirt_number=form.pirt_number.data,
        is_halal=form.is_halal.data,
        status=ProductStatus(form.status.data),
        is_featured=form.is_featured.data,
    )


def _filters() -> backoffice.ProductListFilters:
    args = request.args
    status = args.get("status", "")
    return backoffice.ProductListFilters(
        gallery_id=int_arg(args, "gallery", 0, 0, MAX_ID) or None,
        member_id=int_arg(args, "member", 0, 0, MAX_ID) or None,
        category_id=int_arg(args, "category", 0, 0, MAX_ID) or None,
        status=ProductStatus(status) if status in ProductStatus._value2member_map_ else None,
        low_stock=args.get("low") == "1",
        q=query_arg(args, 100),
    )


@bp.get("/produk")
def products() -> ResponseReturnValue:
    coop = cooperative_id()
    filters = _filters()
    page = paginate(
        db.session,
        backoffice.products_of(db.session, coop, filters),
        int_arg(request.args, "page", 1, 1, 10_000),
        50,
    )
    return render_template(
        "manage/products.html",
        page=page,
        filters=filters,
        galleries=backoffice.galleries_of(db.session, coop),
        members=backoffice.members_of(db.session, coop),
        categories=backoffice.categories(db.session),
        statuses=list(ProductStatus),
    )


@bp.route("/produk/baru", methods=["GET", "POST"])
def product_new() -> ResponseReturnValue:
    form = ProductForm()
    _choose_from(form)
    if not form.gallery_id.choices:
        abort(404)
    if request.method == "GET":
        form.gallery_id.data = int_arg(request.args, "gallery", 0, 0, MAX_ID)
    if form.validate_on_submit():
        gallery = backoffice.gallery_of(db.session, cooperative_id(), form.gallery_id.data)
        try:
            product = create_product(
                db.session,
                gallery,
                _product_input(form),
                initial_stock=form.initial_stock.data or 0,
                actor_id=actor_id(),
            )
        except InvalidInput as error:
            attach_error(form, error)
        else:
            flash(_("%(name)s added. Now add a photo.", name=product.name), "success")
            return redirect(url_for("manage.product_edit", product_id=product.id))
    return render_template("manage/product_new.html", form=form), form_status(form)


@bp.route("/produk/<int:product_id>", methods=["GET", "POST"])
def product_edit(product_id: int) -> ResponseReturnValue:
    product = backoffice.product_of(db.session, cooperative_id(), product_id)
    form = _edit_form(product)
    if form.validate_on_submit():
        try:
            update_product(db.session, product, _product_input(form))
        except InvalidInput as error:
            attach_error(form, error)
        else:
            flash(_("%(name)s saved.", name=product.name), "success")
            return redirect(url_for("manage.product_edit", product_id=product.id))
    return _edit_page(product, form), form_status(form)


def _edit_form(product: Product, **kwargs: object) -> ProductForm:
    """The details form of an existing product: its gallery and opening stock are not edited
    here (stock changes go through the ledger forms), so those fields are not part of it."""
    form = ProductForm(obj=product, **kwargs)
    _choose_from(form, product)
    del form.gallery_id
    del form.initial_stock
    return form


def _edit_page(product: Product, form: ProductForm, **forms: Form) -> str:
    return render_template(
        "manage/product_edit.html",
        product=product,
        form=form,
        photo_form=forms.get("photo_form") or PhotoForm(),
        alt_form=AltForm(),
        restock_form=forms.get("restock_form") or RestockForm(),
        adjust_form=forms.get("adjust_form") or AdjustForm(),
        max_upload_mb=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
    )


def render_edit_page(product: Product, **forms: Form) -> str:
    """The edit page with one of its secondary forms showing errors (photos, stock)."""
    return _edit_page(product, _edit_form(product, formdata=None), **forms)


@bp.post("/produk/<int:product_id>/status")
def product_status(product_id: int) -> ResponseReturnValue:
    product = backoffice.product_of(db.session, cooperative_id(), product_id)
    wanted = request.form.get("status", "")
    if wanted not in ProductStatus._value2member_map_:
        abort(400)
    back = (
        url_for("manage.products")
        if request.form.get("back") == "list"
        else url_for("manage.product_edit", product_id=product.id)
    )
    if product.status.value == wanted:
        # A page left open, or a button pressed twice: say so rather than pretend to change.
        flash(_("Nothing changed: %(name)s already has that status.", name=product.name), "error")
        return redirect(back), 303
    set_status(db.session, product, ProductStatus(wanted))
    flash(_("%(name)s: status changed.", name=product.name), "success")
    return redirect(back)


@bp.get("/produk/<int:product_id>/pratinjau")
def product_preview(product_id: int) -> ResponseReturnValue:
    """The shopper's product page, also for drafts, with a banner saying it is a preview."""
    product = backoffice.product_of(db.session, cooperative_id(), product_id)
    return render_template("shop/product.html", product=product, preview=True)
