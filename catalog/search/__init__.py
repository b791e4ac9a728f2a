"""Product search: one normaliser (normalise), the search documents and their full-text index
(index), the typo index (typos) and the engine that finds and ranks (engine)."""

from catalog.search.engine import (
    Facets,
    FacetValue,
    Results,
    SearchQuery,
    Sort,
    Understood,
    facets,
    search,
    search_products,
    search_with_facets,
)
from catalog.search.highlight import marked

__all__ = [
    "FacetValue",
    "Facets",
    "Results",
    "SearchQuery",
    "Sort",
    "Understood",
    "facets",
    "marked",
    "search",
    "search_products",
    "search_with_facets",
]
