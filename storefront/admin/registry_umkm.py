"""City-office views: the registry of the city's UMKM — list with filters, register, detail,
edit. The class each business has is the registry's rule (``registry.rules``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField
from wtforms.validators import Optional

from catalog import cooperatives as coops
from catalog import db
from catalog.db import MAX_ID
from catalog.models import Kecamatan
from registry import queries_umkm as queries
from registry import rounds
from registry import umkm as umkms
from registry.models import RegisteredUmkm, Sector
from registry.rules import BusinessClass
from storefront.admin import bp
from storefront.admin.forms import optional_int
from storefront.admin.registry_labels import CLASSES, SECTORS
from storefront.forms import (
    Form,
    RupiahTextField,
    SelectChoice,
    enum_choices,
    form_status,
    id_choice_field,
    name_field,
    save_valid,
    text_field,
)
from storefront.params import int_arg, query_arg

PER_PAGE = 50
CLASS_UNKNOWN_LABEL = _l("not known yet")


class UmkmForm(Form):
    business_name = name_field(_l("Business name"))
    owner_name = name_field(_l("Owner's name"), max_length=120)
    nib = text_field(
        _l("NIB (optional)"),
        40,
        description=_l("Nomor Induk Berusaha from OSS: 13 digits."),
    )
    sector = SelectField(_l("Sector"), choices=enum_choices(SECTORS))
    kecamatan_id = id_choice_field(_l("Kecamatan"))
    kelurahan_id = SelectField(_l("Kelurahan (optional)"), coerce=optional_int)
    address = text_field(_l("Address"), 255)
    employees = IntegerField(_l("Employees"), default=0, validators=[Optional()])
    turnover = RupiahTextField(
        _l("Yearly turnover, Rp (optional)"),
        description=_l("Sales in a year (omzet), e.g. 750.000.000. It decides the class."),
    )
    capital = RupiahTextField(
        _l("Business capital, Rp (optional)"),
        description=_l(
            "Modal usaha without land and buildings: decides the class while the turnover "
            "is not known."
        ),
    )
    cooperative_record_id = SelectField(_l("Cooperative (optional)"), coerce=optional_int)
    member_id = SelectField(
        _l("Gerai member (optional)"),
        coerce=optional_int,
        description=_l("When it sells through a gallery of Gerai."),
    )


def _choose_from(form: UmkmForm) -> None:
    kecamatan = coops.all_kecamatan(db.session)
    form.kecamatan_id.choices = [SelectChoice(str(k.id), k.name) for k in kecamatan]
    form.kelurahan_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(kel.id), kel.name, optgroup=k.name)
        for k in kecamatan
        for kel in k.kelurahan
    ]
    form.cooperative_record_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(record_id), name)
        for record_id, name in queries.cooperative_records(db.session)
    ]
    form.member_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(m.id), f"{m.business_name} — {m.cooperative.name}")
        for m in queries.gerai_members(db.session)
    ]


def _umkm_input(form: UmkmForm) -> umkms.UmkmInput:
    return umkms.UmkmInput(
        owner_name=form.owner_name.data or "",
        business_name=form.business_name.data or "",
        sector=Sector(form.sector.data),
        kecamatan_id=form.kecamatan_id.data,
        kelurahan_id=form.kelurahan_id.data,
        nib=form.nib.data,
        address=form.address.data or "",
        employees=form.employees.data,
        turnover=form.turnover.data,
        capital=form.capital.data,
        cooperative_record_id=form.cooperative_record_id.data,
        member_id=form.member_id.data,
    )


def _form_page(form: UmkmForm, umkm: RegisteredUmkm | None) -> tuple[str, int]:
    page = render_template("admin/registry/umkm_form.html", form=form, umkm=umkm)
    return page, form_status(form)


def _class_arg(value: str) -> queries.ClassChoice | None:
    if value == queries.UNKNOWN:
        return queries.UNKNOWN
    return BusinessClass(value) if value in BusinessClass._value2member_map_ else None


def _filters(kecamatan: list[Kecamatan]) -> queries.UmkmFilters:
    """The list's filters from the query string; what is not a choice of the page is ignored."""
    args = request.args
    chosen = int_arg(args, "kecamatan", 0, 0, MAX_ID)
    place = next((k for k in kecamatan if k.id == chosen), None)
    kelurahan_id = int_arg(args, "kelurahan", 0, 0, MAX_ID)
    in_place = place is not None and any(kel.id == kelurahan_id for kel in place.kelurahan)
    sector = args.get("sektor", "")
    return queries.UmkmFilters(
        kecamatan_id=place.id if place else None,
        kelurahan_id=kelurahan_id if in_place else None,
        sector=Sector(sector) if sector in Sector._value2member_map_ else None,
        business_class=_class_arg(args.get("kelas", "")),
        text=query_arg(args, 100),
    )


@bp.get("/pendataan/umkm")
def registry_umkm_list() -> ResponseReturnValue:
    kecamatan = list(coops.all_kecamatan(db.session))
    filters = _filters(kecamatan)
    page = queries.umkm_page(
        db.session, filters, int_arg(request.args, "page", 1, 1, 10_000), PER_PAGE
    )
    return render_template(
        "admin/registry/umkm_list.html",
        page=page,
        filters=filters,
        kecamatan=kecamatan,
        chosen_kecamatan=next((k for k in kecamatan if k.id == filters.kecamatan_id), None),
        sectors=SECTORS,
        classes=CLASSES,
        class_unknown=queries.UNKNOWN,
        class_unknown_label=CLASS_UNKNOWN_LABEL,
    )


@bp.route("/pendataan/umkm/baru", methods=["GET", "POST"])
def registry_umkm_new() -> ResponseReturnValue:
    form = UmkmForm()
    _choose_from(form)
    if saved := save_valid(form, lambda: umkms.create_umkm(db.session, _umkm_input(form))):
        umkm = saved.value
        rounds.keep_umkm_in_open_round(db.session, umkm)
        flash(_("%(name)s is registered.", name=umkm.business_name), "success")
        return redirect(url_for("admin.registry_umkm", umkm_id=umkm.id))
    return _form_page(form, None)


@bp.get("/pendataan/umkm/<int:umkm_id>")
def registry_umkm(umkm_id: int) -> ResponseReturnValue:
    umkm = queries.get_umkm(db.session, umkm_id)
    sales = queries.online_sales(db.session, umkm.member_id) if umkm.member_id else None
    return render_template(
        "admin/registry/umkm_detail.html",
        umkm=umkm,
        finding=umkms.class_of(db.session, umkm),
        sales=sales,
        sectors=SECTORS,
        classes=CLASSES,
        class_unknown_label=CLASS_UNKNOWN_LABEL,
    )


@bp.route("/pendataan/umkm/<int:umkm_id>/ubah", methods=["GET", "POST"])
def registry_umkm_edit(umkm_id: int) -> ResponseReturnValue:
    umkm = queries.get_umkm(db.session, umkm_id)
    form = UmkmForm(obj=umkm)
    _choose_from(form)
    if save_valid(form, lambda: umkms.update_umkm(db.session, umkm, _umkm_input(form))):
        rounds.keep_umkm_in_open_round(db.session, umkm)
        flash(_("%(name)s is saved.", name=umkm.business_name), "success")
        return redirect(url_for("admin.registry_umkm", umkm_id=umkm.id))
    return _form_page(form, umkm)
