"""Named errors raised by the orders domain; views turn them into messages."""

from __future__ import annotations


class OrderError(Exception):
    """Base class for every error the orders domain raises on purpose."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class InvalidTransition(OrderError):
    """A state change the transition table does not allow."""


class OutOfStock(OrderError):
    """A line cannot be served: the product is sold out, short, hidden or archived."""

    def __init__(self, message: str, product_name: str, available: int = 0) -> None:
        super().__init__(message, name=product_name, available=available)
        self.product_name = product_name
        self.available = available


class PricesChanged(OrderError):
    """Prices moved since the shopper reviewed the cart; they must see the new ones first."""


class CheckoutInvalid(OrderError):
    """Checkout input breaks a rule; ``field`` names the input."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class PaymentError(OrderError):
    """The payment provider refused or could not be reached."""


class RefundRefused(PaymentError):
    """Stripe answered a refund request with a definite no (nothing was refunded); ``detail``
    is its message, for the payment record."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class CancelRefused(OrderError):
    """A cancellation or refund the rules do not allow now (already done, too late, too much)."""
