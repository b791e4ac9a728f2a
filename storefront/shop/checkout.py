"""Checkout: review the cart per gallery, choose delivery or pickup, pay by COD or card."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from catalog import db
from catalog.models import Kecamatan
from orders import checkout as co
from orders.cart import CartLine, price_cart
from orders.exceptions import CheckoutInvalid, OutOfStock, PricesChanged
from orders.models import DeliveryMethod, Order, PaymentMethod
from storefront.extensions import limiter
from storefront.forms import SelectChoice
from storefront.shop import order_hooks
from storefront.shop.cart import clear_cart, current_cart
from storefront.shop.forms import CheckoutForm

bp = Blueprint("checkout", __name__, url_prefix="/pesan")


def _float(value: str | None) -> float | None:
    try:
        return float(value or "")
    except ValueError:
        return None


def _customer(form: CheckoutForm) -> co.Customer:
    """The form as the checkout service takes it (which judges the position itself)."""
    lat, lng = _float(form.lat.data), _float(form.lng.data)
    return co.Customer(
        name=form.name.data or "",
        phone=form.phone.data or "",
        email=form.email.data or None,
        address=form.address.data or "",
        kelurahan_id=form.kelurahan_id.data or None,
        lat=lat,
        lng=lng,
    )


def _kelurahan_choices() -> list[SelectChoice]:
    choices = [SelectChoice(0, _("— choose —"))]
    for kecamatan in db.session.scalars(select(Kecamatan).order_by(Kecamatan.name)):
        for kelurahan in kecamatan.kelurahan:
            choices.append(SelectChoice(kelurahan.id, kelurahan.name, optgroup=kecamatan.name))
    return choices


def _payment_choices(form: CheckoutForm, total: int) -> str | None:
    """Offer card payment when it is set up and allowed for this total; else say why not."""
    card, reason = order_hooks.card_option(total)
    if card:
        form.payment_method.choices = [
            *(form.payment_method.choices or ()),
            SelectChoice("card", _("Card (Visa, Mastercard) through Stripe")),
        ]
    return reason


def _choices_from_form(quotes: list[co.GalleryQuote]) -> dict[int, co.GalleryChoice]:
    choices = {}
    for quote in quotes:
        method = request.form.get(f"delivery_{quote.gallery.id}", "")
        if method in DeliveryMethod._value2member_map_:
            note = request.form.get(f"note_{quote.gallery.id}", "")[:1000]
            choices[quote.gallery.id] = co.GalleryChoice(DeliveryMethod(method), note)
    return choices


def _expected_prices() -> dict[int, int]:
    prices = {}
    for key, value in request.form.items():
        if key.startswith("price_") and key[6:].isdigit() and value.isdigit():
            prices[int(key[6:])] = int(value)
    return prices


@bp.route("/", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def start() -> ResponseReturnValue:
    lines = current_cart()
    if not lines:
        flash(_("Your cart is empty."), "info")
        return redirect(url_for("shop.home"))
    if request.method == "GET" and not price_cart(db.session, lines).ready:
        return redirect(url_for("cart.show"))  # the cart page explains each problem
    form = CheckoutForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.name.data = form.name.data or current_user.name
        form.email.data = form.email.data or current_user.email
        form.phone.data = form.phone.data or current_user.phone
    form.kelurahan_id.choices = _kelurahan_choices()
    products = co.load_products(db.session, [co.LineRequest(li.product_id, 1) for li in lines])
    items = [(products[li.product_id], li.quantity) for li in lines if li.product_id in products]
    customer = _customer(form)
    quotes = co.quote_galleries(db.session, items, co.shopper_position(db.session, customer))
    total = sum(q.subtotal for q in quotes)
    card_reason = _payment_choices(form, total)
    error: str | None = None
    status = 200
    if request.method == "POST" and request.form.get("action") == "place":
        if form.validate():
            result = _place(form, lines, quotes)
            if not isinstance(result, tuple):
                return result
            error, status = result
        else:
            status = 400
    return render_template(
        "shop/checkout.html",
        form=form,
        choices=_choices_from_form(quotes),
        quotes=quotes,
        subtotal=total,
        card_reason=card_reason,
        error=error,
    ), status


def _place(
    form: CheckoutForm, lines: list[CartLine], quotes: list[co.GalleryQuote]
) -> Response | tuple[str | None, int]:
    """Place the order; a response on success, (message, status) on a refusal. A refusal of
    one of the form's fields (a landline for the phone) is shown beside it (message None)."""
    prices = _expected_prices()
    request_ = co.CheckoutRequest(
        customer=_customer(form),
        lines=[
            co.LineRequest(li.product_id, li.quantity, prices.get(li.product_id)) for li in lines
        ],
        choices=_choices_from_form(quotes),
        payment_method=PaymentMethod(form.payment_method.data),
        user_id=current_user.id if current_user.is_authenticated else None,
    )
    try:
        order = order_hooks.place(request_)
    except CheckoutInvalid as refusal:
        message = _(refusal.message, **refusal.params)
        field = form._fields.get(refusal.field)
        if field is None or field.type == "HiddenField":
            return message, 400
        field.errors = [*field.errors, message]
        return None, 400
    except (OutOfStock, PricesChanged) as refusal:
        return _(refusal.message, **refusal.params), 409
    clear_cart()
    return _after_placing(order)


def _after_placing(order: Order) -> Response:
    if order.payment_method == PaymentMethod.CARD:
        return order_hooks.start_card_payment(order)
    flash(_("Thank you! Order %(code)s is confirmed.", code=order.code), "success")
    return redirect(url_for("orders.detail", code=order.code, token=order.access_token))
