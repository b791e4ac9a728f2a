"""Where the app's templates, static files and migrations are: in a checkout or in the wheel.

A checkout keeps them at the repository root (``templates/``, ``static/``, ``migrations/``);
the wheel carries them inside this package (``storefront/templates``, …), where pyproject.toml's
``package-dir`` puts them at build time. The package's own copy wins. The root is used only when
it is a checkout (it holds pyproject.toml), so an installed app never picks up a stray folder
of the same name that sits next to it in site-packages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent

Resource = Literal["templates", "static", "migrations"]


def resource_dir(
    name: Resource, package_dir: Path = PACKAGE_DIR, checkout_dir: Path = CHECKOUT_DIR
) -> Path:
    """The folder ``name``: inside the package when installed, at the root of a checkout."""
    packaged = package_dir / name
    if packaged.is_dir():
        return packaged
    in_checkout = checkout_dir / name
    if (checkout_dir / "pyproject.toml").is_file() and in_checkout.is_dir():
        return in_checkout
    raise FileNotFoundError(
        f"No {name}/ folder in {package_dir} (installed) or {checkout_dir} (checkout); "
        "the wheel was built without its package data."
    )
