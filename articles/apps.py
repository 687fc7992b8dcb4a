from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """Imports press articles (one YAML file each) into the CRM. Nothing imports this app."""

    name = "articles"
    verbose_name = _("Artikelimport")
