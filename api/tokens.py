"""The page where a user creates and revokes their own API keys.

A key is shown once, right after it is created; only its SHA-512 digest is stored (knox), so
a lost key cannot be shown again, only revoked and replaced.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from api.models import ApiToken
from core.listing.access import ReaderRequiredMixin

LIFETIMES = {"30": 30, "90": 90, "365": 365}
MAX_TOKENS_PER_USER = 20


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=100,
        help_text=_("Wofür der Schlüssel ist, z. B. „Jahresbericht BI“."),
    )
    lifetime = forms.ChoiceField(
        label=_("gültig für"),
        choices=[("30", _("30 Tage")), ("90", _("90 Tage")), ("365", _("ein Jahr"))],
        initial="90",
    )  # fmt: skip


class TokenPageView(ReaderRequiredMixin, View):
    template_name = "api/tokens.html"

    def get(self, request):
        return self._page(request, TokenForm())

    def post(self, request):
        if "revoke" in request.POST:
            token = get_object_or_404(
                ApiToken, user=request.user, digest=request.POST.get("revoke", "")[:128]
            )
            token.delete()
            messages.success(
                request, _("Der Schlüssel „%(name)s“ gilt nicht mehr.") % {"name": token.name}
            )
            return redirect("api_tokens")
        form = TokenForm(request.POST)
        if form.is_valid() and self._tokens(request).count() >= MAX_TOKENS_PER_USER:
            form.add_error(
                None,
                _("Höchstens %(n)s Schlüssel je Person; widerrufen Sie einen alten.")
                % {"n": MAX_TOKENS_PER_USER},
            )
        if not form.is_valid():
            return self._page(request, form, status=400)
        days = LIFETIMES[form.cleaned_data["lifetime"]]
        token, key = ApiToken.objects.create(
            user=request.user, expiry=timedelta(days=days), name=form.cleaned_data["name"]
        )
        return self._page(request, TokenForm(), new_key=key, new_token=token)

    @staticmethod
    def _tokens(request):
        mine = ApiToken.objects.filter(user=request.user)
        mine.filter(expiry__lt=timezone.now()).delete()
        return mine

    def _page(self, request, form, status=200, **extra):
        context = {"form": form, "tokens": list(self._tokens(request)), **extra}
        # Not cached: core.security marks every response to a logged-in user no-store.
        return render(request, self.template_name, context, status=status)
