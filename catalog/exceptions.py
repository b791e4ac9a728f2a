"""Named errors raised by catalog services; views turn them into messages."""


class CatalogError(Exception):
    """Base class for every error the catalog domain raises on purpose."""


class NotFound(CatalogError):
    """The asked-for record does not exist or is not visible."""
