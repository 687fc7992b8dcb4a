"""Shared machinery of the list pages: keyset pagination, filters, the list view with CSV."""
