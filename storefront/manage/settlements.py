"""Manager views: settlements (bagi hasil) — what the cooperative owes each member for a period.

The list of members with their standing for a period (and its CSV for the cooperative's
books), one member's open statement with the "mark paid" form, a paid (frozen) settlement with
its printout and CSV, and the member's read-only statement link to send over WhatsApp. The rules
are in ``orders.settlement``; these views only read the period, call it and show the answer.

The statement link is a key to the member's page: it is shown on the statement pages (a
read-only box and the wa.me link) and nowhere else — never in a Gerai URL, a redirect or a log —
and those pages are not stored by caches.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any
from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, HiddenField, RadioField
from wtforms.validators import InputRequired

from catalog import db
from catalog.db import as_utc
from catalog.models import Member
from catalog.money import rupiah
from orders import settlement as s
from orders.models import PayoutMethod, Settlement
from orders.reports import Period, last_month, parse_period, this_month
from storefront.forms import Form, add_field_error, enum_choices, text_field
from storefront.i18n import local_today, local_zone
from storefront.manage import actor_id, bp, cooperative_id
from storefront.manage.slips import paper, paper_links
from storefront.member import statement_url

METHOD_NAMES: Mapping[Enum, Any] = {
    PayoutMethod.CASH: _l("Cash"),
    PayoutMethod.TRANSFER: _l("Bank transfer"),
}
STANDING_NAMES = {
    s.Standing.PAYABLE: _l("ready to pay"),
    s.Standing.BELOW_MINIMUM: _l("below the minimum, carried over to the next period"),
    s.Standing.NOTHING: _l("no sales"),
    s.Standing.PAID: _l("paid out"),
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class PayoutForm(Form):
    """The "mark paid" form; the period and the net the manager saw travel with it."""

    dari = HiddenField()
    sampai = HiddenField()
    expected_net = HiddenField()
    submission = HiddenField()
    paid_on = DateField(
        _l("Paid on"),
        validators=[InputRequired(_l("Write the date the member was paid."))],
        format="%Y-%m-%d",
        default=lambda: local_today(),
    )
    method = RadioField(
        _l("Paid by"),
        choices=enum_choices(METHOD_NAMES),
        default=PayoutMethod.CASH.value,
        validators=[InputRequired(_l("Choose how the member was paid."))],
    )
    reference = text_field(
        _l("Reference"),
        s.MAX_REFERENCE,
        description=_l(
            "For a bank transfer, its reference number; for cash, the receipt (optional)."
        ),
    )


# --- the period --------------------------------------------------------------------------


def _period(dari: str | None, sampai: str | None) -> Period:
    """The period asked for; the previous full month when none is."""
    today = local_today()
    if not (dari or sampai):
        return last_month(today)
    return parse_period(dari, sampai, today)


def local_day(moment: datetime) -> date:
    """The gallery's day of a stored instant (SQLite hands back naive UTC)."""
    return as_utc(moment).astimezone(local_zone()).date()


def _period_args(period: Period) -> dict[str, str]:
    return {"dari": period.first.isoformat(), "sampai": period.last.isoformat()}


def _refusal(error: s.SettlementRefused) -> str:
    """The rule's reason in the page's language (dates as the page writes them)."""
    params = {
        k: format_date(date.fromisoformat(str(v)), "d MMMM yyyy") if k in ("day", "today") else v
        for k, v in error.params.items()
    }
    return _(error.message, **params)


# --- the statement link and WhatsApp -------------------------------------------------------


def whatsapp_link(member: Member, text: str) -> str:
    """wa.me with the message filled in (the phone is stored as E.164, wa.me wants it without
    the '+'); without a number the manager picks the contact."""
    return f"https://wa.me/{member.phone.lstrip('+')}?text={quote(text, safe='')}"


def _whatsapp_text(statement: s.Statement, link: str) -> str:
    period = statement.period
    params = {
        "name": statement.member.owner_name,
        "business": statement.member.business_name,
        "first": format_date(period.first, "d MMM yyyy"),
        "last": format_date(period.last, "d MMM yyyy"),
        "link": link,
    }
    if statement.settlement is not None:
        paid = statement.settlement
        return _(
            "Hello %(name)s, the settlement (bagi hasil) of %(business)s for %(first)s – "
            "%(last)s: %(net)s, paid on %(day)s. The details: %(link)s",
            net=rupiah(paid.net),
            day=format_date(paid.paid_on, "d MMM yyyy"),
            **params,
        )
    return _(
        "Hello %(name)s, the settlement (bagi hasil) of %(business)s for %(first)s – "
        "%(last)s so far: %(net)s. The details: %(link)s",
        net=rupiah(statement.totals.net),
        **params,
    )


def _sharing(statement: s.Statement) -> dict[str, str]:
    link = statement_url(statement.member.id, statement.member.cooperative_id)
    return {
        "statement_link": link,
        "whatsapp": whatsapp_link(statement.member, _whatsapp_text(statement, link)),
    }


def _private(response: Response) -> Response:
    """A page that shows the statement link: not kept by any cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


# --- lookups that answer 404 --------------------------------------------------------------


def _member_or_404(member_id: int) -> Member:
    try:
        return s.member_of(db.session, cooperative_id(), member_id)
    except s.SettlementNotFound:
        abort(404)


def _settlement_or_404(settlement_id: int) -> Settlement:
    try:
        return s.settlement_of(db.session, cooperative_id(), settlement_id)
    except s.SettlementNotFound:
        abort(404)


# --- the list ------------------------------------------------------------------------------


def _list_rows(period: Period) -> list[s.MemberStanding]:
    return s.standings(db.session, cooperative_id(), period, local_zone())


@bp.get("/bagi-hasil")
def settlements() -> ResponseReturnValue:
    period = _period(request.args.get("dari"), request.args.get("sampai"))
    today = local_today()
    rows = _list_rows(period)
    return render_template(
        "manage/settlements.html",
        period=period,
        period_args=_period_args(period),
        quick=[
            (_("This month so far"), this_month(today)),
            (_("Last month"), last_month(today)),
        ],
        rows=rows,
        totals=sum((row.totals for row in rows), s.Totals()),
        standing_names=STANDING_NAMES,
        future=period.last > today,
    )


# --- CSV -----------------------------------------------------------------------------------


def safe_cell(value: object) -> object:
    """A text cell a spreadsheet will not run as a formula (OWASP's CSV injection advice);
    numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[object]], filename: str
) -> Response:
    """A CSV download: UTF-8 with a BOM, so Excel reads the accents and the rupiah right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _period_text(first: date, last: date) -> str:
    return f"{first.isoformat()} – {last.isoformat()}"


def _list_csv_row(row: s.MemberStanding, period: Period) -> list[object]:
    paid, totals = row.settlement, row.totals
    return [
        row.owner_name,
        row.business_name,
        _period_text(paid.period_start, paid.period_end)
        if paid
        else _period_text(period.first, period.last),
        str(STANDING_NAMES[row.standing]),
        totals.gross,
        totals.commission,
        totals.refunds,
        totals.adjustments,
        totals.net,
        totals.line_count,
        paid.paid_on.isoformat() if paid else "",
        str(METHOD_NAMES[paid.method]) if paid else "",
        paid.reference if paid else "",
    ]


@bp.get("/bagi-hasil.csv")
def settlements_csv() -> ResponseReturnValue:
    period = _period(request.args.get("dari"), request.args.get("sampai"))
    header = [
        _("Member"),
        _("Business"),
        _("Period"),
        _("Standing"),
        _("Gross sales"),
        _("Commission"),
        _("Refunds"),
        _("Adjustments"),
        _("Net payable"),
        _("Lines"),
        _("Paid on"),
        _("Method"),
        _("Reference"),
    ]
    rows = (_list_csv_row(row, period) for row in _list_rows(period))
    name = f"bagi-hasil-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return csv_response(header, rows, name)


# --- one member's open statement -------------------------------------------------------------


def _check(statement: s.Statement) -> str | None:
    """Why this period cannot be settled (future end, overlap with a paid one), or None."""
    try:
        s.check_period(statement.period, local_today(), statement.paid_up_to)
    except s.SettlementRefused as error:
        return _refusal(error)
    return None


def _payout(member: Member, form: PayoutForm) -> s.Payout:
    return s.Payout(
        member_id=member.id,
        period=_period(form.dari.data, form.sampai.data),
        paid_on=form.paid_on.data or local_today(),
        method=PayoutMethod(form.method.data),
        reference=form.reference.data or "",
        expected_net=_whole(form.expected_net.data),
        submission=form.submission.data or "",
        paid_by_id=actor_id(),
        paid_by=current_user.name,
    )


def _whole(text: str | None) -> int:
    try:
        return int((text or "").strip()[:15])
    except ValueError:
        return -1  # not a net any statement has: the rule says the statement changed


def _show_refusal(form: PayoutForm, error: s.SettlementRefused) -> None:
    message = _refusal(error)
    if error.field in ("paid_on", "reference"):
        add_field_error(form[error.field], message)
    else:
        form.form_errors.append(message)


def _try_paying(member: Member, form: PayoutForm) -> Settlement | None:
    """Mark the statement paid when the form is valid; None (errors on the form) otherwise."""
    if not form.validate():
        return None
    try:
        return s.mark_paid(
            db.session, cooperative_id(), _payout(member, form), local_zone(), local_today()
        )
    except s.SettlementRefused as error:
        _show_refusal(form, error)
        return None


@bp.route("/bagi-hasil/anggota/<int:member_id>", methods=["GET", "POST"])
def member_statement(member_id: int) -> ResponseReturnValue:
    member = _member_or_404(member_id)
    form = PayoutForm()
    status = 200
    if request.method == "POST":
        earlier = s.by_submission(db.session, cooperative_id(), form.submission.data or "")
        if earlier is not None:  # the same form sent again: show what was recorded
            return redirect(url_for("manage.paid_settlement", settlement_id=earlier.id), 303)
        paid = _try_paying(member, form)
        if paid is not None:
            flash(
                _(
                    "%(name)s marked paid: %(net)s.",
                    name=member.business_name,
                    net=rupiah(paid.net),
                ),
                "success",
            )
            return redirect(url_for("manage.paid_settlement", settlement_id=paid.id), 303)
        status = 422
        period = _period(form.dari.data, form.sampai.data)
    else:
        period = _period(request.args.get("dari"), request.args.get("sampai"))
    statement = s.open_statement(db.session, cooperative_id(), member.id, period, local_zone())
    form.dari.data, form.sampai.data = period.first.isoformat(), period.last.isoformat()
    form.expected_net.data = str(statement.totals.net)
    form.submission.data = secrets.token_urlsafe(24)  # a new key for the next send
    page = render_template(
        "manage/settlement.html",
        statement=statement,
        member=member,
        form=form,
        refused=_check(statement),
        period_args=_period_args(period),
        history=s.settlements_of_member(db.session, member.id),
        **_names(),
        **_sharing(statement),
    )
    return _private(Response(page, status))


def _names() -> dict[str, object]:
    return {"standing_names": STANDING_NAMES, "method_names": METHOD_NAMES}


@bp.get("/bagi-hasil/anggota/<int:member_id>/cetak")
def member_statement_print(member_id: int) -> ResponseReturnValue:
    member = _member_or_404(member_id)
    period = _period(request.args.get("dari"), request.args.get("sampai"))
    statement = s.open_statement(db.session, cooperative_id(), member.id, period, local_zone())
    back = url_for(
        "manage.member_statement",
        member_id=member.id,
        dari=period.first.isoformat(),
        sampai=period.last.isoformat(),
    )
    return _print(statement, back)


# --- a paid settlement -------------------------------------------------------------------------


@bp.get("/bagi-hasil/<int:settlement_id>")
def paid_settlement(settlement_id: int) -> ResponseReturnValue:
    paid = _settlement_or_404(settlement_id)
    statement = s.paid_statement(db.session, paid, local_zone())
    page = render_template(
        "manage/settlement.html",
        statement=statement,
        member=statement.member,
        form=None,
        refused=None,
        period_args=_period_args(statement.period),
        history=s.settlements_of_member(db.session, paid.member_id),
        **_names(),
        **_sharing(statement),
    )
    return _private(Response(page))


@bp.get("/bagi-hasil/<int:settlement_id>/cetak")
def paid_settlement_print(settlement_id: int) -> ResponseReturnValue:
    paid = _settlement_or_404(settlement_id)
    statement = s.paid_statement(db.session, paid, local_zone())
    return _print(statement, url_for("manage.paid_settlement", settlement_id=paid.id))


def _print(statement: s.Statement, back: str) -> ResponseReturnValue:
    return render_template(
        "manage/settlement_print.html",
        statement=statement,
        paper=paper(),
        paper_links=paper_links(),
        print_back=back,
        today=local_today(),
        **_names(),
    )


def _statement_csv_rows(statement: s.Statement) -> list[list[object]]:
    rows: list[list[object]] = []
    for sale in statement.sales:
        rows.append(
            [
                _("Carried over sale") if sale.carried_over else _("Sale"),
                local_day(sale.completed_at).isoformat(),
                sale.order_code,
                sale.product_name,
                sale.quantity,
                sale.unit_price,
                sale.line_total,
                sale.rate_percent,
                sale.commission,
                sale.member_share,
            ]
        )
    for refund in statement.refunds:
        rows.append(
            [
                _("Adjustment") if refund.adjustment else _("Refund"),
                local_day(refund.created_at).isoformat(),
                refund.order_code,
                refund.product_name,
                -refund.quantity,
                "",
                -refund.amount,
                "",
                -refund.commission,
                -refund.member_share,
            ]
        )
    return rows


@bp.get("/bagi-hasil/<int:settlement_id>.csv")
def paid_settlement_csv(settlement_id: int) -> ResponseReturnValue:
    paid = _settlement_or_404(settlement_id)
    statement = s.paid_statement(db.session, paid, local_zone())
    header = [
        _("Kind"),
        _("Date"),
        _("Order"),
        _("Product"),
        _("Quantity"),
        _("Unit price"),
        _("Value"),
        _("Commission %"),
        _("Commission"),
        _("Member's share"),
    ]
    name = f"bagi-hasil-{paid.id}-{paid.period_start.isoformat()}-{paid.period_end.isoformat()}.csv"
    return csv_response(header, _statement_csv_rows(statement), name)
