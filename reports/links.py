"""Links from report figures to the list pages behind them (agreed names, see HELPER_RULES)."""

from urllib.parse import urlencode

from django.urls import reverse


def list_url(name: str, **params) -> str:
    """``name``'s URL with ``params`` (empty ones dropped) as its query string."""
    url = reverse(name)
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{url}?{query}" if query else url
