"""Manager view: the console's front page — sales per day over a chosen period (an SVG chart
drawn here), orders by desk tab, top products and members, low stock, goods past the consignment
term, courier messages and the couriers' cash."""

from __future__ import annotations

from datetime import datetime

from flask import render_template, request
from flask.typing import ResponseReturnValue

from catalog import backoffice, consignment, db
from orders import cash, desk, reports
from storefront.charts import sales_chart
from storefront.i18n import local_zone
from storefront.manage import bp, cooperative_id


@bp.get("/")
def dashboard() -> ResponseReturnValue:
    coop = cooperative_id()
    zone = local_zone()
    today = datetime.now(zone).date()
    period = reports.parse_period(request.args.get("dari"), request.args.get("sampai"), today)
    since, until = period.bounds(zone)
    days = reports.sales_per_day(db.session, coop, period, zone)
    top = reports.top_sellers(db.session, coop, period, zone)
    balances = cash.balances(db.session, coop)
    return render_template(
        "manage/dashboard.html",
        period=period,
        max_days=reports.MAX_DAYS,
        chart=sales_chart([(d.day, d.amount, d.orders) for d in days]),
        days=days,
        tabs=desk.TABS,
        tab_counts=desk.tab_counts(db.session, coop, desk.DeskFilters(since=since, until=until)),
        top_products=top.products,
        top_members=top.members,
        low_stock=reports.low_stock(db.session, coop, backoffice.LOW_STOCK),
        low_stock_threshold=backoffice.LOW_STOCK,
        messages=reports.courier_messages(db.session, coop),
        balances=balances,
        cash_total=sum(b.balance for b in balances),
        galleries=backoffice.galleries_of(db.session, coop),
        counts=backoffice.product_counts_by_status(db.session, coop),
        member_count=len(backoffice.members_of(db.session, coop, include_inactive=False)),
        past_term=consignment.past_term_counts(consignment.past_term(db.session, coop, today)),
    )
