from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

from core.listing.access import reader_required


@reader_required
def protected_media(request, path: str):
    """Serve uploaded files (photos, logos, scans) to the roles that may read the pages.

    Uploads can hold personal data, so they never sit in a public folder. Anonymous users are
    sent to the login (LoginRequiredMiddleware); a login without a role gets 403 *before* the
    file is looked for, so it cannot tell a missing file from a forbidden one. Stored names
    are random (core.uploads), so they cannot be guessed either.
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
