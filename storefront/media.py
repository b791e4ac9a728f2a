"""The media storage the app is configured with."""

from __future__ import annotations

from flask import current_app

from catalog.storage import LocalStorage, MediaStorage


def media_storage() -> MediaStorage:
    """Local folder storage under MEDIA_ROOT (the interface allows an S3-compatible one)."""
    return LocalStorage(current_app.config["MEDIA_ROOT"])
