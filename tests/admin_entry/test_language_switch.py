"""A visible DE/EN switch in the header of the app pages and of the admin."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _switch(client, language, next_url):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.mark.parametrize(
    ("url", "german", "english"),
    [
        ("/", "Abmelden", "Log out"),
        ("/admin/", "Passwort ändern", "Change password"),
    ],
)
def test_switch_to_english_and_back(editor_client, url, german, english):
    page = editor_client.get(url).content.decode()
    assert german in page
    assert f'action="{reverse("set_language")}"' in page
    assert 'name="language" value="en"' in page and 'name="next" value="' + url in page

    response = _switch(editor_client, "en", url)
    assert response.status_code == 302 and response["Location"] == url  # the same page
    page = editor_client.get(url).content.decode()
    assert english in page and german not in page
    assert '<html lang="en"' in page

    _switch(editor_client, "de", url)
    assert german in editor_client.get(url).content.decode()


def test_the_switch_needs_the_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert _switch(client, "en", "/").status_code == 403
