"""The wheel is the whole app: code, templates, static files, translations and migrations.

The slow test builds the wheel from a copy of the checkout's files, installs it in a fresh
virtual environment outside the checkout, migrates a new SQLite file with ``flask db upgrade``
and serves the home page with gunicorn. It is the same on both databases, so it runs only in
the SQLite run. The fast tests guard the package list in pyproject.toml and the folder lookup.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest
from flask import Flask

from storefront import migrate
from storefront.resources import resource_dir
from tests.databases import is_postgres
from tests.live import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]

# What the wheel must carry inside the storefront package (one of each kind is enough).
PACKAGED_FILES = (
    "storefront/templates/base.html",
    "storefront/templates/shop/home.html",
    "storefront/templates/email/placed.txt",
    "storefront/static/gerai.css",
    "storefront/migrations/env.py",
    "storefront/migrations/script.py.mako",
    "storefront/translations/id/LC_MESSAGES/messages.mo",
    "config.py",
)


def test_every_directory_with_python_code_is_a_listed_package() -> None:
    """pyproject.toml lists packages by hand (package-dir needs it): a new one must be added."""
    listed = set(SETUPTOOLS["packages"])
    mapped = SETUPTOOLS["package-dir"]
    tops = [name for name in listed if "." not in name and name not in mapped]
    found = {
        ".".join(folder.relative_to(ROOT).parts)
        for top in tops
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]
        if folder.is_dir() and "__pycache__" not in folder.parts and any(folder.glob("*.py"))
    }
    assert found - listed == set()
    for name, folder in mapped.items():
        assert name in listed
        assert (ROOT / folder).is_dir()


def test_the_package_copy_of_a_folder_wins(tmp_path: Path) -> None:
    package, checkout = tmp_path / "storefront", tmp_path
    (package / "templates").mkdir(parents=True)
    (checkout / "templates").mkdir(exist_ok=True)
    (checkout / "pyproject.toml").write_text("")

    assert resource_dir("templates", package, checkout) == package / "templates"


def test_a_checkout_uses_its_root_folder(tmp_path: Path) -> None:
    package, checkout = tmp_path / "storefront", tmp_path
    package.mkdir()
    (checkout / "static").mkdir()
    (checkout / "pyproject.toml").write_text("")

    assert resource_dir("static", package, checkout) == checkout / "static"


def test_a_stray_folder_beside_an_installed_package_is_not_used(tmp_path: Path) -> None:
    package, site_packages = tmp_path / "storefront", tmp_path
    package.mkdir()
    (site_packages / "migrations").mkdir()  # some other distribution's, not a checkout

    with pytest.raises(FileNotFoundError, match="migrations"):
        resource_dir("migrations", package, site_packages)


def test_the_app_in_the_checkout_uses_the_root_folders(app: Flask) -> None:
    alembic = migrate.alembic_config(app.extensions["gerai.engine"])

    assert app.template_folder == str(ROOT / "templates")
    assert app.static_folder == str(ROOT / "static")
    assert alembic.get_main_option("script_location") == str(ROOT / "migrations")


@pytest.mark.skipif(is_postgres(), reason="slow and database-free: runs in the SQLite run only")
def test_the_installed_wheel_migrates_a_new_database_and_serves_the_home_page(
    tmp_path: Path,
) -> None:
    source = copy_checkout(tmp_path / "source")
    compile_catalogues(source)
    wheel = build_wheel(source, tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {name for name in PACKAGED_FILES if name not in names} == set()
    assert not any(name.startswith(("templates/", "static/", "migrations/")) for name in names)

    python = install_in_fresh_venv(wheel, tmp_path / "venv")
    run_dir = tmp_path / "run"  # the working directory: nothing of the checkout is here
    run_dir.mkdir()
    env = app_env(python.parent, run_dir)
    installed = run(
        [str(python), "-c", "import storefront; print(storefront.__file__)"], run_dir, env
    )
    assert Path(installed.strip()).is_relative_to(tmp_path / "venv")

    run([str(python.parent / "flask"), "--app", "storefront", "db", "upgrade"], run_dir, env)
    with sqlite3.connect(run_dir / "gerai.sqlite3") as database:
        assert database.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)

    home, css = serve_and_get(python.parent, run_dir, env)
    assert "Galeri per kecamatan" in home  # Indonesian: the compiled catalogue is in the wheel
    assert "Galleries by kecamatan" not in home
    assert css == (source / "static" / "gerai.css").read_bytes()


def copy_checkout(target: Path) -> Path:
    """The files a commit of this checkout would hold (no .venv, build/, instance/, *.mo)."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listing.returncode != 0:
        pytest.skip("not a git checkout: the files to build from are unknown")
    for name in listing.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def compile_catalogues(source: Path) -> None:
    """The .mo files are build products (``make translations``), so the build compiles them."""
    run([str(BIN / "pybabel"), "-q", "compile", "-d", "storefront/translations"], source)


def build_wheel(source: Path, dist: Path) -> Path:
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), "."], source)
    (wheel,) = dist.glob("gerai-*.whl")
    return wheel


def install_in_fresh_venv(wheel: Path, venv: Path) -> Path:
    """A venv without pip, filled by this environment's pip: the wheel and the dependencies it
    declares, resolved from the configured package index as a deployment would."""
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv.parent)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)], venv)
    return python


def app_env(bin_dir: Path, run_dir: Path) -> dict[str, str]:
    """Production settings on a new SQLite file; nothing inherited that could point elsewhere."""
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "LANG": "C.UTF-8",
        "GERAI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{run_dir / 'gerai.sqlite3'}",
        "GERAI_INSTANCE": str(run_dir / "instance"),
        "PUBLIC_BASE_URL": "https://gerai.example",
    }


def serve_and_get(bin_dir: Path, run_dir: Path, env: dict[str, str]) -> tuple[str, bytes]:
    """Serve the installed app with gunicorn; the home page's HTML and its stylesheet."""
    base = f"http://127.0.0.1:{free_port()}"
    log_path = run_dir / "gunicorn.log"
    command = [str(bin_dir / "gunicorn"), "--no-control-socket", "-w", "1"]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [*command, "-b", base.removeprefix("http://"), "storefront:create_app()"],
            cwd=run_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(base + "/", server)
            home = fetch(base + "/").decode()
            stylesheet = re.search(r'href="(/static/gerai\.css[^"]*)"', home)
            assert stylesheet, "the home page links no stylesheet"
            return home, fetch(base + stylesheet.group(1))
        except Exception as error:
            raise AssertionError(f"{error}\n{log_path.read_text()[-3000:]}") from error
        finally:
            server.terminate()
            server.wait(timeout=10)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our local server
        assert response.status == 200
        return response.read()


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}{result.stderr}"[-4000:]
    return result.stdout
