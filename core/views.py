from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "core/home.html"


def protected_media(request, path: str):
    """Serve uploaded files (photos, logos, scans) only to logged-in users.

    Uploads can hold personal data, so they never sit in a public folder.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        target = (root / path).resolve()
    except (OSError, ValueError):
        raise Http404 from None
    if root not in target.parents or not target.is_file():
        raise Http404
    response = FileResponse(target.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{target.name}"'
    return response
