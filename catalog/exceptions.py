"""Named errors raised by catalog services; views turn them into messages."""


class CatalogError(Exception):
    """Base class for every error the catalog domain raises on purpose."""


class NotFound(CatalogError):
    """The asked-for record does not exist or is not visible."""


class InvalidInput(CatalogError):
    """A value a person typed breaks a business rule; ``field`` names the input.

    ``message`` is an English msgid marked with ``N_``; ``params`` fill its placeholders.
    """

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


class DuplicateName(InvalidInput):
    """Another record in the same scope already has this name."""


class InsufficientStock(CatalogError):
    """A stock change would take the level below zero."""

    def __init__(self, product_name: str, available: int, requested: int) -> None:
        super().__init__(f"{product_name}: {available} in stock, {requested} requested")
        self.product_name = product_name
        self.available = available
        self.requested = requested


class StockChanged(CatalogError):
    """The stock moved (a sale, another manager) between reading and changing it."""

    def __init__(self, product_name: str, current: int) -> None:
        super().__init__(f"{product_name}: stock is now {current}")
        self.product_name = product_name
        self.current = current
