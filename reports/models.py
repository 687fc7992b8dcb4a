"""Reports own no domain tables; only the secret tokens of the calendar feed live here."""

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    """Only the SHA-256 of a token is stored, so a copy of the database cannot read calendars."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarToken(models.Model):
    """A secret that lets a calendar program fetch one user's event feed without a session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer/in"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    token_hash = models.CharField(_("Prüfsumme"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("zuletzt abgerufen"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Kalender-Zugangsschlüssel")
        verbose_name_plural = _("Kalender-Zugangsschlüssel")
        constraints = [
            # One live token per user: creating a new one revokes the old one first.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendartoken_one_active_per_user",
            ),
        ]

    def __str__(self):
        state = _("widerrufen") if self.revoked_at else _("aktiv")
        return f"{self.user} ({state})"

    @classmethod
    def issue(cls, user) -> tuple["CalendarToken", str]:
        """Revoke the user's live token and create a new one; returns it with its plain secret."""
        secret = secrets.token_urlsafe(32)
        with transaction.atomic():
            cls.objects.active().filter(user=user).update(revoked_at=timezone.now())
            token = cls.objects.create(user=user, token_hash=hash_token(secret))
        return token, secret

    @classmethod
    def revoke_for(cls, user) -> int:
        return cls.objects.active().filter(user=user).update(revoked_at=timezone.now())

    @classmethod
    def find_active(cls, secret: str):
        """The live token for ``secret`` (with its user), or None."""
        if not secret or len(secret) > 100:
            return None
        tokens = cls.objects.active().select_related("user")
        return tokens.filter(token_hash=hash_token(secret)).first()
