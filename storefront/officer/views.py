"""Officer views: the area's records in the open data round, on a phone in the field.

Every view starts from the officer's area (``registry.officers.area_of``); a record outside it
is NotFound, a 404 like any unknown id. The list's filters live in the URL (``kelurahan``,
``belum``, ``q``, ``page``) and travel with the links to a record and its forms, so a save
lands back on the same list.

A page that may save carries the id of the round it was shown in (hidden ``round``). Every POST
that writes first starts its write transaction (``start_writing``), then saves through
``registry.officers``, which takes that round with ``rounds.round_for_saving``: a round closed
in the meantime (or past its closing date) refuses the save whole, and the officer reads why
beside the form or in a flash. Nothing is saved then.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from catalog import db
from catalog.db import MAX_ID
from catalog.exceptions import InvalidInput, NotFound
from catalog.i18n import N_
from catalog.models import Kecamatan, Kelurahan
from registry import cooperatives as registry_coops
from registry import officers, rounds
from registry import umkm as umkms
from registry.models import (
    CooperativeSnapshot,
    DataRound,
    RegisteredCooperative,
    RegisteredUmkm,
    Sector,
    UmkmSnapshot,
)
from registry.officers import Area, WorkFilters
from storefront.admin.registry_labels import ACTIVITY, CLASSES, HEALTH, LEGAL_FORMS, SECTORS
from storefront.database import start_writing
from storefront.forms import SelectChoice, form_status, save_valid
from storefront.i18n import local_today
from storefront.officer import bp
from storefront.officer.forms import (
    ACTION,
    SAVE_AND_CONFIRM,
    SAVE_ONLY,
    OfficerCooperativeForm,
    OfficerUmkmForm,
)
from storefront.params import int_arg, query_arg

PER_PAGE = 30
MAX_PAGE = 10_000
NO_ROUND = N_("No data round is open: nothing was saved.")


# --- the officer's area and the list's filters -------------------------------------------


def _area() -> Area:
    return officers.area_of(current_user)


def _area_kelurahan(area: Area) -> list[Kelurahan]:
    """The kelurahan of the officer's area, by name: their kecamatan's, or their own one."""
    stmt = select(Kelurahan).where(Kelurahan.kecamatan_id == area.kecamatan_id)
    if area.kelurahan_id is not None:
        stmt = stmt.where(Kelurahan.id == area.kelurahan_id)
    return list(db.session.scalars(stmt.order_by(Kelurahan.name)))


def _filters(area: Area, kelurahan: list[Kelurahan]) -> tuple[WorkFilters, int]:
    """The list's filters and page from the query string; what is no choice of the page (a
    kelurahan of another area, a malformed number) is ignored."""
    args = request.args
    chosen = int_arg(args, "kelurahan", 0, 0, MAX_ID)
    in_area = area.kelurahan_id is None and any(k.id == chosen for k in kelurahan)
    filters = WorkFilters(
        kelurahan_id=chosen if in_area else None,
        unconfirmed_only=args.get("belum") == "1",
        text=query_arg(args, 100),
    )
    return filters, int_arg(args, "page", 1, 1, MAX_PAGE)


def _list_args(filters: WorkFilters, page: int) -> dict[str, Any]:
    """The list's URL arguments (those not at their default), to come back to it."""
    args: dict[str, Any] = {}
    if filters.kelurahan_id is not None:
        args["kelurahan"] = filters.kelurahan_id
    if filters.unconfirmed_only:
        args["belum"] = "1"
    if filters.text:
        args["q"] = filters.text
    if page > 1:
        args["page"] = page
    return args


def _back_to_list(area: Area, anchor: str | None = None) -> str:
    filters, page = _filters(area, _area_kelurahan(area))
    return url_for("officer.home", _anchor=anchor, **_list_args(filters, page))


def _round_open_for_saving(data_round: DataRound | None) -> bool:
    """Whether saves can be made in the round now (the domain decides for real when saving)."""
    return data_round is not None and data_round.takes_saves(local_today())


def _posted_round() -> int:
    """The round the page was shown in (its hidden field); refused when there was none."""
    round_id = int_arg(request.form, "round", 0, 0, MAX_ID)
    if not round_id:
        raise InvalidInput("round", NO_ROUND)
    return round_id


def _refusal(error: InvalidInput) -> str:
    return _(error.message, **error.params)


# --- the area's completion ---------------------------------------------------------------


def _total(places: Iterable[rounds.Completion], name: str) -> rounds.Completion:
    rows = list(places)
    return rounds.Completion(
        kecamatan=name,
        kelurahan=None,
        kelurahan_id=None,
        kecamatan_id=None,
        umkm=sum(r.umkm for r in rows),
        umkm_confirmed=sum(r.umkm_confirmed for r in rows),
        cooperatives=sum(r.cooperatives for r in rows),
        cooperatives_confirmed=sum(r.cooperatives_confirmed for r in rows),
    )


def _matching(
    snapshots: list[CooperativeSnapshot], filters: WorkFilters
) -> list[CooperativeSnapshot]:
    """The cooperatives the list's filters keep (tens at most: filtered here)."""
    text = filters.text.lower()
    return [
        s
        for s in snapshots
        if (filters.kelurahan_id is None or s.kelurahan_id == filters.kelurahan_id)
        and (not filters.unconfirmed_only or s.confirmed_at is None)
        and (not text or text in s.record.name.lower() or text in (s.record.nik or ""))
    ]


# --- pages -------------------------------------------------------------------------------


@bp.get("/")
def home() -> ResponseReturnValue:
    area = _area()
    kecamatan = db.session.get(Kecamatan, area.kecamatan_id)
    if kecamatan is None:
        raise NotFound(area.kecamatan_id)
    kelurahan = _area_kelurahan(area)
    data_round = rounds.open_round_now(db.session)
    common: dict[str, Any] = {
        "area": area,
        "kecamatan": kecamatan,
        "area_kelurahan": kelurahan,
        "kelurahan_names": {k.id: k.name for k in kelurahan},
    }
    if data_round is None:
        return render_template("officer/home.html", round=None, **common)
    filters, page_number = _filters(area, kelurahan)
    places = officers.area_completion(db.session, data_round, area)
    page = officers.umkm_worklist(db.session, data_round, area, filters, page_number, PER_PAGE)
    return render_template(
        "officer/home.html",
        round=data_round,
        can_save=_round_open_for_saving(data_round),
        places=sorted(places, key=lambda p: (p.kelurahan is None, p.kelurahan or "")),
        totals=_total(places, kecamatan.name),
        filters=filters,
        filtered=bool(_list_args(filters, 1)),
        page=page,
        list_args=_list_args(filters, page.page),
        new_args=_list_args(filters, 1),
        cooperatives=_matching(
            officers.cooperative_worklist(db.session, data_round, area), filters
        ),
        sectors=SECTORS,
        classes={c.value: label for c, label in CLASSES.items()},
        activity={a.value: label for a, label in ACTIVITY.items()},
        legal_forms=LEGAL_FORMS,
        health=HEALTH,
        **common,
    )


def _kelurahan_choices(form: OfficerUmkmForm, area: Area, kelurahan: list[Kelurahan]) -> None:
    """The area's kelurahan to choose from; a kelurahan officer's is fixed: no field at all."""
    if area.kelurahan_id is not None:
        del form.kelurahan_id
        return
    form.kelurahan_id.choices = [SelectChoice("", _("— not known —"))] + [
        SelectChoice(str(k.id), k.name) for k in kelurahan
    ]


def _umkm_input(form: OfficerUmkmForm, area: Area, umkm: RegisteredUmkm | None) -> umkms.UmkmInput:
    chosen = form.kelurahan_id.data if area.kelurahan_id is None else area.kelurahan_id
    return umkms.UmkmInput(
        owner_name=form.owner_name.data or "",
        business_name=form.business_name.data or "",
        sector=Sector(form.sector.data),
        kecamatan_id=area.kecamatan_id,
        kelurahan_id=chosen,
        nib=form.nib.data,
        address=form.address.data or "",
        employees=form.employees.data,
        turnover=form.turnover.data,
        capital=form.capital.data,
        # The office's links stay as they are (the member link is kept by the service).
        cooperative_record_id=umkm.cooperative_record_id if umkm is not None else None,
    )


def _snapshot_of(data_round: DataRound | None, umkm: RegisteredUmkm | None) -> UmkmSnapshot | None:
    if data_round is None or umkm is None:
        return None
    stmt = select(UmkmSnapshot).where(
        UmkmSnapshot.round_id == data_round.id, UmkmSnapshot.umkm_id == umkm.id
    )
    return db.session.scalars(stmt).first()


def _umkm_page(
    form: OfficerUmkmForm, area: Area, umkm: RegisteredUmkm | None, kelurahan: list[Kelurahan]
) -> ResponseReturnValue:
    data_round = rounds.open_round_now(db.session)
    filters, page = _filters(area, kelurahan)
    list_args = _list_args(filters, page)
    page_html = render_template(
        "officer/umkm.html",
        form=form,
        umkm=umkm,
        area=area,
        kecamatan=db.session.get(Kecamatan, area.kecamatan_id),
        fixed_kelurahan=kelurahan[0] if area.kelurahan_id is not None and kelurahan else None,
        round=data_round,
        can_save=_round_open_for_saving(data_round),
        snapshot=_snapshot_of(data_round, umkm),
        list_args=list_args,
        back_url=url_for("officer.home", **list_args),
        action=ACTION,
        save_and_confirm=SAVE_AND_CONFIRM,
        save_only=SAVE_ONLY,
    )
    return page_html, form_status(form)


def _saved_message(name: str, *, new: bool, confirmed: bool) -> str:
    if new:
        if confirmed:
            return _("%(name)s is added to the round and confirmed.", name=name)
        return _("%(name)s is added to the round.", name=name)
    if confirmed:
        return _("%(name)s is saved and confirmed.", name=name)
    return _("%(name)s is saved.", name=name)


def _save(form: OfficerUmkmForm, area: Area, umkm: RegisteredUmkm | None) -> RegisteredUmkm:
    """Save through the round the page was shown in, confirming when that button was pressed."""
    return officers.save_umkm(
        db.session,
        _posted_round(),
        area,
        umkm,
        _umkm_input(form, area, umkm),
        current_user.id,
        local_today(),
        confirm=request.form.get(ACTION) == SAVE_AND_CONFIRM,
    )


@bp.route("/umkm/<int:umkm_id>", methods=["GET", "POST"])
def umkm(umkm_id: int) -> ResponseReturnValue:
    if request.method == "POST":
        start_writing(db.session)
    area = _area()
    record = officers.umkm_in(db.session, area, umkm_id)
    kelurahan = _area_kelurahan(area)
    form = OfficerUmkmForm(obj=record)
    _kelurahan_choices(form, area, kelurahan)
    if saved := save_valid(form, lambda: _save(form, area, record)):
        confirmed = request.form.get(ACTION) == SAVE_AND_CONFIRM
        flash(_saved_message(saved.value.business_name, new=False, confirmed=confirmed), "success")
        return redirect(_back_to_list(area))
    return _umkm_page(form, area, record, kelurahan)


@bp.route("/umkm/baru", methods=["GET", "POST"])
def umkm_new() -> ResponseReturnValue:
    if request.method == "POST":
        start_writing(db.session)
    area = _area()
    kelurahan = _area_kelurahan(area)
    form = OfficerUmkmForm()
    _kelurahan_choices(form, area, kelurahan)
    if request.method == "GET" and area.kelurahan_id is None:
        form.kelurahan_id.data = _filters(area, kelurahan)[0].kelurahan_id  # the list's, if one
    if saved := save_valid(form, lambda: _save(form, area, None)):
        confirmed = request.form.get(ACTION) == SAVE_AND_CONFIRM
        flash(_saved_message(saved.value.business_name, new=True, confirmed=confirmed), "success")
        return redirect(_back_to_list(area))
    return _umkm_page(form, area, None, kelurahan)


@bp.post("/umkm/<int:umkm_id>/konfirmasi")
def umkm_confirm(umkm_id: int) -> ResponseReturnValue:
    start_writing(db.session)
    area = _area()
    record = officers.umkm_in(db.session, area, umkm_id)  # another area's: 404, before all else
    try:
        officers.confirm_umkm(
            db.session, _posted_round(), area, record.id, current_user.id, local_today()
        )
    except InvalidInput as refused:
        flash(_refusal(refused), "error")
        filters, page = _filters(area, _area_kelurahan(area))
        return redirect(url_for("officer.umkm", umkm_id=record.id, **_list_args(filters, page)))
    flash(_("%(name)s is confirmed.", name=record.business_name), "success")
    return redirect(_back_to_list(area))


def _cooperative_page(
    form: OfficerCooperativeForm, area: Area, record: RegisteredCooperative
) -> ResponseReturnValue:
    data_round = rounds.open_round_now(db.session)
    filters, page = _filters(area, _area_kelurahan(area))
    list_args = _list_args(filters, page)
    snapshot = None
    if data_round is not None:
        snapshot = db.session.scalars(
            select(CooperativeSnapshot).where(
                CooperativeSnapshot.round_id == data_round.id,
                CooperativeSnapshot.record_id == record.id,
            )
        ).first()
    reference = data_round.book_year if data_round else local_today().year - 1
    page_html = render_template(
        "officer/cooperative.html",
        form=form,
        record=record,
        round=data_round,
        can_save=_round_open_for_saving(data_round),
        snapshot=snapshot,
        finding=registry_coops.activity_of(db.session, record, reference),
        book_year=reference,
        legal_forms=LEGAL_FORMS,
        activity=ACTIVITY,
        list_args=list_args,
        back_url=url_for("officer.home", _anchor="koperasi", **list_args),
        action=ACTION,
        save_and_confirm=SAVE_AND_CONFIRM,
        save_only=SAVE_ONLY,
    )
    return page_html, form_status(form)


def _filled(form: OfficerCooperativeForm, record: RegisteredCooperative, book_year: int) -> None:
    """The form as the record stands: its members, and its book year if recorded."""
    form.members_count.data = record.members_count
    year = next((y for y in record.years if y.book_year == book_year), None)
    if year is not None:
        form.rat_held_on.data = year.rat_held_on
        form.members_present.data = year.members_present
        form.shu.data = year.shu
        form.business_volume.data = year.business_volume


@bp.route("/koperasi/<int:record_id>", methods=["GET", "POST"])
def cooperative(record_id: int) -> ResponseReturnValue:
    if request.method == "POST":
        start_writing(db.session)
    area = _area()
    record = officers.cooperative_in(db.session, area, record_id)  # another area's: 404
    form = OfficerCooperativeForm()
    if request.method == "GET":
        data_round = rounds.open_round_now(db.session)
        _filled(form, record, data_round.book_year if data_round else local_today().year - 1)
    update = officers.CooperativeUpdate(
        members_count=form.members_count.data,
        rat_held_on=form.rat_held_on.data,
        members_present=form.members_present.data,
        shu=form.shu.data,
        business_volume=form.business_volume.data,
    )
    confirm = request.form.get(ACTION) == SAVE_AND_CONFIRM

    def save() -> RegisteredCooperative:
        return officers.save_cooperative(
            db.session,
            _posted_round(),
            area,
            record.id,
            update,
            current_user.id,
            local_today(),
            confirm=confirm,
        )

    if save_valid(form, save):
        flash(_saved_message(record.name, new=False, confirmed=confirm), "success")
        return redirect(_back_to_list(area, "koperasi"))
    return _cooperative_page(form, area, record)


@bp.post("/koperasi/<int:record_id>/konfirmasi")
def cooperative_confirm(record_id: int) -> ResponseReturnValue:
    start_writing(db.session)
    area = _area()
    record = officers.cooperative_in(db.session, area, record_id)
    try:
        officers.confirm_cooperative(
            db.session, _posted_round(), area, record.id, current_user.id, local_today()
        )
    except InvalidInput as refused:
        flash(_refusal(refused), "error")
    else:
        flash(_("%(name)s is confirmed.", name=record.name), "success")
    return redirect(_back_to_list(area, "koperasi"))
