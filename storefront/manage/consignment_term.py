"""Manager views: the cooperative's consignment terms (Ketentuan titip), the goods past their
term grouped by member and gallery, each with a prefilled return note, and a printable list of
what the member is to collect (A4 / 80 mm / 58 mm)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired

from catalog import backoffice, consignment, db
from catalog.consignment import PastTermItem
from catalog.db import MAX_ID
from storefront.forms import Form, RupiahField, form_status, save_valid
from storefront.i18n import local_today
from storefront.manage import bp, cooperative_id
from storefront.manage.slips import paper, paper_links
from storefront.params import int_arg


class TermsForm(Form):
    consignment_days = IntegerField(
        _l("Consignment term (days)"),
        validators=[
            InputRequired(_l("Write the consignment term in days.")),
        ],
        description=_l("How long goods stay at the gallery after their intake note."),
    )
    consignment_grace_days = IntegerField(
        _l("Grace period to collect (days)"),
        validators=[
            InputRequired(_l("Write the grace period in days (0 for none).")),
        ],
        description=_l("After the term, the member has these days to collect the goods."),
    )
    min_payout = RupiahField(
        _l("Minimum payout (Rp)"),
        validators=[
            InputRequired(_l("Write the minimum payout, e.g. 50.000 (0 for none).")),
        ],
        description=_l("A member's share below this waits for the next settlement."),
    )


def _terms(form: TermsForm) -> consignment.ConsignmentTerms:
    return consignment.ConsignmentTerms(
        days=form.consignment_days.data or 0,
        grace_days=form.consignment_grace_days.data or 0,
        min_payout=form.min_payout.data or 0,
    )


@bp.route("/titip/ketentuan", methods=["GET", "POST"])
def consignment_terms() -> ResponseReturnValue:
    coop = cooperative_id()
    terms = consignment.terms_of(db.session, coop)
    form = TermsForm(
        consignment_days=terms.days,
        consignment_grace_days=terms.grace_days,
        min_payout=terms.min_payout,
    )
    if save_valid(form, lambda: consignment.set_terms(db.session, coop, _terms(form))):
        flash(_("Consignment terms saved."), "success")
        return redirect(url_for("manage.consignment_terms"), 303)
    page = render_template("manage/consignment_terms.html", form=form)
    return page, form_status(form)


@dataclass
class Collection:
    """One member's goods past term at one gallery: one return note, one printed list."""

    member_id: int
    member_name: str
    gallery_id: int
    gallery_name: str
    items: list[PastTermItem] = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(i.units for i in self.items)

    @property
    def overdue(self) -> bool:
        return any(i.overdue for i in self.items)

    @property
    def key(self) -> dict[str, int]:
        return {"anggota": self.member_id, "galeri": self.gallery_id}

    def return_link(self) -> str:
        """The return note form with these goods and quantities filled in."""
        args: dict[str, Any] = {f"qty-{i.product_id}": i.units for i in self.items}
        args |= self.key | {"jenis": "retur", "catatan": _("Past the consignment term")}
        return url_for("manage.consignment_note_new", **args)


def _collections(items: list[PastTermItem]) -> list[Collection]:
    """The items by member and gallery, the group with the oldest goods first."""
    groups: dict[tuple[int, int], Collection] = {}
    for item in items:
        key = (item.member_id, item.gallery_id)
        group = groups.setdefault(
            key, Collection(item.member_id, item.member_name, item.gallery_id, item.gallery_name)
        )
        group.items.append(item)
    return list(groups.values())


@bp.get("/titip/lewat-masa")
def consignment_past_term() -> ResponseReturnValue:
    coop = cooperative_id()
    gallery_id = int_arg(request.args, "galeri", 0, 0, MAX_ID) or None
    member_id = int_arg(request.args, "anggota", 0, 0, MAX_ID) or None
    today = local_today()
    items = consignment.past_term(
        db.session, coop, today, gallery_id=gallery_id, member_id=member_id
    )
    return render_template(
        "manage/consignment_past_term.html",
        collections=_collections(items),
        counts=consignment.past_term_counts(items),
        terms=consignment.terms_of(db.session, coop),
        today=today,
        gallery_id=gallery_id,
        member_id=member_id,
        galleries=backoffice.galleries_of(db.session, coop),
        members=backoffice.members_of(db.session, coop),
    )


@bp.get("/titip/lewat-masa/cetak")
def consignment_collect_list() -> ResponseReturnValue:
    """Barang yang perlu diambil: what one member is to collect from one gallery."""
    coop = cooperative_id()
    member = backoffice.member_of(db.session, coop, int_arg(request.args, "anggota", 0, 0, MAX_ID))
    gallery = backoffice.gallery_of(db.session, coop, int_arg(request.args, "galeri", 0, 0, MAX_ID))
    today = local_today()
    items = consignment.past_term(
        db.session, coop, today, gallery_id=gallery.id, member_id=member.id
    )
    return render_template(
        "manage/consignment_collect.html",
        member=member,
        gallery=gallery,
        items=items,
        collect_by=min((i.collect_by for i in items), default=None),
        today=today,
        paper=paper(),
        paper_links=paper_links(),
        print_back=url_for("manage.consignment_past_term"),
    )
