from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Datenschutz")

    def ready(self):
        from core.security import require_change_permission_to_revert

        # Read-only users must not rewrite personal data through the history form.
        require_change_permission_to_revert()
