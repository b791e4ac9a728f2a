"""Product search: one normaliser (normalise), the search documents and their full-text index
(index), the typo index (typos) and the engine that finds and ranks (engine)."""

from catalog.search.engine import (
    Facets,
    FacetValue,
    Found,
    Results,
    SearchQuery,
    Sort,
    Understood,
    facets,
    find,
    load,
    search,
    search_products,
    search_with_facets,
)
from catalog.search.highlight import marked

__all__ = [
    "FacetValue",
    "Facets",
    "Found",
    "Results",
    "SearchQuery",
    "Sort",
    "Understood",
    "facets",
    "find",
    "load",
    "marked",
    "search",
    "search_products",
    "search_with_facets",
]
