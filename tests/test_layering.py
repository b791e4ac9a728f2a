"""Dependencies point one way: storefront → registry → orders → catalog → accounts, and nothing
imports demo.

``accounts`` (users and roles) sits at the bottom beside the database plumbing: of the catalog it
may use only ``catalog.db`` and the leaf helpers listed in ``ACCOUNTS_MAY_USE``.

Read from the source with ``ast`` (no import runs), so an import inside a function or under
``TYPE_CHECKING`` counts as much as one at the top of a module. References by name that are not
imports (a relationship to ``"User"``, a foreign key to ``"user_account.id"``) are not seen.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = ("accounts", "catalog", "orders", "registry", "storefront")

# (package whose code is read, packages it must not import)
LOWER_LAYERS = (
    ("accounts", ("orders", "registry", "storefront")),
    ("catalog", ("orders", "registry", "storefront")),
    ("orders", ("registry", "storefront")),
    ("registry", ("storefront",)),
)

# What accounts may import from catalog: the database plumbing, and the named exceptions,
# translation markers and phone numbers its services use. None of them imports a model.
ACCOUNTS_MAY_USE = ("catalog.db", "catalog.exceptions", "catalog.i18n", "catalog.phones")


def sources(*names: str) -> Iterator[Path]:
    for name in names:
        path = ROOT / name
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def imported_modules(path: Path, root: Path = ROOT) -> Iterator[str]:
    """Every module ``path`` imports, absolute; relative imports resolved against its package."""
    package = path.relative_to(root).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = [node.module] if node.module else []
            if node.level:
                parts = [*package[: len(package) - node.level + 1], *parts]
            base = ".".join(parts)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)  # from x import y


def top(module: str) -> str:
    return module.split(".", 1)[0]


def violations(files: Iterator[Path], forbidden: tuple[str, ...], root: Path = ROOT) -> set[str]:
    """ "file: module" for every import of a module under one of the ``forbidden`` packages."""
    found = set()
    for path in files:
        for module in imported_modules(path, root):
            if top(module) in forbidden:
                found.add(f"{path.relative_to(root).as_posix()}: {module}")
    return found


def only_modules(found: set[str]) -> set[str]:
    """``from x.y import z`` yields both x.y and x.y.z; keep the shortest per file and package."""
    return {v for v in found if not any(v != o and v.startswith(o + ".") for o in found)}


def test_production_code_never_imports_demo() -> None:
    assert violations(sources(*PRODUCTION, "config.py"), ("demo",)) == set()


def written(package: Path, *sources: str) -> Iterator[Path]:
    """The ``sources`` written into a new folder ``package`` as a.py, b.py, … in that order."""
    package.mkdir()
    for letter, text in zip("abcdefgh", sources, strict=False):
        (package / f"{letter}.py").write_text(text, encoding="utf-8")
    return iter(sorted(package.glob("*.py")))


def test_the_checker_sees_imports_of_every_form(tmp_path: Path) -> None:
    """The walk catches plain, from-, relative and function-level imports, or it proves nothing."""
    plain, from_, in_a_function, relative = (
        "import demo.data\n",
        "from demo import data\n",
        "def f():\n    from demo.seed import seed_catalog\n",
        "from ..demo import photos\n",
    )
    files = written(tmp_path / "catalog", plain, from_, in_a_function, relative)
    found = {v.split(":")[0] for v in violations(files, ("demo",), root=tmp_path)}
    assert found == {"catalog/a.py", "catalog/b.py", "catalog/c.py", "catalog/d.py"}
    harmless = tmp_path / "catalog" / "e.py"
    harmless.write_text("import demographics\nfrom catalog import demo_notes\n", encoding="utf-8")
    assert violations(iter([harmless]), ("demo",), root=tmp_path) == set()


@pytest.mark.parametrize("package, forbidden", LOWER_LAYERS, ids=[p for p, _ in LOWER_LAYERS])
def test_lower_layers_do_not_import_higher_ones(package: str, forbidden: tuple[str, ...]) -> None:
    found = only_modules(violations(sources(package), forbidden))
    assert found == set()


def outside(found: set[str], allowed: tuple[str, ...]) -> set[str]:
    """The imports in ``found`` ("file: module") of modules other than the ``allowed`` ones.

    A name in an allowed module (``catalog.db.Base``) is allowed, and so is a package above one
    (``from catalog import db`` yields "catalog" as well as "catalog.db", which is what counts).
    """

    def ok(module: str) -> bool:
        return any(
            module == a or module.startswith(a + ".") or a.startswith(module + ".") for a in allowed
        )

    return {v for v in found if not ok(v.split(": ", 1)[1])}


def test_accounts_use_only_the_plumbing_of_catalog() -> None:
    found = violations(sources("accounts"), ("catalog",))
    assert outside(found, ACCOUNTS_MAY_USE) == set()


def test_what_accounts_use_of_catalog_stands_on_nothing_higher() -> None:
    """The catalog modules accounts may use import no catalog model (nor anything above)."""
    files = (ROOT / f"{name.replace('.', '/')}.py" for name in ACCOUNTS_MAY_USE)
    found = violations(files, ("accounts", "catalog", "orders", "storefront", "demo"))
    assert outside(found, ACCOUNTS_MAY_USE) == set()


def test_the_accounts_rule_catches_a_model_import(tmp_path: Path) -> None:
    files = written(
        tmp_path / "accounts",
        "from catalog.models import Gallery\n",
        "from catalog import db, models\n",
        "def f():\n    import catalog.queries\n",
        "from catalog import db, exceptions\nfrom catalog.db import Base\n",  # allowed
    )
    found = violations(files, ("catalog",), root=tmp_path)
    assert outside(found, ACCOUNTS_MAY_USE) == {
        "accounts/a.py: catalog.models",
        "accounts/a.py: catalog.models.Gallery",
        "accounts/b.py: catalog.models",
        "accounts/c.py: catalog.queries",
    }


def test_accounts_need_no_web_library() -> None:
    """User answers Flask-Login's questions itself; the domain imports no Flask extension."""
    web = ("flask", "flask_login", "flask_wtf", "flask_babel", "flask_limiter", "wtforms")
    assert violations(sources("accounts"), web) == set()
