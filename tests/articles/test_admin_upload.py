"""The "Artikel importieren" admin page: preview first, import on confirm, editors only."""

import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.schema import MAX_FILE_BYTES
from people.models import Organisation, Person, Source
from tests.articles.helpers import FILES, table_counts

URL = reverse("admin:people_source_import_articles")
CHANGELIST = reverse("admin:people_source_changelist")


def upload(client, name: str, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def payload_of(response) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "no confirm form on the page"
    return match.group(1)


def test_editor_sees_the_link_and_the_form(editor_client):
    changelist = editor_client.get(CHANGELIST)
    assert URL in changelist.content.decode()
    page = editor_client.get(URL)
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()


def test_manager_gets_403_and_no_link(manager_client):
    assert URL not in manager_client.get(CHANGELIST).content.decode()
    assert manager_client.get(URL).status_code == 403
    before = table_counts()
    response = upload(manager_client, "a.yaml", FILES["qlee"].read_bytes())
    assert response.status_code == 403
    assert table_counts() == before


def test_outsider_is_sent_to_the_login(outsider_client):
    response = outsider_client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_preview_writes_nothing_then_confirm_imports(editor_client, editor):
    before = table_counts()
    preview = upload(editor_client, FILES["qlee"].name, FILES["qlee"].read_bytes())
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Vorschau für 2024-02-qlee-japan-delegation.yaml" in text
    assert "Henry Tackenberg" in text  # listed among the records it would create
    assert table_counts() == before

    done = editor_client.post(URL, {"payload": payload_of(preview)})
    assert done.status_code == 302 and done["Location"] == CHANGELIST
    source = Source.objects.get(reference="2024-02-qlee-japan-delegation")
    assert source.author == "Germaine Gräff"
    person = Person.objects.get(family_name="Tackenberg")
    history = person.history.get()
    assert history.history_user == editor
    assert "2024-02-qlee-japan-delegation.yaml" in history.history_change_reason
    message = editor_client.get(CHANGELIST).content.decode()
    assert "2024-02-qlee-japan-delegation.yaml importiert" in message


def test_second_upload_of_the_same_article_has_nothing_to_do(editor_client):
    content = FILES["dortmund"].read_bytes()
    editor_client.post(URL, {"payload": payload_of(upload(editor_client, "d.yaml", content))})
    before = table_counts()
    again = upload(editor_client, "d.yaml", content)
    text = again.content.decode()
    assert "Nichts zu tun" in text
    assert 'name="payload"' not in text
    assert table_counts() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kaputt.yaml", b"source: {publisher: [x\n", "kein gültiges YAML"),
        ("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "keine Textdatei"),
        ("liste.yaml", b"- a\n- b\n", "besteht aus den Abschnitten"),
        ("riesig.yaml", b"#" * (MAX_FILE_BYTES + 1), "erlaubt sind höchstens"),
        (
            "tippfehler.yaml",
            b"source: {publisher: x, title: y}\nevents:\n"
            b"  - {title: T, participants: [{person: Tomas Kufen}]}\n",
            "unbekannte Person &#x27;Tomas Kufen&#x27;",
        ),
        ("latin1.yaml", "source: {publisher: Köln}".encode("latin-1"), "keine Textdatei"),
    ],
    ids=["malformed", "binary", "wrong-structure", "huge", "unknown-person", "not-utf8"],
)
def test_bad_upload_gets_a_clear_message_and_writes_nothing(editor_client, name, content, message):
    before = table_counts()
    response = upload(editor_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'name="payload"' not in response.content.decode()
    assert table_counts() == before


def test_suggestion_names_the_entry(editor_client):
    preview = upload(editor_client, "e.yaml", FILES["essen_2018"].read_bytes())
    editor_client.post(URL, {"payload": payload_of(preview)})
    content = (
        b"source: {publisher: x, title: y}\nevents:\n"
        b"  - {title: T, participants: [{person: Tomas Kufen}]}\n"
    )
    text = upload(editor_client, "t.yaml", content).content.decode()
    assert "events[0].participants[0].person" in text
    assert "meinten Sie &#x27;Thomas Kufen&#x27;?" in text


def test_tampered_or_foreign_payload_is_refused(editor_client, superuser_client):
    preview = upload(superuser_client, "q.yaml", FILES["qlee"].read_bytes())
    foreign = payload_of(preview)  # signed for another user
    before = table_counts()
    for payload in (foreign, foreign[:-3] + "abc", "nonsense"):
        response = editor_client.post(URL, {"payload": payload})
        assert response.status_code == 200
        assert "Vorschau ist abgelaufen oder ungültig" in response.content.decode()
    assert table_counts() == before


def test_confirm_fails_cleanly_if_the_database_changed_meanwhile(editor_client, editor):
    content = (
        b"source: {publisher: x, title: y}\n"
        b"organisations: [{name: Neue Firma, kind: company, country: DE}]\n"
    )
    payload = payload_of(upload(editor_client, "n.yaml", content))
    # Someone else adds a second record under the same name before the confirm.
    Organisation.objects.create(name="neue firma", country="JP")
    Organisation.objects.create(name="Neue Firma", country="FR")
    before = table_counts()
    response = editor_client.post(URL, {"payload": payload})
    assert response.status_code == 200
    assert "passt auf mehrere Einträge" in response.content.decode()
    assert table_counts() == before


def test_payload_cannot_be_forged_without_the_key(editor_client, editor):
    forged = signing.dumps(
        {"name": "x.yaml", "text": "source: {publisher: x, title: y}"},
        key="not-the-secret-key",
        salt=f"articles.import.{editor.pk}",
    )
    response = editor_client.post(URL, {"payload": forged})
    assert "Vorschau ist abgelaufen oder ungültig" in response.content.decode()
    assert not Source.objects.exists()


def test_control_characters_in_values_and_file_name(editor_client):
    content = b'source: {publisher: "Stadt\\0Essen", title: Titel}\n'
    response = upload(editor_client, "a\x07rtikel.yaml", content)
    text = response.content.decode()
    assert response.status_code == 200
    assert "artikel.yaml kann nicht importiert werden" in text
    assert "source.publisher: enthält Steuerzeichen" in text
    assert not Source.objects.exists()
