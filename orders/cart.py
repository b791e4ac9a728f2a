"""The shopper's cart: lines of (product, quantity) across galleries, checked and priced.

The cart itself is only ids and quantities; names, prices and stock are read fresh every time
it is shown, so a price changed or a product archived while it sat in the cart shows at once.
Whatever arrives from outside (a cookie, a form, JSON) passes through :func:`sanitise_lines`.
Guests keep their lines in the session; signed-in shoppers also in :class:`CartItem` rows.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, selectinload

from catalog.db import MAX_ID, DbSession, utcnow
from catalog.i18n import N_
from catalog.models import Gallery, Product
from catalog.queries import is_sellable
from orders.checkout import MAX_LINES, MAX_QUANTITY
from orders.exceptions import OrderError
from orders.models import CartItem

_MAX_DIGITS = 6  # enough for any allowed quantity or more; longer input is refused unread


@dataclass(frozen=True)
class CartLine:
    product_id: int
    quantity: int


class Problem(enum.StrEnum):
    """Why a cart item cannot be ordered as it stands."""

    UNAVAILABLE = "unavailable"  # archived, back to draft, or its gallery/cooperative closed
    SOLD_OUT = "sold_out"
    SHORT = "short"  # fewer in stock than the quantity asked for


class CartError(OrderError):
    """A cart change that is refused; nothing was changed."""


class InvalidQuantity(CartError):
    """The quantity is not a whole number in the allowed range."""


class ProductUnavailable(CartError):
    """The product does not exist or is no longer sold."""


class NotEnoughStock(CartError):
    """The gallery has fewer items than the cart would hold."""

    def __init__(self, message: str, available: int, **params: object) -> None:
        super().__init__(message, available=available, **params)
        self.available = available


class CartFull(CartError):
    """The cart already holds the most different products an order may have."""


class NotInCart(CartError):
    """The product to change is not (any more) in the cart."""


# --- lines: pure functions --------------------------------------------------------------


def _as_int(value: object) -> int | None:
    return value if type(value) is int else None  # bool is an int too; it is not a number here


def _pair(entry: object) -> tuple[int, int] | None:
    if isinstance(entry, CartLine):
        return entry.product_id, entry.quantity
    if isinstance(entry, dict):
        entry = [entry.get("product_id"), entry.get("quantity")]
    if not isinstance(entry, list | tuple) or len(entry) != 2:
        return None
    product_id, quantity = _as_int(entry[0]), _as_int(entry[1])
    if product_id is None or quantity is None or not 1 <= product_id <= MAX_ID:
        return None
    return product_id, quantity


def _clamp(quantity: int) -> int:
    return min(max(quantity, 1), MAX_QUANTITY)


def sanitise_lines(raw: object) -> list[CartLine]:
    """Cart lines from untrusted data: bad entries dropped, duplicates merged, sizes clamped."""
    if not isinstance(raw, list | tuple):
        return []
    merged: dict[int, int] = {}
    for entry in raw:
        pair = _pair(entry)
        if pair is None:
            continue
        product_id, quantity = pair
        if product_id in merged:
            merged[product_id] = _clamp(merged[product_id] + _clamp(quantity))
        elif len(merged) < MAX_LINES:
            merged[product_id] = _clamp(quantity)
    return [CartLine(product_id, quantity) for product_id, quantity in merged.items()]


def merge_lines(a: Iterable[CartLine], b: Iterable[CartLine]) -> list[CartLine]:
    """Two carts as one (the account's and the guest's on log in): quantities summed, clamped."""
    return sanitise_lines([*a, *b])


def remove_line(lines: Iterable[CartLine], product_id: int) -> list[CartLine]:
    return [line for line in lines if line.product_id != product_id]


def quantity_of(lines: Iterable[CartLine], product_id: int) -> int:
    return next((line.quantity for line in lines if line.product_id == product_id), 0)


def parse_quantity(raw: object, *, allow_zero: bool = False) -> int:
    """A quantity a person typed: whole digits within 1..MAX (0 too when it means remove)."""
    lowest = 0 if allow_zero else 1
    text = raw.strip() if isinstance(raw, str) else str(raw) if type(raw) is int else ""
    if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:
        quantity = int(text)
        if lowest <= quantity <= MAX_QUANTITY:
            return quantity
    if allow_zero:
        raise InvalidQuantity(
            N_("Choose a quantity from 0 to %(max)s (0 removes the product)."), max=MAX_QUANTITY
        )
    raise InvalidQuantity(N_("Choose a quantity from 1 to %(max)s."), max=MAX_QUANTITY)


def parse_product_id(raw: object) -> int | None:
    """A product id from a form, or None when it is not one."""
    text = raw.strip() if isinstance(raw, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= 10 and 1 <= int(text) <= MAX_ID:
        return int(text)
    return None


# --- changing the cart: checked against the product as it is now ------------------------


def _check_orderable(product: Product | None, quantity: int, in_cart: int = 0) -> Product:
    if product is None:
        raise ProductUnavailable(N_("That product is not sold here (any more)."))
    if not is_sellable(product):
        raise ProductUnavailable(N_("%(name)s is no longer sold."), name=product.name)
    if product.stock <= 0:
        raise NotEnoughStock(N_("%(name)s is sold out."), 0, name=product.name)
    if in_cart + quantity > product.stock:
        if in_cart:
            raise NotEnoughStock(
                N_(
                    "Only %(available)s of %(name)s left, and %(in_cart)s are already in your cart."
                ),
                product.stock,
                name=product.name,
                in_cart=in_cart,
            )
        raise NotEnoughStock(
            N_("Only %(available)s of %(name)s left."), product.stock, name=product.name
        )
    return product


def add_line(lines: list[CartLine], product: Product | None, quantity: int) -> list[CartLine]:
    """``quantity`` more of ``product``; refused (never capped) if stock or limits forbid it."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidQuantity(N_("Choose a quantity from 1 to %(max)s."), max=MAX_QUANTITY)
    in_cart = quantity_of(lines, product.id) if product is not None else 0
    product = _check_orderable(product, quantity, in_cart)
    if in_cart + quantity > MAX_QUANTITY:
        raise InvalidQuantity(
            N_("At most %(max)s of each product per order; %(in_cart)s are already in your cart."),
            max=MAX_QUANTITY,
            in_cart=in_cart,
        )
    if not in_cart and len(lines) >= MAX_LINES:
        raise CartFull(
            N_("A cart holds at most %(max)s different products. Order or remove some first."),
            max=MAX_LINES,
        )
    return merge_lines(lines, [CartLine(product.id, quantity)])


def change_line(
    lines: list[CartLine], product_id: int, product: Product | None, quantity: int
) -> list[CartLine]:
    """Set the quantity of a line already in the cart; 0 removes it."""
    if not quantity_of(lines, product_id):
        raise NotInCart(N_("That product is no longer in your cart."))
    if quantity == 0:
        return remove_line(lines, product_id)
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidQuantity(N_("Choose a quantity from 1 to %(max)s."), max=MAX_QUANTITY)
    _check_orderable(product, quantity)
    return [
        CartLine(li.product_id, quantity if li.product_id == product_id else li.quantity)
        for li in lines
    ]


# --- showing the cart --------------------------------------------------------------------


@dataclass(frozen=True)
class CartViewItem:
    """One cart line with its product as it is now."""

    product: Product
    quantity: int
    problem: Problem | None = None

    @property
    def unit_price(self) -> int:
        return self.product.price

    @property
    def line_total(self) -> int:
        return self.product.price * self.quantity

    @property
    def available(self) -> int:
        return max(self.product.stock, 0)


@dataclass(frozen=True)
class CartGroup:
    """The part of the cart one gallery sells; ``subtotal`` counts only orderable items."""

    gallery: Gallery
    items: list[CartViewItem]

    @property
    def subtotal(self) -> int:
        return sum(item.line_total for item in self.items if item.problem is None)


@dataclass(frozen=True)
class CartView:
    groups: list[CartGroup]
    missing: list[int] = field(default_factory=list)  # ids of products that no longer exist

    @property
    def items(self) -> list[CartViewItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def total(self) -> int:
        """What the orderable items cost, before delivery."""
        return sum(group.subtotal for group in self.groups)

    @property
    def count(self) -> int:
        """Every unit in the cart, orderable or not (the header's number)."""
        return sum(item.quantity for item in self.items)

    @property
    def has_problems(self) -> bool:
        return any(item.problem is not None for item in self.items)

    @property
    def ready(self) -> bool:
        """Something to order and nothing that would make checkout refuse it."""
        return bool(self.groups) and not self.has_problems

    def orderable_lines(self) -> list[CartLine]:
        return [CartLine(i.product.id, i.quantity) for i in self.items if i.problem is None]


def problem_of(product: Product, quantity: int) -> Problem | None:
    if not is_sellable(product):
        return Problem.UNAVAILABLE
    if product.stock <= 0:
        return Problem.SOLD_OUT
    if quantity > product.stock:
        return Problem.SHORT
    return None


def load_cart_products(session: DbSession, product_ids: Iterable[int]) -> dict[int, Product]:
    """The products by id, whatever their status, with what the cart page shows loaded."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    stmt = (
        select(Product)
        .where(Product.id.in_(ids))
        .options(
            joinedload(Product.gallery).joinedload(Gallery.cooperative),
            joinedload(Product.gallery).joinedload(Gallery.kecamatan),
            joinedload(Product.member),
            selectinload(Product.images),
        )
    )
    return {product.id: product for product in session.scalars(stmt).unique()}


def find_product(session: DbSession, product_id: int | None) -> Product | None:
    if product_id is None:
        return None
    return load_cart_products(session, [product_id]).get(product_id)


def price_cart(session: DbSession, lines: list[CartLine]) -> CartView:
    """The cart grouped by gallery (by name), at today's prices, each line's problem named."""
    products = load_cart_products(session, [line.product_id for line in lines])
    by_gallery: dict[int, list[CartViewItem]] = {}
    missing = []
    for line in lines:
        product = products.get(line.product_id)
        if product is None:
            missing.append(line.product_id)
            continue
        item = CartViewItem(product, line.quantity, problem_of(product, line.quantity))
        by_gallery.setdefault(product.gallery_id, []).append(item)
    groups = [CartGroup(items[0].product.gallery, items) for items in by_gallery.values()]
    groups.sort(key=lambda group: (group.gallery.name, group.gallery.id))
    return CartView(groups, missing)


# --- a signed-in shopper's saved cart ----------------------------------------------------


def load_account_cart(session: DbSession, user_id: int) -> list[CartLine]:
    """The shopper's saved cart, oldest line first."""
    rows = session.execute(
        select(CartItem.product_id, CartItem.quantity)
        .where(CartItem.user_id == user_id)
        .order_by(CartItem.id)
    )
    return sanitise_lines([tuple(row) for row in rows])


def save_account_cart(
    session: DbSession, user_id: int, lines: Iterable[CartLine]
) -> list[CartLine]:
    """Replace the shopper's saved cart with ``lines`` (unknown products dropped); flush only.

    Rows are upserted, so two quick requests (a double tap on "add") cannot collide on the
    one-row-per-product constraint. Returns the lines saved.
    """
    lines = sanitise_lines(list(lines))
    if lines:
        known = set(
            session.scalars(
                select(Product.id).where(Product.id.in_([li.product_id for li in lines]))
            )
        )
        lines = [line for line in lines if line.product_id in known]
    stale = delete(CartItem).where(CartItem.user_id == user_id)
    if lines:
        stale = stale.where(CartItem.product_id.not_in([line.product_id for line in lines]))
    session.execute(stale, execution_options={"synchronize_session": False})
    if lines:
        session.execute(_upsert(session, user_id, lines))
    session.flush()
    return lines


def _upsert(
    session: DbSession, user_id: int, lines: list[CartLine]
) -> postgresql.Insert | sqlite.Insert:
    """INSERT … ON CONFLICT DO UPDATE of the lines, in the dialect's words (both say it alike)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    stmt = insert(CartItem).values(
        [
            {
                "user_id": user_id,
                "product_id": li.product_id,
                "quantity": li.quantity,
                "updated_at": now,
            }
            for li in lines
        ]
    )
    return stmt.on_conflict_do_update(
        index_elements=[CartItem.user_id, CartItem.product_id],
        set_={"quantity": stmt.excluded.quantity, "updated_at": stmt.excluded.updated_at},
    )
