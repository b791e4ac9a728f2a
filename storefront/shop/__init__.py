"""The shopper's storefront: home, kecamatan, galleries, products, categories, search."""
