"""Personal API tokens: created and revoked by their owner, stored only as a hash.

django-rest-knox provides the token format (64 random hex characters), the SHA-512 digest
that is stored instead of the token and the authentication; this model adds the name the
owner gives a token so they can tell them apart.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    name = models.CharField(_("Bezeichnung"), max_length=100)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")

    def __str__(self):
        return f"{self.name} ({self.token_key}…)"
