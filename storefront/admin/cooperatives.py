"""City-office views: cooperatives and their galleries — list, register, edit, (de)activate."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from accounts import admin_services
from catalog import cooperatives as coops
from catalog import db
from catalog.db import MAX_ID
from catalog.models import Cooperative, Gallery
from catalog.phones import display_phone
from storefront.admin import bp, requested_state
from storefront.admin.forms import CooperativeForm, GalleryForm
from storefront.forms import SelectChoice, flash_new_state, form_status, save_valid
from storefront.params import int_arg

# What a (de)activate button says it did: (activated, deactivated).
_COOPERATIVE_STATES = (
    _l("%(name)s is active again."),
    _l("%(name)s is deactivated: its galleries left the shop."),
)
_GALLERY_STATES = (
    _l("%(name)s is open in the shop again."),
    _l("%(name)s is deactivated and left the shop."),
)


def _state_said(active: bool, name: str, messages: tuple[Any, Any]) -> ResponseReturnValue:
    flash_new_state(active, name, *messages)
    return redirect(url_for("admin.cooperatives"))


def _kecamatan_choices() -> list[SelectChoice]:
    return [SelectChoice(str(k.id), k.name) for k in coops.all_kecamatan(db.session)]


def _coop_input(form: CooperativeForm) -> coops.CooperativeInput:
    return coops.CooperativeInput(
        name=form.name.data or "",
        legal_type=form.legal_type.data or "",
        kecamatan_id=form.kecamatan_id.data,
        address=form.address.data or "",
        phone=form.phone.data or "",
        description=form.description.data or "",
        commission_rate_percent=form.commission_rate_percent.data or 0,
    )


def _cooperative_page(form: CooperativeForm, coop: Cooperative | None) -> tuple[str, int]:
    page = render_template("admin/cooperative_form.html", form=form, cooperative=coop)
    return page, form_status(form)


def _saved(name: str) -> ResponseReturnValue:
    """Back to the list after an edit is saved."""
    flash(_("%(name)s is saved.", name=name), "success")
    return redirect(url_for("admin.cooperatives"))


@bp.get("/koperasi")
def cooperatives() -> ResponseReturnValue:
    return render_template(
        "admin/cooperatives.html",
        display_phone=display_phone,
        cooperatives=coops.all_cooperatives(db.session),
        managers=admin_services.managers_by_cooperative(db.session),
    )


@bp.route("/koperasi/baru", methods=["GET", "POST"])
def cooperative_new() -> ResponseReturnValue:
    form = CooperativeForm()
    form.kecamatan_id.choices = _kecamatan_choices()
    if saved := save_valid(form, lambda: coops.create_cooperative(db.session, _coop_input(form))):
        coop = saved.value
        flash(_("%(name)s is registered. Now add its gallery.", name=coop.name), "success")
        return redirect(url_for("admin.gallery_new", koperasi=coop.id))
    return _cooperative_page(form, None)


@bp.route("/koperasi/<int:coop_id>", methods=["GET", "POST"])
def cooperative_edit(coop_id: int) -> ResponseReturnValue:
    coop = coops.get_cooperative(db.session, coop_id)
    form = CooperativeForm(obj=coop)
    form.kecamatan_id.choices = _kecamatan_choices()
    if save_valid(form, lambda: coops.update_cooperative(db.session, coop, _coop_input(form))):
        return _saved(coop.name)
    return _cooperative_page(form, coop)


def _gallery_choices(form: GalleryForm) -> None:
    form.cooperative_id.choices = [
        SelectChoice(str(c.id), c.name) for c in coops.all_cooperatives(db.session)
    ]
    kecamatan = coops.all_kecamatan(db.session)
    form.kecamatan_id.choices = [SelectChoice(str(k.id), k.name) for k in kecamatan]
    form.kelurahan_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(kel.id), kel.name, optgroup=k.name)
        for k in kecamatan
        for kel in k.kelurahan
    ]


def _gallery_input(form: GalleryForm) -> coops.GalleryInput:
    lat, lng = form.position.data or (0.0, 0.0)
    return coops.GalleryInput(
        name=form.name.data or "",
        cooperative_id=form.cooperative_id.data,
        kecamatan_id=form.kecamatan_id.data,
        kelurahan_id=form.kelurahan_id.data,
        address=form.address.data or "",
        lat=lat,
        lng=lng,
        opening_hours=form.opening_hours.data or "",
        whatsapp=form.whatsapp.data or "",
        description=form.description.data or "",
        base_fee=form.base_fee.data if form.base_fee.data is not None else 0,
        per_km_fee=form.per_km_fee.data if form.per_km_fee.data is not None else 0,
        max_radius_km=form.max_radius_km.data or 0.0,
    )


def _gallery_page(form: GalleryForm, gallery: Gallery | None) -> tuple[str, int]:
    page = render_template("admin/gallery_form.html", form=form, gallery=gallery)
    return page, form_status(form)


@bp.route("/galeri/baru", methods=["GET", "POST"])
def gallery_new() -> ResponseReturnValue:
    chosen = int_arg(request.args, "koperasi", 0, 0, MAX_ID)
    coop = db.session.get(Cooperative, chosen) if chosen else None
    form = GalleryForm(
        cooperative_id=coop.id if coop else None, kecamatan_id=coop.kecamatan_id if coop else None
    )
    _gallery_choices(form)
    if saved := save_valid(form, lambda: coops.create_gallery(db.session, _gallery_input(form))):
        flash(_("%(name)s is registered.", name=saved.value.name), "success")
        return redirect(url_for("admin.cooperatives"))
    return _gallery_page(form, None)


@bp.route("/galeri/<int:gallery_id>", methods=["GET", "POST"])
def gallery_edit(gallery_id: int) -> ResponseReturnValue:
    gallery = coops.get_gallery(db.session, gallery_id)
    form = GalleryForm(obj=gallery, position=(gallery.lat, gallery.lng))
    _gallery_choices(form)
    if save_valid(form, lambda: coops.update_gallery(db.session, gallery, _gallery_input(form))):
        return _saved(gallery.name)
    return _gallery_page(form, gallery)


@bp.post("/koperasi/<int:coop_id>/status")
def cooperative_status(coop_id: int) -> ResponseReturnValue:
    coop = coops.get_cooperative(db.session, coop_id)
    coops.set_cooperative_active(db.session, coop, requested_state())
    return _state_said(coop.is_active, coop.name, _COOPERATIVE_STATES)


@bp.post("/galeri/<int:gallery_id>/status")
def gallery_status(gallery_id: int) -> ResponseReturnValue:
    gallery = coops.get_gallery(db.session, gallery_id)
    coops.set_gallery_active(db.session, gallery, requested_state())
    return _state_said(gallery.is_active, gallery.name, _GALLERY_STATES)
