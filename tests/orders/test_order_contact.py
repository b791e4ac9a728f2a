"""An order's contact phone is a mobile number, and a card order needs card payments set up:
the rules of orders.checkout that both the web checkout and the API meet."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from catalog.exceptions import InvalidInput
from catalog.phones import LANDLINE, NOT_MOBILE, normalise_mobile_phone, normalise_phone
from orders.checkout import (
    CARD_TOO_LARGE,
    CARD_UNAVAILABLE,
    CheckoutRequest,
    Customer,
    GalleryChoice,
    LineRequest,
    place_order,
)
from orders.exceptions import CheckoutInvalid
from orders.models import DeliveryMethod, Order, OrderStatus, PaymentMethod
from orders.payments import CARD_MAX_RUPIAH
from tests import factories


def request_for(product, phone="0812-3456-7890", payment=PaymentMethod.COD, quantity=1):  # type: ignore[no-untyped-def]
    return CheckoutRequest(
        customer=Customer(name="Rina", phone=phone),
        lines=[LineRequest(product.id, quantity)],
        choices={product.gallery_id: GalleryChoice(DeliveryMethod.PICKUP)},
        payment_method=payment,
    )


def orders(db_session) -> int:  # type: ignore[no-untyped-def]
    return db_session.scalar(select(func.count()).select_from(Order))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0857 0000 1002", "+6285700001002"),
        ("0811-234-567", "+62811234567"),  # the shortest: 9 digits after 0
    ],
)
def test_mobile_numbers_are_taken_as_typed_and_stored_as_e164(typed, stored):
    assert normalise_mobile_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("021-7412345", LANDLINE),  # Jakarta
        ("(0274) 512345", LANDLINE),  # Yogyakarta
        ("+62 21 7587 0110", LANDLINE),
        ("0800-123-4567", NOT_MOBILE),  # toll-free
        ("12", NOT_MOBILE),
        ("", NOT_MOBILE),
        ("+1 202 555 0143", NOT_MOBILE),
    ],
)
def test_landlines_and_other_numbers_are_refused_naming_the_field(typed, message):
    with pytest.raises(InvalidInput) as refused:
        normalise_mobile_phone(typed, "kontak")
    assert (refused.value.field, refused.value.message) == ("kontak", message)


def test_other_phones_keep_taking_landlines():
    assert normalise_phone("021-7412345") == "+62217412345"  # a cooperative's or member's


def test_an_order_with_a_landline_is_refused_and_takes_nothing(db_session):
    product = factories.product(db_session, stock=5)
    before = orders(db_session)
    with pytest.raises(CheckoutInvalid) as refused:
        place_order(db_session, request_for(product, phone="021-7412345"))
    assert (refused.value.field, refused.value.message) == ("phone", LANDLINE)
    assert orders(db_session) == before
    db_session.refresh(product)
    assert product.stock == 5


def test_a_card_order_without_card_payments_is_refused_and_takes_nothing(db_session):
    product = factories.product(db_session, stock=5)
    before = orders(db_session)
    with pytest.raises(CheckoutInvalid) as refused:
        place_order(db_session, request_for(product, payment=PaymentMethod.CARD))
    assert (refused.value.field, refused.value.message) == ("payment_method", CARD_UNAVAILABLE)
    assert orders(db_session) == before
    db_session.refresh(product)
    assert product.stock == 5


def test_a_card_order_above_what_stripe_can_charge_is_refused(db_session):
    product = factories.product(db_session, price=2_000_000_000, stock=5)
    assert 5 * product.price > CARD_MAX_RUPIAH
    card = request_for(product, payment=PaymentMethod.CARD, quantity=5)
    with pytest.raises(CheckoutInvalid) as refused:
        place_order(db_session, card, card_payments_enabled=True)
    assert (refused.value.field, refused.value.message) == ("payment_method", CARD_TOO_LARGE)
    db_session.refresh(product)
    assert product.stock == 5


def test_card_and_cod_orders_when_card_payments_are_set_up(db_session):
    product = factories.product(db_session, stock=5)
    card = place_order(
        db_session, request_for(product, payment=PaymentMethod.CARD), card_payments_enabled=True
    )
    assert card.status is OrderStatus.PENDING_PAYMENT
    cod = place_order(db_session, request_for(product), card_payments_enabled=False)
    assert cod.status is OrderStatus.CONFIRMED and cod.phone == "+6281234567890"
