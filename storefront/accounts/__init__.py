"""The web face of accounts: log in and out, registration, and Flask-Login's user loader.

Users, roles and the account services are the `accounts` domain package.
"""
