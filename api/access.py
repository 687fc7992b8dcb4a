"""Who may use the API, and how often: the same roles as the pages, a rate per token.

Reading needs the manager role (editors and superusers read too), writing the editor role;
a user without a role gets 403, a request without credentials 401.
"""

import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import SimpleRateThrottle

from core.roles import is_editor, is_manager

TOKEN_FORM = re.compile(rb"[0-9a-f]{64}")


class TokenAuthentication(KnoxTokenAuthentication):
    """``Authorization: Token <64 hex characters>``; a malformed header is a 401."""

    def authenticate_credentials(self, token: bytes):
        # knox decodes and hashes whatever it is given; refuse anything that is not a token
        # before that (undecodable bytes would otherwise end in a server error).
        if not TOKEN_FORM.fullmatch(token):
            raise AuthenticationFailed(_("Ungültiger API-Schlüssel."))
        return super().authenticate_credentials(token)

    def _cleanup_token(self, auth_token) -> bool:
        """An expired key is deleted when used. (knox would also read all of the user's other
        keys on every request to delete theirs; the key page does that instead.)"""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class RolePermission(BasePermission):
    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return is_manager(request.user)
        return is_editor(request.user)


class ReaderPermission(BasePermission):
    """For the OpenAPI description: anyone who may read the data."""

    def has_permission(self, request, view):
        return is_manager(request.user)


class TokenRateThrottle(SimpleRateThrottle):
    """``API_RATE_LIMIT`` requests per token (per user for a browser session, per address
    without credentials). Counted in the default cache, so per process with the local
    memory cache; a shared cache (Redis) makes the limit global."""

    scope = "token"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        token = getattr(request.auth, "token_key", None)
        if token:
            ident = f"token:{token}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return f"api-rate:{ident}"
