"""Who may see reports: managers and editors (core.roles.is_manager).

Anonymous users never reach these views (LoginRequiredMiddleware sends them to the login);
a logged-in user without a role gets 403.
"""

from django.contrib.auth.mixins import UserPassesTestMixin

from core.roles import is_manager


class ManagerRequiredMixin(UserPassesTestMixin):
    raise_exception = True  # logged in but not allowed: 403, not another login form

    def test_func(self):
        return is_manager(self.request.user)
