"""The accounts domain: users and their roles, and the services that make and close accounts.

It sits at the bottom beside the database plumbing (``catalog.db``), so every domain package
may refer to users; it imports no other domain. A user's cooperative and gallery are named by
string (``relationship("Cooperative")``), resolved in the one shared registry when the mappers
configure: ``catalog.models`` imports this package's models, so importing the catalog registers
both. The web face (log in, register, Flask-Login's loader) is ``storefront/accounts/``.
"""
