"""Manager views: consignment notes (Titip & retur) — intake, return and write-off forms, the
list of notes and a printable note (A4 / 80 mm / 58 mm) with both signature lines."""

from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, SelectField

from accounts.services import names_of
from catalog import backoffice, consignment, db
from catalog.db import MAX_ID
from catalog.exceptions import InvalidInput
from catalog.models import NoteKind, WriteOffReason
from storefront.forms import (
    Form,
    IsoDateField,
    SelectChoice,
    attach_error,
    enum_choices,
    text_field,
)
from storefront.i18n import local_today
from storefront.manage import actor_id, bp, cooperative_id
from storefront.manage.slips import paper, paper_links
from storefront.params import int_arg

KIND_SLUGS = {"titip": NoteKind.INTAKE, "retur": NoteKind.RETURN, "hapus": NoteKind.WRITE_OFF}


class NoteForm(Form):
    submission = HiddenField()
    note_date = IsoDateField(
        _l("Date of the note"),
        description=_l("The day the goods changed hands: today, or up to a year back."),
    )
    reason = SelectField(
        _l("Reason"),
        choices=[
            SelectChoice("", _l("Choose…")),
            *enum_choices(
                {
                    WriteOffReason.DAMAGED: _l("Damaged"),
                    WriteOffReason.EXPIRED: _l("Expired"),
                    WriteOffReason.LOST: _l("Lost"),
                    WriteOffReason.OTHER: _l("Other"),
                }
            ),
        ],
        default="",
    )
    note = text_field(_l("Note (optional)"), 255)


def _kind_arg() -> NoteKind | None:
    return KIND_SLUGS.get(request.args.get("jenis", ""))


def _quantities(form: MultiDict[str, str]) -> tuple[dict[int, int], bool]:
    """The ``qty-<product id>`` inputs as numbers; False when one is not a whole number."""
    quantities: dict[int, int] = {}
    for name, raw in form.items():
        if not name.startswith("qty-"):
            continue
        try:
            product_id, quantity = int(name[4:]), int(raw.strip() or "0")
        except ValueError:
            return quantities, False
        quantities[product_id] = quantity
    return quantities, True


@bp.get("/titip")
def consignment_notes() -> ResponseReturnValue:
    coop = cooperative_id()
    filters = consignment.NoteFilters(
        kind=_kind_arg(),
        gallery_id=int_arg(request.args, "galeri", 0, 0, MAX_ID) or None,
        member_id=int_arg(request.args, "anggota", 0, 0, MAX_ID) or None,
    )
    return render_template(
        "manage/consignment_notes.html",
        notes=consignment.notes_of(db.session, coop, filters),
        filters=filters,
        galleries=backoffice.galleries_of(db.session, coop),
        members=backoffice.members_of(db.session, coop, include_inactive=False),
        kind_slug={v: k for k, v in KIND_SLUGS.items()},
        terms=consignment.terms_of(db.session, coop),
        past_term=consignment.past_term_counts(
            consignment.past_term(db.session, coop, local_today())
        ),
    )


@bp.route("/titip/baru", methods=["GET", "POST"])
def consignment_note_new() -> ResponseReturnValue:
    coop = cooperative_id()
    kind = _kind_arg()
    gallery_id = int_arg(request.args, "galeri", 0, 0, MAX_ID)
    member_id = int_arg(request.args, "anggota", 0, 0, MAX_ID)
    if kind is None or not member_id:
        return redirect(url_for("manage.consignment_notes"))
    if not gallery_id:
        galleries = backoffice.galleries_of(db.session, coop)
        if len(galleries) != 1:
            return redirect(url_for("manage.consignment_notes"))
        gallery_id = galleries[0].id
    gallery = backoffice.gallery_of(db.session, coop, gallery_id)
    member = backoffice.member_of(db.session, coop, member_id)
    today = local_today()
    form = NoteForm(note_date=today, note=request.args.get("catatan", "")[:255])
    form.note_date.render_kw = {
        "max": today.isoformat(),
        "min": consignment.year_before(today).isoformat(),
    }
    # A return of the goods past term arrives with its quantities in the link (?qty-<id>=n).
    quantities, whole = _quantities(request.form if request.method == "POST" else request.args)
    line_errors: list[str] = []
    status = 200
    if request.method == "POST":
        earlier = consignment.by_submission(db.session, coop, form.submission.data or "")
        if earlier is not None:  # the same form sent again: show what was recorded
            return redirect(url_for("manage.consignment_note", note_id=earlier.id), 303)
        if not whole:
            line_errors.append(_("Write each quantity as a whole number, e.g. 12."))
        elif form.validate_on_submit():
            try:
                note = consignment.record_note(
                    db.session,
                    coop,
                    consignment.NoteInput(
                        kind=kind,
                        gallery_id=gallery.id,
                        member_id=member.id,
                        quantities=quantities,
                        submission=form.submission.data or "",
                        actor_id=actor_id(),
                        note=form.note.data or "",
                        reason=WriteOffReason(form.reason.data) if form.reason.data else None,
                        note_date=form.note_date.data or today,
                    ),
                    today=today,
                )
            except InvalidInput as error:
                if error.field == "lines":
                    line_errors.append(_(error.message, **error.params))
                else:
                    attach_error(form, error)
            else:
                flash(_("Note %(code)s saved.", code=note.code), "success")
                return redirect(url_for("manage.consignment_note", note_id=note.id), 303)
        status = 422
    form.submission.data = secrets.token_urlsafe(24)  # a new key for the next send
    return render_template(
        "manage/consignment_form.html",
        form=form,
        kind=kind,
        gallery=gallery,
        member=member,
        products=consignment.products_for(db.session, gallery.id, member.id, kind),
        quantities=quantities,
        line_errors=line_errors,
    ), status


@bp.get("/titip/<int:note_id>")
def consignment_note(note_id: int) -> ResponseReturnValue:
    note = consignment.note_of(db.session, cooperative_id(), note_id)
    return render_template(
        "manage/consignment_note.html",
        note=note,
        actor=names_of(db.session, {note.actor_id} if note.actor_id else set()).get(
            note.actor_id or 0, ""
        ),
        paper=paper(),
        paper_links=paper_links(),
        print_back=url_for("manage.consignment_notes"),
    )
