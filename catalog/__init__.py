"""The catalog domain: who sells what and where.

Kecamatan, cooperatives, galleries, members, categories, products, photos and the stock ledger.
"""
