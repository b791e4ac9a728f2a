"""Web extensions, created unbound here and bound to the app in ``create_app``."""

from __future__ import annotations

from flask_babel import Babel
from flask_caching import Cache
from flask_login import LoginManager
from flask_smorest import Api
from flask_wtf import CSRFProtect

from storefront.throttle import AppLimiter, client_ip

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = AppLimiter(key_func=client_ip, default_limits=[])  # see storefront/throttle.py
api = Api()
cache = Cache()  # see storefront/cache.py
