"""Every kind of bad import file gets a plain message naming file, entry and field, and the
database stays exactly as it was (here: with the five articles already imported)."""

import io
import textwrap

import pytest
from django.core.management import CommandError, call_command

from articles.problems import ArticleImportError
from articles.schema import MAX_FILE_BYTES, decode, parse_article
from tests.articles.helpers import FILES, table_counts, write

pytestmark = pytest.mark.usefixtures("articles_imported", "db")

SOURCE = "source: {publisher: Stadt Essen, title: Testartikel}\n"


def import_fails(tmp_path, text: str, name: str = "test.yaml", *extra_files) -> str:
    """Import a file that must fail; the error text. Asserts that nothing was written."""
    head, _, rest = text.partition("\n")
    if head == SOURCE.strip():  # the indented body below the one-line source
        text = f"{head}\n{textwrap.dedent(rest)}"
    path = write(tmp_path, name, textwrap.dedent(text))
    before = table_counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", *map(str, extra_files), str(path), stdout=io.StringIO())
    assert table_counts() == before
    return str(raised.value)


def test_malformed_yaml(tmp_path):
    message = import_fails(tmp_path, SOURCE + "organisations:\n  - name: [Stadt Essen\n")
    assert "test.yaml: kein gültiges YAML (Zeile 4, Spalte 1)" in message


def test_not_an_article_at_all(tmp_path):
    assert "besteht aus den Abschnitten source:" in import_fails(tmp_path, "- eins\n- zwei\n")
    assert "test.yaml: Die Datei ist leer." in import_fails(tmp_path, "# nur ein Kommentar\n")
    message = import_fails(tmp_path, "organisations: []\n")
    assert "test.yaml: source: fehlt" in message


def test_binary_file(tmp_path):
    path = tmp_path / "bild.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    before = table_counts()
    with pytest.raises(CommandError, match="bild.yaml: Das ist keine Textdatei"):
        call_command("import_articles", str(path), stdout=io.StringIO())
    assert table_counts() == before


def test_too_big():
    with pytest.raises(ArticleImportError, match="erlaubt sind höchstens"):
        decode(b"# x\n" * (MAX_FILE_BYTES // 4 + 1), file="gross.yaml")


def test_aliases_and_repeated_keys_are_refused(tmp_path):
    message = import_fails(tmp_path, SOURCE + "topics:\n  - &t {name: A}\n  - *t\n")
    assert "Verweise mit * sind nicht erlaubt" in message
    message = import_fails(tmp_path, SOURCE + "topics:\n  - {name: A, name: B}\n")
    assert "das Feld 'name' steht zweimal im selben Eintrag" in message


def test_unknown_kind_with_suggestion(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        organisations:
          - {name: Neue Firma GmbH, kind: compnay}
        """,
    )
    assert (
        "test.yaml: organisations[0].kind: unbekannte Art 'compnay' (meinten Sie 'company'?)"
        in message
    )
    assert "möglich sind: city, region, company" in message


def test_unknown_role_and_status(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        events:
          - title: Treffen
            status: geplannt
            participants:
              - {organisation: Stadt Essen, role: redner}
        """,
    )
    assert "events[0].status: unbekannter Status 'geplannt' (meinten Sie 'geplant'?)" in message
    assert "events[0].participants[0].role: unbekannte Rolle 'redner'" in message


def test_missing_name_and_missing_title(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        organisations:
          - {kind: company, city: Essen}
        people:
          - roles: [{organisation: Stadt Essen}]
        events:
          - {kind: visit}
        """,
    )
    assert "test.yaml: organisations[0].name: fehlt; dieses Feld ist Pflicht" in message
    assert "test.yaml: people[0].name: fehlt" in message
    assert "test.yaml: events[0].title: fehlt" in message


def test_impossible_and_unreadable_dates(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        events:
          - {title: Treffen A, start: 2018-02-30}
          - {title: Treffen B, start: nächsten Dienstag}
        """,
    )
    assert "test.yaml: events[0].start: das Datum '2018-02-30' gibt es nicht" in message
    assert "events[1].start: 'nächsten Dienstag' ist kein Datum" in message


def test_unknown_person_with_suggestion(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        events:
          - title: Neues Treffen in Essen
            participants:
              - {person: Thomas Kufen, role: host}
              - {person: Andre Boschem}
              - {person: Tomas Kufen, role: guest}
        """,
    )
    assert (
        "test.yaml: events[0].participants[2].person: "
        "unbekannte Person 'Tomas Kufen' (meinten Sie 'Thomas Kufen'?)"
    ) in message


def test_unknown_organisation_topic_and_agreement_with_suggestions(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        agreements:
          - title: Neue Vereinbarung
            kind: loi
            supplements: Memorandum of Understandig Essen-Koriyama
            parties: [Stadt Esen]
            topics: [Umwelt, Erneuerbare Energie]
        """,
    )
    assert "agreements[0].parties[0]: unbekannte Organisation 'Stadt Esen'" in message
    assert "(meinten Sie 'Stadt Essen'?)" in message
    assert "agreements[0].topics[1]: unbekanntes Thema 'Erneuerbare Energie'" in message
    assert "unbekannte Vereinbarung 'Memorandum of Understandig Essen-Koriyama'" in message


def test_duplicate_entries(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        organisations:
          - {name: Stadt Koriyama, aliases: [Kōriyama]}
          - {name: Koriyama}
        people:
          - name: Erika Muster
          - name: Dr. Erika Muster
        events:
          - title: Treffen
            hosts: [Stadt Essen, stadt essen]
            participants:
              - {person: Erika Muster, role: guest}
              - {person: Erika Muster, role: guest}
          - title: treffen
        """,
    )
    assert "organisations[1]: doppelter Eintrag: 'Koriyama' steht schon in organisations[0]" in (
        message
    )
    assert "people[1]: doppelter Eintrag: 'Erika Muster' steht schon in people[0]" in message
    assert "events[0].hosts[1]: doppelter Eintrag" in message
    assert "events[0].participants[1]: doppelter Eintrag" in message
    assert "events[1]: doppelter Eintrag: 'treffen' steht schon in events[0]" in message


def test_unknown_field_and_section_with_suggestion(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE + "event:\n  - title: X\norganisations:\n  - {name: Firma, contry: DE}\n",
    )
    assert "event: unbekannter Abschnitt 'event' (meinten Sie 'events'?)" in message
    assert "organisations[0].contry: unbekanntes Feld 'contry' (meinten Sie 'country'?)" in message


def test_model_validation_names_the_field(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        people:
          - {name: Erika Muster, email: keine-adresse}
        """,
    )
    assert "test.yaml: people[0].email:" in message


def test_error_late_in_a_file_undoes_its_earlier_records(tmp_path):
    message = import_fails(
        tmp_path,
        SOURCE
        + """
        organisations:
          - {name: Ganz Neue GmbH, kind: company}
        people:
          - {name: Erika Muster, roles: [{organisation: Ganz Neue GmbH}]}
        events:
          - title: Treffen
            participants: [{person: Max Mustermann}]
        """,
    )
    assert "events[0].participants[0].person: unbekannte Person 'Max Mustermann'" in message


def test_error_in_the_second_file_undoes_the_first(tmp_path):
    good = write(tmp_path, "gut.yaml", SOURCE + "organisations: [{name: Ganz Neue GmbH}]\n")
    message = import_fails(
        tmp_path,
        "source: {publisher: x, title: y}\nevents: [{title: T, start: 2018-13-01}]\n",
        "zweite.yaml",
        good,
    )
    assert "zweite.yaml: events[0].start" in message


def test_two_files_that_contradict_each_other(tmp_path):
    first = write(tmp_path, "a.yaml", "source: {publisher: x, title: a}\n"
                  "organisations: [{name: Firma Eins, city: Essen}]\n")  # fmt: skip
    message = import_fails(
        tmp_path,
        "source: {publisher: x, title: b}\norganisations: [{name: firma eins, city: Bochum}]\n",
        "b.yaml",
        first,
    )
    assert "b.yaml: organisations[0].city: widerspricht a.yaml (organisations[0])" in message


def test_the_fixture_files_themselves_are_clean():
    for path in FILES.values():
        parse_article(path.read_text(encoding="utf-8"), file=path.name)


def test_messages_in_english(tmp_path):
    from django.utils import translation

    with translation.override("en"):
        message = import_fails(
            tmp_path,
            SOURCE
            + """
            events:
              - {title: Eins}
              - {title: Zwei}
              - title: Drei
                participants: [{person: Tomas Kufen}]
            """,
        )
    assert (
        "test.yaml: events[2].participants[0].person: unknown person 'Tomas Kufen' "
        "(did you mean 'Thomas Kufen'?)"
    ) in message


@pytest.mark.parametrize("escape", ["\\0", "\\uD800", "\\x07"], ids=["nul", "surrogate", "bell"])
def test_yaml_escapes_that_no_database_can_store(tmp_path, escape):
    message = import_fails(tmp_path, f'source: {{publisher: x, title: "Titel{escape}"}}\n')
    assert "test.yaml: source.title: enthält Steuerzeichen" in message


def test_deep_nesting_is_refused_with_a_message(tmp_path):
    nested = "[" * 5000 + "]" * 5000
    message = import_fails(tmp_path, SOURCE + f"topics: {nested}\n")
    assert "zu tief verschachtelt (höchstens 20 Ebenen)" in message


def test_a_number_of_thousands_of_digits_is_refused_with_a_message(tmp_path):
    message = import_fails(
        tmp_path, SOURCE + "delegations:\n  - {title: Reise, head_count: " + "9" * 5000 + "}\n"
    )
    assert "eine Zahl mit mehr als 30 Stellen" in message


def test_thousands_of_entries_are_refused_before_anything_is_looked_up(tmp_path):
    organisations = "".join(f"  - {{name: Org {i}}}\n" for i in range(13_000))
    path = write(tmp_path, "viele.yaml", SOURCE + "organisations:\n" + organisations)
    assert path.stat().st_size < MAX_FILE_BYTES
    message = import_fails(tmp_path, path.read_text(), "viele.yaml")
    assert "Die Datei enthält 13000 Einträge; ein Artikel hat höchstens 2000." in message
