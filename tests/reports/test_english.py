"""The report pages speak English when the browser asks for it (German is the source)."""

import pytest
from django.urls import reverse

from tests.reports.data import build_story


@pytest.fixture
def story(db):
    return build_story()


def test_dashboard_in_english(manager_client, story):
    response = manager_client.get(
        reverse("reports:dashboard") + "?period=all", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    # Python strings come from reports/locale, template strings from the project's locale/.
    for text in (
        "Events per year by kind",
        "Upcoming events",
        "Check the status",
        "Agreements signed",
    ):
        assert text in html
    labels = [f.label for f in response.context["dashboard"].figures]
    assert labels[0] == "Partners in contact"
    for german in ("Übersicht", "Anstehende", "Daten als Tabelle", "Zeitraum wählen"):
        assert german not in html


def test_partner_report_and_export_in_english(manager_client, story):
    url = reverse("reports:partner_report") + f"?organisation={story.koriyama.pk}"
    html = manager_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Partner report: Stadt Koriyama" in html
    assert "Agreement chain" in html
    response = manager_client.get(url + "&format=csv", HTTP_ACCEPT_LANGUAGE="en")
    first_line = next(iter(response.streaming_content)).decode("utf-8-sig")
    assert first_line.startswith("Date (ISO);Date;Record;Title")
