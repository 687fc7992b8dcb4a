"""Response headers that keep personal data in the browser where it belongs.

* A Content Security Policy: scripts, styles, images and fonts only from this site, no
  inline scripts, no plugins, no framing, no ``<base>`` rewriting. Django 5.2 has no CSP
  of its own; the policy is short enough not to need a package.
* ``Cache-Control: no-store`` on every response to a logged-in user: pages, exports and
  media files can all hold personal data, and a shared proxy or the back button of a
  borrowed browser must not keep a copy.
* The client address for the login brute-force limit (django-axes), read behind a proxy.
* History reverts in the admin need the change permission (see the function at the end).
"""

import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# Style attributes (``style="width: 40%"``) stay allowed: they cannot run code, and autoescaping
# keeps user text out of them. ``<style>`` elements and inline scripts are refused.
DEFAULT_CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def content_security_policy() -> str:
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY)
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


class SecurityHeadersMiddleware:
    """Adds the CSP to every response and ``no-store`` to every response for a logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical error pages (DEBUG only) use inline scripts and styles.
        debug_page = settings.DEBUG and response.status_code >= 400
        if not debug_page:
            response.setdefault("Content-Security-Policy", self.policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


def client_ip(request) -> str:
    """The address the request came from, as the nearest trusted proxy saw it.

    With ``NUM_PROXIES`` proxies in front, the last ``NUM_PROXIES`` entries of
    X-Forwarded-For were written by them; anything further left is client-controlled and
    must not pick the lock-out key.
    """
    proxies = getattr(settings, "NUM_PROXIES", 0)
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (HTTP 429), in German, saying how long to wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def require_change_permission_to_revert() -> None:
    """Close a gap in django-simple-history's admin: its history form view ("Revert …")
    saves a POST after checking only the *view* permission (the revert button is merely
    hidden), so a read-only manager could rewrite a record from its history. Such a POST now
    needs the change permission, like the change form. Called once from PrivacyConfig.ready().
    """
    from simple_history.admin import SimpleHistoryAdmin

    original = SimpleHistoryAdmin.history_form_view
    if getattr(original, "requires_change_permission", False):
        return

    @functools.wraps(original)
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return original(self, request, object_id, version_id, extra_context)

    history_form_view.requires_change_permission = True
    SimpleHistoryAdmin.history_form_view = history_form_view
