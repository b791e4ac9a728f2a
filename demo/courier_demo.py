"""The courier demo's memory: what ``courier-demo-setup`` overwrote, and putting it back.

``courier-demo-setup`` keeps the gallery's own courier setting (dispatcher address and signing
secret) in the instance folder, and ``courier-demo-restore`` (run by ``make courier-demo`` when
it stops) puts it back.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from catalog import db
from catalog.models import Gallery

COURIER_DEMO_FILE = "courier-demo-saved.json"


@dataclass(frozen=True)
class CourierSetting:
    """What ``courier-demo-setup`` overwrites: the dispatcher's address and signing secret."""

    endpoint_url: str | None
    secret: str | None
    secret_rotated_at: str | None  # ISO 8601

    @classmethod
    def of(cls, gallery: Gallery) -> CourierSetting:
        rotated = gallery.courier_secret_rotated_at
        return cls(
            gallery.courier_endpoint_url,
            gallery.courier_secret,
            rotated.isoformat() if rotated else None,
        )

    def apply_to(self, gallery: Gallery) -> None:
        gallery.courier_endpoint_url = self.endpoint_url
        gallery.courier_secret = self.secret
        rotated = self.secret_rotated_at
        gallery.courier_secret_rotated_at = datetime.fromisoformat(rotated) if rotated else None


def courier_demo_file() -> Path:
    return Path(current_app.instance_path) / COURIER_DEMO_FILE


def _saved_settings() -> dict[str, dict[str, str | None]]:
    path = courier_demo_file()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write_saved_settings(saved: dict[str, dict[str, str | None]]) -> None:
    path = courier_demo_file()
    if not saved:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)  # it holds signing secrets


def remember_courier_setting(slug: str, setting: CourierSetting) -> bool:
    """Keep the setting a gallery had before the demo; False if one is already kept.

    The first one wins: running the setup again (or after a demo that was killed before it
    could restore) must not replace the gallery's own setting with the simulator's.
    """
    saved = _saved_settings()
    if slug in saved:
        return False
    saved[slug] = asdict(setting)
    _write_saved_settings(saved)
    return True


def restore_courier_settings(slug: str | None = None) -> list[Gallery]:
    """Put back the kept settings (of one gallery, or all); flushes, and the caller commits.

    The kept values are forgotten only by :func:`forget_courier_settings`, after the commit.
    """
    saved = _saved_settings()
    restored = []
    for gallery_slug, values in saved.items():
        if slug is not None and gallery_slug != slug:
            continue
        gallery = db.session.scalar(select(Gallery).where(Gallery.slug == gallery_slug))
        if gallery is not None:
            CourierSetting(**values).apply_to(gallery)
            restored.append(gallery)
    db.session.flush()
    return restored


def forget_courier_settings(slugs: Collection[str]) -> None:
    saved = _saved_settings()
    _write_saved_settings({slug: v for slug, v in saved.items() if slug not in slugs})
