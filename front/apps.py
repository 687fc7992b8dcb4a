from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The pages staff read: lists and detail pages that combine several domain apps.

    A top layer without models: it reads people, partnerships and events, and no domain app
    imports it (the import contract in pyproject.toml, checked by ``make lint``).
    """

    name = "front"
    verbose_name = _("Seiten")
