"""Admin: "Artikel importieren" on the source list, for editors.

The upload runs as a dry run first and shows what would be created or changed (or what is
wrong with the file); only the confirmation writes. Managers, who only read, get 403.
"""

from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from articles.forms import ConfirmForm, UploadForm
from articles.problems import ArticleImportError
from articles.schema import parse_article
from articles.services import import_articles
from articles.summary import DUPLICATES_HEAD
from core.roles import is_editor
from people.admin import SourceAdmin
from people.models import Source


def _run(*, name: str, text: str, user, dry_run: bool):
    """(summary, problems) of importing one uploaded file."""
    try:
        article = parse_article(text, file=name, reference=Path(name).stem)
        return import_articles(articles=[article], dry_run=dry_run, user=user), []
    except ArticleImportError as error:
        return None, error.problems


class SourceWithArticleImportAdmin(SourceAdmin):
    change_list_template = "admin/articles/source_change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [
            path("artikel-importieren/", view, name="people_source_import_articles"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_articles": is_editor(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not is_editor(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Artikel importieren"),
            "form": UploadForm(),
            "duplicates_head": DUPLICATES_HEAD,
        }
        if request.method == "POST" and "payload" in request.POST:
            confirm = ConfirmForm(request.POST, user=request.user)
            if not confirm.is_valid():
                context["problems"] = confirm.errors["payload"]
            else:
                name, text = confirm.cleaned_data["payload"]
                summary, problems = _run(name=name, text=text, user=request.user, dry_run=False)
                if summary is not None:
                    self.message_user(request, _import_message(name, summary), messages.SUCCESS)
                    if summary.likely_duplicates:
                        self.message_user(request, _duplicates_message(summary), messages.WARNING)
                    return redirect("admin:people_source_changelist")
                context.update(file_name=name, problems=[p.message_with_path for p in problems])
        elif request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                name, text = form.cleaned_data["file"]
                summary, problems = _run(name=name, text=text, user=request.user, dry_run=True)
                context.update(file_name=name, summary=summary)
                context["problems"] = [p.message_with_path for p in problems]
                if summary is not None and not summary.nothing_to_do:
                    context["confirm"] = ConfirmForm.for_upload(
                        user=request.user, name=name, text=text
                    )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/import.html", context)


def _duplicates_message(summary) -> str:
    items = format_html_join("", "<li>{}</li>", ((d.text(),) for d in summary.likely_duplicates))
    return format_html(
        '{} <a href="{}">{}</a><ul>{}</ul>',
        DUPLICATES_HEAD, reverse("directory:duplicates"), _("Mögliche Dubletten öffnen"), items,
    )  # fmt: skip


def _import_message(name: str, summary) -> str:
    if summary.nothing_to_do:
        return _("%(file)s: nichts zu tun, alles war schon importiert.") % {"file": name}
    created = sum(c["created"] for c in summary.counts.values())
    updated = sum(c["updated"] for c in summary.counts.values())
    return _("%(file)s importiert: %(created)s Einträge angelegt, %(updated)s geändert.") % {
        "file": name,
        "created": created,
        "updated": updated,
    }


admin.site.unregister(Source)
admin.site.register(Source, SourceWithArticleImportAdmin)
