"""Gerai's web application: the app factory and the steps it is built from."""

from __future__ import annotations

from flask import Flask

from config import Config, config_from_env
from storefront.resources import resource_dir


def create_app(config: Config | None = None) -> Flask:
    """Build the Gerai app; settings come from the environment unless a Config is given."""
    config = config or config_from_env()
    config.validate()
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
        instance_path=config.INSTANCE_PATH,
    )
    app.config.from_object(config)
    register_url_converters(app)
    register_database(app)
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_commands(app)
    return app


def register_url_converters(app: Flask) -> None:
    from storefront.converters import SlugConverter

    app.url_map.converters["slug"] = SlugConverter


def register_database(app: Flask) -> None:
    from storefront.database import init_database

    init_database(app)


def register_extensions(app: Flask) -> None:
    from storefront.accounts.loading import init_login
    from storefront.cache import init_app as init_cache
    from storefront.extensions import api, babel, csrf, limiter
    from storefront.i18n import select_locale
    from storefront.mail import init_mail
    from storefront.throttle import init_throttle

    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    init_throttle(app)
    init_login(app)
    api.init_app(app)
    init_mail(app)
    init_cache(app)


def register_blueprints(app: Flask) -> None:
    from storefront.accounts.reset import bp as password_reset_bp
    from storefront.accounts.views import bp as accounts_bp
    from storefront.admin import bp as admin_bp
    from storefront.api.views import register_api
    from storefront.courier import bp as courier_bp
    from storefront.manage import bp as manage_bp
    from storefront.member import bp as member_bp
    from storefront.officer import bp as officer_bp
    from storefront.shop.cart import bp as cart_bp
    from storefront.shop.cart import init_cart
    from storefront.shop.checkout import bp as checkout_bp
    from storefront.shop.orders import bp as orders_bp
    from storefront.shop.payments import bp as payments_bp
    from storefront.shop.suggest import bp as suggest_bp
    from storefront.shop.views import bp as shop_bp

    app.register_blueprint(shop_bp)
    app.register_blueprint(suggest_bp)
    app.register_blueprint(cart_bp)
    init_cart(app)
    app.register_blueprint(checkout_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(payments_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(password_reset_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(member_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(courier_bp)
    app.register_blueprint(officer_bp)
    register_api(app)


def register_template_helpers(app: Flask) -> None:
    from storefront.templating import init_templating

    init_templating(app)


def register_errorhandlers(app: Flask) -> None:
    from storefront.errors import init_errors

    init_errors(app)


def register_security_headers(app: Flask) -> None:
    from storefront.hostile import init_hostile_input
    from storefront.security import init_security_headers

    init_security_headers(app)
    init_hostile_input(app)


def register_commands(app: Flask) -> None:
    from storefront.cli import init_commands

    init_commands(app)
