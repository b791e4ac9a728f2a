"""Dependencies point one way: storefront → orders → catalog, and nothing imports demo.

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
PRODUCTION = ("catalog", "orders", "storefront")

# (package whose code is read, packages it must not import)
LOWER_LAYERS = (("catalog", ("orders", "storefront")), ("orders", ("storefront",)))


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


def test_the_checker_sees_imports_of_every_form(tmp_path: Path) -> None:
    """The walk catches plain, from-, relative and function-level imports, or it proves nothing."""
    package = tmp_path / "catalog"
    package.mkdir()
    samples = {
        "a.py": "import demo.data\n",
        "b.py": "from demo import data\n",
        "c.py": "def f():\n    from demo.seed import seed_catalog\n",
        "d.py": "from ..demo import photos\n",
    }
    for name, text in samples.items():
        (package / name).write_text(text, encoding="utf-8")
    files = iter(sorted(package.glob("*.py")))
    found = {v.split(":")[0] for v in violations(files, ("demo",), root=tmp_path)}
    assert found == {f"catalog/{name}" for name in samples}
    harmless = package / "e.py"
    harmless.write_text("import demographics\nfrom catalog import demo_notes\n", encoding="utf-8")
    assert violations(iter([harmless]), ("demo",), root=tmp_path) == set()


@pytest.mark.parametrize("package, forbidden", LOWER_LAYERS, ids=[p for p, _ in LOWER_LAYERS])
def test_lower_layers_do_not_import_higher_ones(package: str, forbidden: tuple[str, ...]) -> None:
    found = only_modules(violations(sources(package), forbidden))
    assert found == set()
