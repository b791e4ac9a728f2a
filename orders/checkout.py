"""Placing an order: one transaction, stock taken by conditional updates in product-id order.

Any line that cannot be served fails the whole order with a message naming the product; the
caller rolls back, so nothing is written. Taking stock in a fixed order (by product id) means
two carts over the same products wait for each other instead of deadlocking.
"""

from __future__ import annotations

import math
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from catalog.cooperatives import INDONESIA
from catalog.db import DbSession, utcnow
from catalog.exceptions import InsufficientStock, InvalidInput
from catalog.i18n import N_
from catalog.models import Gallery, Kelurahan, MovementKind, Product
from catalog.phones import normalise_mobile_phone
from catalog.queries import is_sellable
from catalog.stock import change_stock
from orders import actors
from orders.delivery import DeliveryTerms, delivery_fee, distance_km
from orders.exceptions import CheckoutInvalid, OutOfStock, PricesChanged
from orders.models import (
    DeliveryMethod,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Shipment,
    ShipmentEvent,
    ShipmentStatus,
)
from orders.payments import card_payment_allowed

MAX_QUANTITY = 99
MAX_LINES = 50
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone


@dataclass(frozen=True)
class LineRequest:
    product_id: int
    quantity: int
    expected_price: int | None = None  # the price the shopper saw; a change must be shown


@dataclass(frozen=True)
class GalleryChoice:
    method: DeliveryMethod
    note: str = ""


@dataclass
class Customer:
    name: str
    phone: str
    email: str | None = None
    address: str = ""
    kelurahan_id: int | None = None
    lat: float | None = None
    lng: float | None = None


@dataclass
class CheckoutRequest:
    customer: Customer
    lines: list[LineRequest]
    choices: dict[int, GalleryChoice] = field(default_factory=dict)
    payment_method: PaymentMethod = PaymentMethod.COD
    user_id: int | None = None


@dataclass
class GalleryQuote:
    """What one gallery's part of the cart costs, and how it can reach the shopper."""

    gallery: Gallery
    items: list[tuple[Product, int]]
    subtotal: int
    delivery_fee: int | None  # None: beyond the radius (or no position yet): pickup only
    distance_km: float | None


def new_order_code(session: DbSession) -> str:
    """A short public code like GR-7K3F9Q, unique."""
    while True:
        code = "GR-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if session.scalar(select(Order.id).where(Order.code == code)) is None:
            return code


def shopper_position(session: DbSession, customer: Customer) -> tuple[float, float] | None:
    """The browser's position if it is a place in Indonesia, else the kelurahan's centre."""
    position = _finite_position(customer.lat, customer.lng)
    if position is not None and position in INDONESIA:  # swapped or made up: use the kelurahan
        return position
    if customer.kelurahan_id:
        kelurahan = session.get(Kelurahan, customer.kelurahan_id)
        if kelurahan is not None:
            return kelurahan.lat, kelurahan.lng
    return None


def _finite_position(lat: float | None, lng: float | None) -> tuple[float, float] | None:
    if lat is None or lng is None or not (math.isfinite(lat) and math.isfinite(lng)):
        return None
    return lat, lng


def _terms(gallery: Gallery) -> DeliveryTerms:
    return DeliveryTerms(
        gallery.lat, gallery.lng, gallery.base_fee, gallery.per_km_fee, gallery.max_radius_km
    )


def quote_galleries(
    session: DbSession, items: list[tuple[Product, int]], position: tuple[float, float] | None
) -> list[GalleryQuote]:
    """Group cart items by gallery with subtotals and delivery fees for ``position``."""
    by_gallery: dict[int, list[tuple[Product, int]]] = defaultdict(list)
    for product, quantity in items:
        by_gallery[product.gallery_id].append((product, quantity))
    quotes = []
    for gallery_items in by_gallery.values():
        gallery = gallery_items[0][0].gallery
        fee = km = None
        if position is not None:
            fee = delivery_fee(_terms(gallery), *position)
            km = round(distance_km(gallery.lat, gallery.lng, *position), 1)
        subtotal = sum(p.price * q for p, q in gallery_items)
        quotes.append(GalleryQuote(gallery, gallery_items, subtotal, fee, km))
    return sorted(quotes, key=lambda quote: quote.gallery.name)


def load_products(session: DbSession, lines: list[LineRequest]) -> dict[int, Product]:
    ids = sorted({line.product_id for line in lines})
    stmt = (
        select(Product)
        .where(Product.id.in_(ids))
        .options(joinedload(Product.gallery).joinedload(Gallery.cooperative))
        .options(joinedload(Product.member))
    )
    return {product.id: product for product in session.scalars(stmt).unique()}


def _check_lines(request: CheckoutRequest, products: dict[int, Product]) -> None:
    if not request.lines:
        raise CheckoutInvalid("cart", N_("Your cart is empty."))
    if len(request.lines) > MAX_LINES:
        raise CheckoutInvalid(
            "cart", N_("At most %(max)s different products per order."), max=MAX_LINES
        )
    changed = []
    for line in request.lines:
        product = products.get(line.product_id)
        if not 0 < line.quantity <= MAX_QUANTITY:
            raise CheckoutInvalid(
                "quantity", N_("Order between 1 and %(max)s of each product."), max=MAX_QUANTITY
            )
        if product is None or not is_sellable(product):
            name = product.name if product else "?"
            raise OutOfStock(N_("%(name)s is no longer sold."), name)
        if line.expected_price is not None and line.expected_price != product.price:
            changed.append(product.name)
    if changed:
        raise PricesChanged(
            N_("Prices changed for: %(names)s. Check the new total."), names=", ".join(changed)
        )


def _check_customer(session: DbSession, customer: Customer) -> None:
    customer.name = " ".join(customer.name.split())
    if not customer.name or len(customer.name) > 120:
        raise CheckoutInvalid("name", N_("Give your name (up to 120 characters)."))
    try:
        customer.phone = normalise_mobile_phone(customer.phone)  # the courier calls it
    except InvalidInput as error:
        raise CheckoutInvalid("phone", error.message, **error.params) from error
    customer.address = customer.address.strip()[:255]
    if customer.kelurahan_id is not None and session.get(Kelurahan, customer.kelurahan_id) is None:
        raise CheckoutInvalid("kelurahan_id", N_("Choose your kelurahan."))


def _fee_for(quote: GalleryQuote, choice: GalleryChoice | None, customer: Customer) -> int:
    if choice is None:
        raise CheckoutInvalid(
            "delivery", N_("Choose delivery or pickup for %(gallery)s."), gallery=quote.gallery.name
        )
    if choice.method == DeliveryMethod.PICKUP:
        return 0
    if not customer.address:
        raise CheckoutInvalid("address", N_("Give the delivery address."))
    if quote.delivery_fee is None:
        raise CheckoutInvalid(
            "delivery",
            N_("%(gallery)s does not deliver that far; choose pickup at the gallery."),
            gallery=quote.gallery.name,
        )
    return quote.delivery_fee


def _take_stock(session: DbSession, order: Order, items: list[tuple[Product, int]]) -> None:
    """Conditional updates in product-id order; the first shortfall fails the whole order."""
    for product, quantity in sorted(items, key=lambda item: item[0].id):
        try:
            change_stock(session, product, -quantity, MovementKind.SALE, reason=order.code)
        except InsufficientStock as short:
            raise OutOfStock(
                N_("Only %(available)s of %(name)s left. Lower the quantity or remove it."),
                product.name,
                short.available,
            ) from short


CARD_UNAVAILABLE = N_("Card payments are not available now; choose cash on delivery.")
CARD_TOO_LARGE = N_("Card payment is not possible for totals this large; pay cash on delivery.")


def place_order(
    session: DbSession,
    request: CheckoutRequest,
    *,
    card_payments_enabled: bool = False,
    card_expiry: timedelta = timedelta(hours=1),
) -> Order:
    """Create the order, its shipments and lines, and take the stock; flush, never commit.

    A card order is refused (``CheckoutInvalid`` on ``payment_method``) unless card payments
    are set up (``card_payments_enabled``) and Stripe can charge its total: else it would wait
    for a payment that can never be made.
    """
    cod = request.payment_method == PaymentMethod.COD
    if not cod and not card_payments_enabled:
        raise CheckoutInvalid("payment_method", CARD_UNAVAILABLE)
    _check_customer(session, request.customer)
    products = load_products(session, request.lines)
    _check_lines(request, products)
    items = [(products[line.product_id], line.quantity) for line in request.lines]
    position = shopper_position(session, request.customer)
    quotes = quote_galleries(session, items, position)
    fees = [_fee_for(q, request.choices.get(q.gallery.id), request.customer) for q in quotes]
    if not cod and not card_payment_allowed(sum(q.subtotal for q in quotes) + sum(fees)):
        raise CheckoutInvalid("payment_method", CARD_TOO_LARGE)
    order = _new_order(session, request, position)
    _take_stock(session, order, items)
    for quote, fee in zip(quotes, fees, strict=True):
        _add_shipment(session, order, quote, request.choices[quote.gallery.id], fee, cod)
    order.subtotal = sum(q.subtotal for q in quotes)
    order.delivery_total = sum(fees)
    order.total = order.subtotal + order.delivery_total
    if not cod:
        order.expires_at = utcnow() + card_expiry
    session.flush()
    return order


def _new_order(
    session: DbSession, request: CheckoutRequest, position: tuple[float, float] | None
) -> Order:
    customer = request.customer
    cod = request.payment_method == PaymentMethod.COD
    order = Order(
        code=new_order_code(session),
        access_token=secrets.token_urlsafe(24),
        user_id=request.user_id,
        status=OrderStatus.CONFIRMED if cod else OrderStatus.PENDING_PAYMENT,
        payment_method=request.payment_method,
        customer_name=customer.name,
        phone=customer.phone,
        email=(customer.email or "").strip().lower() or None,
        address=customer.address,
        kelurahan_id=customer.kelurahan_id,
        lat=position[0] if position else None,
        lng=position[1] if position else None,
        subtotal=0,
        delivery_total=0,
        total=0,
    )
    session.add(order)
    session.flush()
    return order


def _add_shipment(
    session: DbSession,
    order: Order,
    quote: GalleryQuote,
    choice: GalleryChoice,
    fee: int,
    cod: bool,
) -> None:
    status = ShipmentStatus.CONFIRMED if cod else ShipmentStatus.PENDING
    shipment = Shipment(
        order=order,
        created_at=order.created_at,  # one moment: the day a sale counts on (orders.reports)
        gallery_id=quote.gallery.id,
        status=status,
        delivery_method=choice.method,
        delivery_fee=fee,
        distance_km=quote.distance_km,
        subtotal=quote.subtotal,
        note=choice.note.strip()[:1000],
        cod_amount=quote.subtotal + fee if cod else 0,
    )
    session.add(shipment)
    session.add(ShipmentEvent(shipment=shipment, status=status, actor=actors.SHOPPER))
    for product, quantity in quote.items:
        session.add(
            OrderLine(
                order=order,
                shipment=shipment,
                product_id=product.id,
                product_name=product.name,
                unit=product.unit,
                unit_price=product.price,
                quantity=quantity,
                line_total=product.price * quantity,
                member_id=product.member_id,
                member_name=product.member.business_name,
                commission_rate_percent=product.member.effective_commission_percent,
            )
        )
