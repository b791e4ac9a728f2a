"""URL converters: slugs are matched by shape, so odd bytes never reach a query."""

from __future__ import annotations

from werkzeug.routing import BaseConverter


class SlugConverter(BaseConverter):
    regex = r"[a-z0-9](?:[a-z0-9-]{0,158}[a-z0-9])?"
