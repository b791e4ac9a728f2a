"""Manager views: the cooperative's members (UMKM)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from catalog import backoffice, db
from catalog.members import MemberInput, create_member, set_member_active, update_member
from catalog.models import Cooperative
from catalog.phones import display_phone
from storefront.forms import flash_new_state, form_status, save_valid
from storefront.manage import bp, cooperative_id
from storefront.manage.forms import MemberForm


def _member_input(form: MemberForm) -> MemberInput:
    return MemberInput(
        owner_name=form.owner_name.data or "",
        business_name=form.business_name.data or "",
        phone=form.phone.data or "",
        nib=form.nib.data,
        commission_rate_percent=form.commission_rate_percent.data,
        story=form.story.data or "",
    )


def _own() -> Cooperative:
    """The manager's own cooperative (it exists: the console's guard checked)."""
    return db.session.get_one(Cooperative, cooperative_id())


@bp.get("/anggota")
def members() -> ResponseReturnValue:
    return render_template(
        "manage/members.html",
        members=backoffice.members_of(db.session, cooperative_id()),
        display_phone=display_phone,
    )


@bp.route("/anggota/baru", methods=["GET", "POST"])
def member_new() -> ResponseReturnValue:
    form = MemberForm()
    if saved := save_valid(form, lambda: create_member(db.session, _own(), _member_input(form))):
        flash(_("Member %(name)s added.", name=saved.value.business_name), "success")
        return redirect(url_for("manage.members"))
    return render_template("manage/member_form.html", form=form, member=None), form_status(form)


@bp.route("/anggota/<int:member_id>", methods=["GET", "POST"])
def member_edit(member_id: int) -> ResponseReturnValue:
    member = backoffice.member_of(db.session, cooperative_id(), member_id)
    form = MemberForm(obj=member)
    if save_valid(form, lambda: update_member(db.session, member, _member_input(form))):
        flash(_("Member %(name)s saved.", name=member.business_name), "success")
        return redirect(url_for("manage.members"))
    return render_template("manage/member_form.html", form=form, member=member), form_status(form)


@bp.post("/anggota/<int:member_id>/status")
def member_status(member_id: int) -> ResponseReturnValue:
    """Deactivate or reactivate, as the pressed button says (``active`` is 0 or 1).

    The button names the wanted state rather than toggling, so a page left open (or a button
    pressed twice) never undoes what another manager, or the first press, just did.
    """
    member = backoffice.member_of(db.session, cooperative_id(), member_id)
    wanted = request.form.get("active", "")
    if wanted not in ("0", "1"):
        abort(400)
    if member.is_active == (wanted == "1"):
        flash(
            _("Nothing changed: %(name)s already has that status.", name=member.business_name),
            "error",
        )
        return redirect(url_for("manage.members")), 303
    set_member_active(db.session, member, wanted == "1")
    activated, deactivated = _l("%(name)s is active again."), _l("%(name)s is deactivated.")
    flash_new_state(member.is_active, member.business_name, activated, deactivated)
    return redirect(url_for("manage.members"))
