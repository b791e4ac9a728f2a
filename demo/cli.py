"""The demo's commands: ``seed-demo``, ``courier-demo-setup``, ``courier-demo-restore`` and
``courier-simulator``.

Production code never imports this package: Flask finds these commands through the
``flask.commands`` entry points in pyproject.toml, so ``flask --app storefront seed-demo`` works
as before while ``create_app`` knows nothing of the demo. Tests invoke the command objects
directly (``app.test_cli_runner().invoke(seed_demo_command, ...)``), since a test runner runs
only ``app.cli``.

Every ``flask`` command loads this module before the app, so the demo city, its photos (Pillow),
the accounts and the storefront are imported inside the commands that use them.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from catalog import db
from catalog.courier_settings import rotate_courier_secret, set_courier_endpoint
from catalog.exceptions import InvalidInput
from catalog.models import Gallery
from demo.courier_simulator import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    DELIVERIES_PATH,
    CourierSimulator,
    gallery_secrets_from_db,
    parse_delays,
    serve_until_stopped,
)


@click.command("seed-demo")
@with_appcontext
@click.option("--scale", default=0, type=click.IntRange(0, 1_000_000), help="Extra products.")
def seed_demo_command(scale: int) -> None:
    """Create the schema if needed and seed the demo city of Tangerang Selatan (idempotent)."""
    from storefront import migrate

    migrate.upgrade(current_app.extensions["gerai.engine"])
    try:
        run_seed(scale=scale)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def run_seed(scale: int = 0) -> None:
    """Seed the catalog and demo accounts, then print what was made and how to log in; flushes.

    The progress bar shows only on a terminal: piped or captured, the output is the summary.
    """
    from catalog.storage import LocalStorage
    from demo import data
    from demo.accounts import credentials_file, seed_accounts
    from demo.history import seed_order_history
    from demo.registry import seed_registry, seed_rounds
    from demo.seed import seed_catalog

    storage = LocalStorage(current_app.config["MEDIA_ROOT"])
    total = len(data.PRODUCTS) + scale
    hidden = not sys.stdout.isatty()
    with click.progressbar(length=total, label="Produk", show_pos=True, hidden=hidden) as bar:
        seeder = seed_catalog(
            db.session,
            storage,
            scale=scale,
            progress=bar.update,
            photo_size=current_app.config["DEMO_PHOTO_SIZE"],
        )
    lines, new_accounts = seed_accounts(seeder, current_app.config["PASSWORD_HASH_METHOD"])
    created = Counter(seeder.created)
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if not scale:  # a benchmark's big catalogue wants no history
        created.update(seed_order_history(db.session, zone))
    today = datetime.now(zone).date()
    created.update(seed_registry(db.session, today))
    created.update(seed_rounds(db.session, today))
    if new_accounts:
        created["User"] += new_accounts
    made = ", ".join(f"{n} {kind}" for kind, n in sorted(created.items()))
    click.echo(f"Seeded: {made or 'nothing new'}.")
    click.echo(f"DEMO-ONLY accounts, passwords generated on first seed ({credentials_file()}):")
    click.echo("\n".join(lines))


@click.command("courier-demo-restore")
@click.argument("gallery_slug", required=False)
@with_appcontext
def courier_demo_restore_command(gallery_slug: str | None) -> None:
    """Give GALLERY_SLUG (or every gallery) back the courier setting it had before the demo."""
    from demo.courier_demo import forget_courier_settings, restore_courier_settings

    try:
        restored = restore_courier_settings(gallery_slug)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    forget_courier_settings([gallery.slug for gallery in restored])
    if not restored:
        click.echo("Courier demo: no courier setting to restore.")
    for gallery in restored:
        target = gallery.courier_endpoint_url or "Gerai's courier page (/kurir/)"
        click.echo(
            f"Courier demo: {gallery.name} ({gallery.slug}) sends deliveries to {target} again."
        )


@click.command("courier-simulator")
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--delays",
    default="2,3,4",
    show_default=True,
    help="Seconds before courier_assigned, picked_up and delivered.",
)
@click.option(
    "--secret",
    "secret_list",
    multiple=True,
    envvar="COURIER_SIMULATOR_SECRET",
    help="A whsec_… secret to accept (repeatable). Without it, the galleries' secrets (--from-db).",
)
@click.option(
    "--from-db/--no-from-db",
    default=None,
    help="Accept the secrets of the galleries whose endpoint points at this simulator.",
)
@click.option(
    "--allow-remote-callbacks",
    is_flag=True,
    help="Also call back to addresses that are not on this machine.",
)
@with_appcontext
def courier_simulator_command(
    host: str,
    port: int,
    delays: str,
    secret_list: tuple[str, ...],
    from_db: bool | None,
    allow_remote_callbacks: bool,
) -> None:
    """Play an ojek dispatcher on HOST:PORT for the demo: POST /deliveries, then call back."""
    parsed_delays = parse_delays(delays)
    for secret in secret_list:
        try:
            Webhook(secret)
        except Exception:
            raise click.BadParameter("not a whsec_… secret", param_hint="--secret") from None
    if from_db is None:
        from_db = not secret_list
    db_source = (
        gallery_secrets_from_db(current_app._get_current_object(), port) if from_db else None
    )  # type: ignore[attr-defined]

    def source() -> list[str]:
        return [*secret_list, *(db_source() if db_source else [])]

    try:
        simulator = CourierSimulator(
            source,
            host=host,
            port=port,
            delays=parsed_delays,
            allow_remote_callbacks=allow_remote_callbacks,
        )
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error}") from None
    what = "the galleries' secrets" if from_db else ""
    if secret_list:
        what = f"{len(secret_list)} given secret(s)" + (f" and {what}" if what else "")
    click.echo(f"Courier simulator at {simulator.url}, checking signatures with {what}.")
    if db_source is not None and not db_source():
        click.echo(
            f"No gallery points at it yet: flask --app storefront courier-demo-setup SLUG "
            f"--url {simulator.url}"
        )
    click.echo(f"Delays {', '.join(f'{d:g}' for d in parsed_delays)} s. Ctrl+C stops it.")
    serve_until_stopped(simulator)


@click.command("courier-demo-setup")
@click.argument("gallery_slug")
@click.option(
    "--url",
    default=f"http://{DEFAULT_HOST}:{DEFAULT_PORT}{DELIVERIES_PATH}",
    show_default=True,
    help="The simulator's address.",
)
@with_appcontext
def courier_demo_setup_command(gallery_slug: str, url: str) -> None:
    """Point GALLERY_SLUG's courier endpoint at the simulator, with a fresh signing secret."""
    from demo.courier_demo import CourierSetting, remember_courier_setting

    gallery = db.session.scalar(select(Gallery).where(Gallery.slug == gallery_slug))
    if gallery is None:
        raise click.ClickException(f"no gallery {gallery_slug!r}")
    previous = CourierSetting.of(gallery)
    try:
        # the simulator listens on this machine: allowed here explicitly, whatever the config
        set_courier_endpoint(db.session, gallery, url, allow_private=True)
        secret = rotate_courier_secret(db.session, gallery)
        db.session.commit()
        remember_courier_setting(gallery.slug, previous)  # courier-demo-restore puts it back
    except InvalidInput as error:
        db.session.rollback()
        raise click.BadParameter(str(error), param_hint="--url") from None
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"{gallery.name} ({gallery.slug}) now sends its delivery requests to {url}")
    click.echo(f"New signing secret (demo only, shown once): {secret}")
    click.echo(
        "The simulator (flask --app storefront courier-simulator) and the worker "
        "(flask --app storefront dispatch-worker) pick it up; make courier-demo runs both."
    )
    click.echo(f"Undo: flask --app storefront courier-demo-restore {gallery.slug}")
