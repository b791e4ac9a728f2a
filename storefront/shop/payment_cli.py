"""The expiry sweeper: ``flask --app storefront expire-orders`` (run it every few minutes)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from catalog import db
from catalog.db import utcnow
from orders.payments import SWEEP_GRACE, StripeGateway, expire_stale_orders
from storefront.database import start_writing


@click.command("expire-orders")
@click.option(
    "--grace-minutes",
    default=int(SWEEP_GRACE.total_seconds() // 60),
    type=click.IntRange(0, 24 * 60),
    help="Wait this long past an order's expiry, for a last-second payment to arrive.",
)
@with_appcontext
def expire_orders_command(grace_minutes: int) -> None:
    """Cancel card orders left unpaid past their expiry and put their stock back on sale."""
    config = current_app.config
    gateway = None
    if config.get("STRIPE_SECRET_KEY"):
        gateway = StripeGateway(config["STRIPE_SECRET_KEY"], api_base=config.get("STRIPE_API_BASE"))
    try:
        start_writing(db.session)
        count = expire_stale_orders(
            db.session, utcnow(), gateway=gateway, grace=timedelta(minutes=grace_minutes)
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    click.echo(f"{count} unpaid order(s) expired; their stock is back on sale.")
