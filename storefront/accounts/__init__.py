"""Accounts: users, roles, log in and out, registration."""
