"""Reports are for managers and editors; outsiders get 403, anonymous users the login page."""

import pytest
from django.urls import reverse

PAGES = [
    reverse("reports:dashboard"),
    reverse("reports:partner_report"),
    reverse("reports:period_report"),
    reverse("reports:calendar"),
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", PAGES)
def test_outsider_is_refused(outsider_client, url):
    assert outsider_client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["manager_client", "editor_client", "superuser_client"])
def test_managers_and_editors_see_reports(db, request, who, url):
    client = request.getfixturevalue(who)
    assert client.get(url).status_code == 200


def test_outsider_cannot_download(outsider_client):
    url = reverse("reports:period_report") + "?date_from=2018-01-01&date_to=2019-12-31"
    assert outsider_client.get(url + "&format=xlsx").status_code == 403
    assert outsider_client.get(url + "&format=csv").status_code == 403


def test_outsider_cannot_create_a_calendar_token(outsider_client, outsider):
    response = outsider_client.post(reverse("reports:calendar"), {"action": "create"})
    assert response.status_code == 403
    assert not outsider.calendar_tokens.exists()


def test_nav_link_only_for_managers(manager_client, outsider_client):
    dashboard = reverse("reports:dashboard")
    assert f'href="{dashboard}"' in manager_client.get(reverse("home")).content.decode()
    assert f'href="{dashboard}"' not in outsider_client.get(reverse("home")).content.decode()
