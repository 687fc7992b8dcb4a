"""``manage.py import_articles``: idempotent, dry run, JSON, --if-empty, history, exit code."""

import io

import pytest
from django.core.management import CommandError, call_command

from people.models import Organisation, Person, Source, name_matches
from tests.articles.helpers import FILES, run_import, table_counts, write
from tests.factories import make_organisation, make_person, make_source


@pytest.mark.django_db
def test_second_run_creates_and_changes_nothing_and_says_so():
    first = run_import()
    assert first["counts"]["person"]["created"] > 20
    after_first = table_counts()

    second = run_import()
    assert second["nothing_to_do"] is True
    assert second["changes"] == []
    for kind, counts in second["counts"].items():
        assert counts["created"] == counts["updated"] == 0, kind
        assert counts["unchanged"] == sum(first["counts"][kind].values()), kind
    assert table_counts() == after_first  # not even a history row

    out = io.StringIO()
    call_command("import_articles", stdout=out)
    assert "Nichts zu tun" in out.getvalue()


@pytest.mark.django_db
def test_dry_run_writes_nothing_but_reports_what_a_real_run_would_do():
    before = table_counts()
    dry = run_import("--dry-run")
    assert dry["dry_run"] is True and dry["nothing_to_do"] is False
    assert dry["files"] == sorted(path.name for path in FILES.values())  # the default: all
    assert table_counts() == before
    real = run_import()
    assert real["counts"] == dry["counts"]


@pytest.mark.django_db
def test_text_output_lists_counts_per_kind():
    out = io.StringIO()
    call_command("import_articles", str(FILES["qlee"]), stdout=out)
    text = out.getvalue()
    assert "Organisationen" in text and "angelegt" in text
    assert "2024-02-qlee-japan-delegation.yaml" in text


@pytest.mark.django_db
def test_if_empty_imports_on_first_start_only():
    assert run_import("--if-empty")["counts"]["source"]["created"] == 5
    # Staff edit a record; the next start must not overwrite it.
    Person.objects.filter(family_name="Kufen").update(notes="von Hand ergänzt")
    before = table_counts()
    assert run_import("--if-empty") == {"skipped": True}
    assert table_counts() == before


@pytest.mark.django_db
def test_if_empty_skips_when_any_source_exists():
    make_source()
    assert run_import("--if-empty") == {"skipped": True}
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_history_says_which_file_a_record_came_from():
    run_import(FILES["essen_2018"])
    kufen = Person.objects.get(family_name="Kufen")
    entry = kufen.history.get()
    assert entry.history_change_reason == "Artikelimport: 2018-11-essen-koriyama-delegation.yaml"


@pytest.mark.django_db
def test_later_article_enriches_records_of_an_earlier_one():
    run_import(FILES["essen_2018"])
    koriyama = Organisation.objects.get(name="Stadt Koriyama")
    summary = run_import(FILES["essen_2019"])
    assert summary["counts"]["organisation"]["updated"] >= 1
    koriyama.refresh_from_db()
    assert koriyama.sources.count() == 2
    assert Person.objects.filter(family_name="Kufen").count() == 1
    updated = {c["label"] for c in summary["changes"] if c["action"] == "updated"}
    assert "Thomas Kufen" in updated


@pytest.mark.django_db
def test_names_resolve_to_existing_records_accent_and_case_insensitively():
    # Records staff typed in before the import, spelt differently from the article.
    ewg = make_organisation(
        name="Essener Wirtschaftsförderung", kind=Organisation.Kind.ECONOMIC_DEVELOPMENT
    )
    kufen = make_person(given_name="THOMAS", family_name="KÜFEN", email="ob@essen.de")
    run_import(FILES["essen_2018"])
    ewg.refresh_from_db()
    kufen.refresh_from_db()
    assert Organisation.objects.filter(short_name="EWG").get() == ewg
    assert ewg.name == "Essener Wirtschaftsförderung"  # names are never replaced …
    assert "EWG – Essener Wirtschaftsförderungsgesellschaft mbH" in ewg.aliases  # … but added
    assert list(name_matches(Person.objects.all(), "Thomas Kufen")) == [kufen]
    assert kufen.email == "ob@essen.de"  # a field the article does not give is kept
    assert kufen.agreementparticipants.count() == 2


@pytest.mark.django_db
def test_error_exits_non_zero_and_names_the_file(tmp_path):
    bad = write(tmp_path, "kaputt.yaml", "source: {publisher: x, title: y}\nevents: [1]\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", str(bad), stdout=io.StringIO())
    assert "kaputt.yaml: events[0]: erwartet einen Eintrag" in str(raised.value)
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("import_articles", str(tmp_path / "fehlt.yaml"), stdout=io.StringIO())


@pytest.mark.django_db
def test_json_output_of_an_error_lists_the_problems(tmp_path):
    bad = write(tmp_path, "kaputt.yaml", "source: {publisher: x}\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", "--json", str(bad), stdout=out)
    assert '"path": "source.title"' in out.getvalue()
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_a_file_that_only_adds_links_leaves_one_history_entry_naming_it(tmp_path):
    run_import(FILES["essen_2018"])
    essen = Organisation.objects.get(name="Stadt Essen")
    before = essen.history.count()
    extra = write(
        tmp_path,
        "nachtrag.yaml",
        "source: {publisher: Stadt Essen, title: Nachtrag}\n"
        "topics: [{name: Wasserstoff, slug: wasserstoff}]\n"
        "organisations: [{name: Stadt Essen, sectors: [Wasserstoff]}]\n",
    )
    run_import(extra)  # adds a sector and a source: two links, one history entry
    assert essen.history.count() == before + 1
    assert essen.history.first().history_change_reason == "Artikelimport: nachtrag.yaml"
    assert run_import(extra)["nothing_to_do"]
    assert essen.history.count() == before + 1
