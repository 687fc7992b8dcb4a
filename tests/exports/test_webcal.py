"""The calendar page offers the feed address also as a webcal:// subscribe link."""

from django.test import Client
from django.urls import reverse

PAGE = reverse("reports:calendar")


def test_webcal_link_is_the_feed_address_with_the_webcal_scheme(manager_client, db):
    response = manager_client.post(PAGE, {"action": "create", "query": "kind=signing"})
    page = manager_client.get(response["Location"])
    feed_url, webcal_url = page.context["feed_url"], page.context["webcal_url"]
    assert feed_url.startswith("http://testserver/")
    assert webcal_url == "webcal://" + feed_url.removeprefix("http://")
    html = page.content.decode()
    assert f'href="{webcal_url}" data-subscribe="webcal"' in html
    # the address behind the link is the feed itself, no login needed
    path = webcal_url.removeprefix("webcal://testserver")
    assert Client().get(path).status_code == 200
    again = manager_client.get(PAGE)  # shown once, as the feed address
    assert again.context["webcal_url"] is None
    assert "webcal://" not in again.content.decode()


def test_webcal_link_uses_the_request_host(manager_client, db, settings):
    settings.ALLOWED_HOSTS = ["crm.example.org"]
    response = manager_client.post(PAGE, {"action": "create"}, HTTP_HOST="crm.example.org")
    page = manager_client.get(response["Location"], HTTP_HOST="crm.example.org")
    assert page.context["webcal_url"].startswith("webcal://crm.example.org/berichte/")
