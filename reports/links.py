"""Links from report figures to the list pages behind them (agreed names, see HELPER_RULES)."""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def list_url(name: str, **params) -> str | None:
    """``name``'s URL with ``params`` as query string; None while that page does not exist."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{url}?{query}" if query else url


def detail_url(name: str, pk) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None
