"""Only the state machines move a status: no other code assigns an attribute named ``status``.

Orders, shipments, card payments and outbox messages move through their one function each in
orders/states.py, which checks the transition table and writes the event row. This test walks
the production packages with ``ast`` and fails on any other ``x.status = …`` (plain, augmented,
annotated or in a tuple), ``setattr(x, "status", …)`` or ``….values(status=…)`` (and
``.values(**mapping)``, which could carry one unseen).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("catalog", "orders", "registry", "storefront")
# The one module of move functions.
ALLOWED = {"orders/states.py", "registry/rounds.py"}
# A product's status (active, hidden, archived) is a field the manager edits freely, not an
# order-flow state machine; its one setter lives in catalog/products.py.
PRODUCT_EDITS = {"catalog/products.py"}


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        found: list[ast.expr] = []
        for target in node.targets:
            found.extend(_flatten(target))
        return found
    if isinstance(node, ast.AugAssign | ast.AnnAssign):
        return _flatten(node.target)
    return []


def _flatten(target: ast.expr) -> list[ast.expr]:
    if isinstance(target, ast.Tuple | ast.List):
        return [leaf for element in target.elts for leaf in _flatten(element)]
    if isinstance(target, ast.Starred):
        return _flatten(target.value)
    return [target]


def _is_status_values(node: ast.Call) -> bool:
    """``….values(status=…)``, ``.values(**mapping)`` or ``.values({"status": …})``."""
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "values"):
        return False
    if any(kw.arg in ("status", None) for kw in node.keywords):
        return True
    return any(
        isinstance(arg, ast.Dict)
        and any(isinstance(k, ast.Constant) and k.value == "status" for k in arg.keys)
        for arg in node.args
    )


def _is_setattr_status(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Name)
        and node.func.id == "setattr"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value == "status"
    )


def status_moves(source: str) -> list[int]:
    """Line numbers where ``source`` sets a status outside a constructor."""
    return sorted(node.lineno for node in ast.walk(ast.parse(source)) if _sets_status(node))


def _sets_status(node: ast.AST) -> bool:
    if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in _targets(node)):
        return True
    return isinstance(node, ast.Call) and (_is_status_values(node) or _is_setattr_status(node))


def production_files() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def test_nothing_outside_the_state_machines_assigns_a_status():
    offenders = []
    for path in production_files():
        name = path.relative_to(ROOT).as_posix()
        if name in ALLOWED | PRODUCT_EDITS:
            continue
        for line in status_moves(path.read_text(encoding="utf-8")):
            offenders.append(f"{name}:{line}")
    assert offenders == [], "status set outside orders/states.py: " + ", ".join(offenders)


def test_product_edits_touch_only_product_status():
    """The exception above stays an exception: the product module knows no order states."""
    source = (ROOT / "catalog/products.py").read_text(encoding="utf-8")
    assert status_moves(source), "catalog/products.py no longer sets a status: drop the exception"
    for word in ("OrderStatus", "ShipmentStatus", "PaymentStatus", "OutboxStatus"):
        assert word not in source


def test_the_move_functions_are_where_the_statuses_are_set():
    source = (ROOT / "orders/states.py").read_text(encoding="utf-8")
    assert len(status_moves(source)) == 5  # shipment, outbox; order, payment, refund by UPDATE


@pytest.mark.parametrize(
    "source",
    [
        "order.status = 'cancelled'",
        "shipment.status, shipment.note = s, ''",
        "message.status: str = 'dead'",
        "x.status += 1",
        "setattr(payment, 'status', 'paid')",
        "session.execute(update(Order).values(status='confirmed'))",
        "session.execute(update(Payment).values(**values))",
        "session.execute(update(Payment).values({'status': 'paid'}))",
        "[a, *b.status] = 1, 2",
    ],
)
def test_the_walker_catches_every_kind_of_assignment(source):
    assert status_moves(source) == [1]


@pytest.mark.parametrize(
    "source",
    [
        "Order(status='confirmed')",  # a new row starts in its first state
        "status = order.status",
        "if shipment.status == 'ready': pass",
        "update(Product).values(stock=Product.stock + 1)",
        "form.status.data = 'x'",
    ],
)
def test_the_walker_lets_reads_and_new_rows_be(source):
    assert status_moves(source) == []
