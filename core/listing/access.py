"""Who may read the list, detail, search, encounter and report pages: managers and editors.

Anonymous users never get here (LoginRequiredMiddleware sends them to the login); a
logged-in user without a role gets 403, as on the report pages.
"""

from functools import wraps

from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied

from core.roles import is_manager


class ReaderRequiredMixin(UserPassesTestMixin):
    raise_exception = True  # logged in but not allowed: 403, not another login form

    def test_func(self):
        return is_manager(self.request.user)


def reader_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
