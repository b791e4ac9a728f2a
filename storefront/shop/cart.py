"""The cart pages, and where the cart lives: the signed session, and the account when signed in.

Guests' carts live only in Flask's signed session cookie, as ``[[product_id, quantity], ...]``.
For a signed-in shopper the ``CartItem`` rows are the cart (so it follows them to another
device) and the session keeps a copy, marked with their id, for the header's count. On log in
the guest cart is merged into the account's; on log out the copy is dropped.

Every accepted POST answers with a redirect and a flash message. A refused change changes
nothing; when the form it came from can be shown again (the product page, or the cart with
that line), it is, with the reason beside the quantity and what was typed kept (status 400).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, user_loaded_from_cookie, user_logged_in, user_logged_out
from werkzeug.wrappers import Response

from accounts.models import User
from catalog import db
from catalog import queries as q
from catalog.queries import is_sellable
from orders import cart as carts
from orders.cart import CartError, CartLine, NotInCart
from orders.checkout import MAX_QUANTITY
from storefront.urls import safe_next

bp = Blueprint("cart", __name__, url_prefix="/keranjang")

SESSION_KEY = "cart"
OWNER_KEY = "cart_user"  # whose account the session copy mirrors; absent for a guest's cart


def _signed_in_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _session_lines(owner: int | None) -> list[CartLine]:
    """The session's cart if it belongs to ``owner`` (None: a guest), else nothing."""
    if session.get(OWNER_KEY) != owner:
        return []
    return carts.sanitise_lines(session.get(SESSION_KEY))


def _keep_in_session(lines: list[CartLine], owner: int | None) -> None:
    """Store the lines compactly; writes only on a change, so the cookie is not re-sent."""
    compact = [[line.product_id, line.quantity] for line in lines]
    if not compact:
        for key in (SESSION_KEY, OWNER_KEY):
            session.pop(key, None)
        return
    if session.get(SESSION_KEY) != compact:
        session[SESSION_KEY] = compact
    if owner is None:
        session.pop(OWNER_KEY, None)
    elif session.get(OWNER_KEY) != owner:
        session[OWNER_KEY] = owner


def current_cart() -> list[CartLine]:
    """The shopper's cart lines (ids and quantities only, already sanitised)."""
    user_id = _signed_in_id()
    if user_id is None:
        return _session_lines(None)
    lines = carts.load_account_cart(db.session, user_id)
    _keep_in_session(lines, user_id)
    return lines


def save_cart(lines: list[CartLine]) -> None:
    """Replace the shopper's cart; for a signed-in shopper the rows are flushed, not committed."""
    user_id = _signed_in_id()
    lines = carts.sanitise_lines(lines)
    if user_id is not None:
        lines = carts.save_account_cart(db.session, user_id, lines)
    _keep_in_session(lines, user_id)


def clear_cart() -> None:
    save_cart([])


# --- log in and log out -------------------------------------------------------------------


def _merge_on_login(_sender: Flask, user: User, **_extra: object) -> None:
    """The guest's cart joins the account's; a copy left from the same account is not re-added."""
    guest = _session_lines(None)
    account = carts.load_account_cart(db.session, user.id)
    if guest:
        account = carts.save_account_cart(db.session, user.id, carts.merge_lines(account, guest))
    _keep_in_session(account, user.id)


def _copy_on_remembered_login(_sender: Flask, user: User, **_extra: object) -> None:
    _keep_in_session(carts.load_account_cart(db.session, user.id), user.id)


def _forget_on_logout(_sender: Flask, **_extra: object) -> None:
    """The account's cart stays in the account, not on a device someone else may use next."""
    for key in (SESSION_KEY, OWNER_KEY):
        session.pop(key, None)


def init_cart(app: Flask) -> None:
    """Follow Flask-Login's signals for this app: merge on log in, forget on log out."""
    user_logged_in.connect(_merge_on_login, app)
    user_loaded_from_cookie.connect(_copy_on_remembered_login, app)
    user_logged_out.connect(_forget_on_logout, app)


@bp.app_context_processor
def inject_cart_count() -> dict[str, int]:
    """The header's count, read from the session only (no query of its own)."""
    if not has_request_context():
        return {}
    lines = _session_lines(_signed_in_id())
    return {"cart_count": sum(line.quantity for line in lines), "cart_max_quantity": MAX_QUANTITY}


def guest_with_empty_cart() -> bool:
    """Whether the shopper is a guest with nothing in the cart: the header then shows what it
    shows everyone (pages may be cached whole for them, storefront/cache.py)."""
    return not current_user.is_authenticated and not _session_lines(None)


# --- pages ---------------------------------------------------------------------------------


def _refused(error: CartError, target: str) -> Response:
    flash(_(error.message, **error.params), "error")
    return redirect(target)


def _cart_page(refused: tuple[int, str, str] | None = None, status: int = 200) -> tuple[str, int]:
    """The cart page; ``refused`` is (product id, what was typed, why) for a refused change."""
    lines = current_cart()
    view = carts.price_cart(db.session, lines)
    if view.missing:
        save_cart([line for line in lines if line.product_id not in view.missing])
    return render_template(
        "shop/cart.html", cart=view, removed=len(view.missing), refused=refused
    ), status


@bp.get("/")
def show() -> ResponseReturnValue:
    return _cart_page()


def _product_refused(product_slug: str, error: CartError, typed: str) -> tuple[str, int]:
    """The product page again with the reason beside the quantity and the typed quantity."""
    item = q.get_product(db.session, slug=product_slug)
    message = _(error.message, **error.params)
    return render_template(
        "shop/product.html", product=item, cart_error=message, typed_quantity=typed
    ), 400


@bp.post("/tambah")
def add() -> ResponseReturnValue:
    product = carts.find_product(db.session, carts.parse_product_id(request.form.get("product_id")))
    if product is not None and is_sellable(product):
        back = url_for("shop.product", slug=product.slug)
    else:
        back = url_for("cart.show")
    back = safe_next(request.form.get("next"), back)
    try:
        quantity = carts.parse_quantity(request.form.get("quantity"))
        lines = carts.add_line(current_cart(), product, quantity)
    except CartError as error:
        if product is not None and is_sellable(product) and not request.form.get("next"):
            return _product_refused(product.slug, error, request.form.get("quantity", "")[:20])
        return _refused(error, back)
    assert product is not None  # add_line refuses a missing product
    save_cart(lines)
    flash(_("%(name)s is in your cart (%(count)s).", name=product.name, count=quantity), "success")
    return redirect(back)


@bp.post("/ubah")
def change() -> ResponseReturnValue:
    product_id = carts.parse_product_id(request.form.get("product_id")) or 0
    try:
        quantity = carts.parse_quantity(request.form.get("quantity"), allow_zero=True)
        product = carts.find_product(db.session, product_id) if quantity else None
        lines = carts.change_line(current_cart(), product_id, product, quantity)
    except NotInCart as error:
        return _refused(error, url_for("cart.show"))
    except CartError as error:
        if not carts.quantity_of(current_cart(), product_id):
            return _refused(error, url_for("cart.show"))
        typed = request.form.get("quantity", "")[:20]
        return _cart_page((product_id, typed, _(error.message, **error.params)), 400)
    save_cart(lines)
    if quantity == 0:
        _flash_removed(product_id)
    else:
        assert product is not None  # change_line refuses a missing product unless removing
        flash(
            _("%(name)s: quantity changed to %(count)s.", name=product.name, count=quantity),
            "success",
        )
    return redirect(url_for("cart.show"))


@bp.post("/hapus")
def remove() -> ResponseReturnValue:
    product_id = carts.parse_product_id(request.form.get("product_id")) or 0
    lines = current_cart()
    if not carts.quantity_of(lines, product_id):
        flash(_("That product is no longer in your cart."), "info")
    else:
        save_cart(carts.remove_line(lines, product_id))
        _flash_removed(product_id)
    return redirect(url_for("cart.show"))


def _flash_removed(product_id: int) -> None:
    product = carts.find_product(db.session, product_id)
    if product is None:
        flash(_("Removed from your cart."), "success")
    else:
        flash(_("%(name)s was removed from your cart.", name=product.name), "success")
