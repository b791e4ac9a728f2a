"""An order is found by its code with its link's token, or by its owner; nothing else opens it."""

from __future__ import annotations

import pytest

from catalog.exceptions import NotFound
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.lookup import token_matches, visible_order
from orders.models import DeliveryMethod, Order
from tests import factories


@pytest.fixture
def order(db_session) -> Order:  # type: ignore[no-untyped-def]
    product = factories.product(db_session, stock=5)
    owner = factories.user(db_session)
    return place_order(
        db_session,
        CheckoutRequest(
            customer=Customer(name="Rina", phone="081234567890"),
            lines=[LineRequest(product.id, 1)],
            choices={product.gallery_id: GalleryChoice(DeliveryMethod.PICKUP)},
            user_id=owner.id,
        ),
    )


def test_the_token_or_the_owner_opens_the_order(db_session, order):
    assert visible_order(db_session, order.code, token=order.access_token) is order
    assert visible_order(db_session, order.code.lower(), token=order.access_token) is order
    assert visible_order(db_session, order.code, token=None, user_id=order.user_id) is order


@pytest.mark.parametrize(
    "token", [None, "", "salah", "x" * 5000, "\x00", "ü" * 10, "token-lain-🙂"]
)
def test_a_wrong_token_is_the_same_answer_as_no_order(db_session, order, token):
    assert not token_matches(order, token)
    with pytest.raises(NotFound):
        visible_order(db_session, order.code, token=token)
    with pytest.raises(NotFound):
        visible_order(db_session, order.code, token=token, user_id=order.user_id + 1)
    with pytest.raises(NotFound):
        visible_order(db_session, "GR-TIDAKADA", token=order.access_token)
