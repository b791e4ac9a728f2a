"""Product search: one normaliser (normalise), the search documents and their full-text index
(index), the typo index (typos) and the engine that finds and ranks (engine)."""

from catalog.search.engine import Results, SearchQuery, Sort, search, search_products

__all__ = ["Results", "SearchQuery", "Sort", "search", "search_products"]
