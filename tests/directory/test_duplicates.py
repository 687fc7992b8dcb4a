"""One matcher: the admin asks before creating a likely duplicate, the duplicates page ranks
pairs with their reasons and leads to the merge page, which merges."""

import pytest
from django.urls import reverse

from people.matching import organisation_matches, organisation_pairs, person_matches, person_pairs
from people.models import Organisation, Person
from tests import factories


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ("Stadt Kawagoe", "Kawagoe"),
        ("Kōriyama", "Koriyama City"),
        ("Industrie- und Handelskammer zu Dortmund", "IHK zu Dortmund"),
        ("Volkswagen AG", "volkswagen"),
    ],
)
def test_organisation_name_variants_match(db, existing, new):
    known = factories.make_organisation(name=existing)
    matches = organisation_matches(Organisation(name=new, country="DE"))
    assert [m.record for m in matches] == [known]


def test_an_alias_matches_and_a_different_country_ranks_lower(db):
    alias = factories.make_organisation(name="Kreisverwaltung X", aliases="Landkreis Ybach")
    abroad = factories.make_organisation(name="Ybach", country="AT")
    matches = organisation_matches(Organisation(name="Landkreis Ybach", country="DE"))
    assert [m.record for m in matches] == [alias]  # the Austrian namesake scores below zero
    assert abroad not in [m.record for m in matches]


def test_people_match_across_honorifics_umlauts_variants_and_email(db):
    mayor = factories.make_person(honorific="Dr.", given_name="Jürgen", family_name="Müller")
    variant = factories.make_person(
        given_name="Haruo", family_name="Hoshi", name_variants="Hoshi Haruo"
    )
    mailer = factories.make_person(
        given_name="A.", family_name="Weber", email="a.weber@example.org"
    )
    assert [
        m.record for m in person_matches(Person(given_name="Juergen", family_name="Mueller"))
    ] == [mayor]
    assert [m.record for m in person_matches(Person(given_name="Hoshi", family_name="Haruo"))] == [
        variant
    ]
    by_mail = person_matches(
        Person(given_name="Anna", family_name="Weber", email="A.Weber@example.org")
    )
    assert [m.record for m in by_mail] == [mailer]
    assert person_matches(Person(given_name="Jürgen", family_name="Meier")) == []


def test_erased_people_are_nobodys_duplicate(db):
    erased = factories.make_person(given_name="Erika", family_name="Muster")
    Person.objects.filter(pk=erased.pk).update(match_key="")
    assert person_pairs() == []


def test_pairs_are_ranked_and_say_why(db):
    city = factories.make_organisation(name="Stadt Essen")
    a = factories.make_person(given_name="Thomas", family_name="Kufen")
    b = factories.make_person(honorific="Dr.", given_name="Thomas", family_name="Kufen")
    for person in (a, b):
        factories.make_affiliation(person, city)
    c = factories.make_person(given_name="Maren", family_name="Schulze", email="m@example.org")
    d = factories.make_person(given_name="M.", family_name="Schulze", email="m@example.org")
    pairs = person_pairs()
    assert [(p.first, p.second) for p in pairs] == [(a, b), (c, d)]
    assert [str(r) for r in pairs[0].reasons] == [
        "gleicher Name",
        "Funktion bei derselben Organisation",
    ]
    factories.make_organisation(name="Kawagoe", country="JP")
    factories.make_organisation(name="Stadt Kawagoe", country="JP")
    assert len(organisation_pairs()) == 1


def test_the_admin_asks_before_creating_a_likely_duplicate(editor_client, db):
    known = factories.make_organisation(name="Stadt Kawagoe", country="JP")
    url = reverse("admin:people_organisation_add")
    data = {"name": "Kawagoe", "kind": "city", "country": "JP",
            "affiliations-TOTAL_FORMS": "0", "affiliations-INITIAL_FORMS": "0"}  # fmt: skip
    response = editor_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diesen Eintrag gibt es wahrscheinlich schon" in html
    assert f'href="{known.get_absolute_url()}"' in html
    assert Organisation.objects.count() == 1
    response = editor_client.post(url, {**data, "confirm_new": "on"})
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


def test_the_duplicates_page_leads_to_a_merge(editor_client, db, django_assert_max_num_queries):
    a = factories.make_person(given_name="Thomas", family_name="Kufen")
    b = factories.make_person(honorific="Dr.", given_name="Thomas", family_name="Kufen")
    factories.make_participation(person=b)
    with django_assert_max_num_queries(12):
        page = editor_client.get(reverse("directory:duplicates")).content.decode()
    merge_url = reverse("directory:merge", args=["person", a.pk, b.pk])
    assert f'href="{merge_url}"' in page
    with django_assert_max_num_queries(16):
        side_by_side = editor_client.get(merge_url).content.decode()
    assert "Dr." in side_by_side and "1 Teilnahmen" in side_by_side
    response = editor_client.post(merge_url, {"honorific": "second"})
    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    survivor = Person.objects.get()
    assert survivor.honorific == "Dr." and survivor.participations.count() == 1


def test_the_pages_keep_their_query_counts_as_data_grows(
    editor_client, db, django_assert_num_queries
):
    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            editor_client.get(reverse("directory:duplicates"))
        return len(captured)

    factories.make_person(given_name="Ada", family_name="Lovelace")
    factories.make_person(given_name="Ada", family_name="Lovelace")
    factories.make_organisation(name="Stadt Einzeln")  # one query per section that has pairs
    factories.make_organisation(name="Einzeln")
    few = queries()
    for n in range(5):
        for _copy in range(2):
            factories.make_person(given_name=f"Name{n}", family_name="Doppelt")
        factories.make_organisation(name=f"Stadt Doppel{n}")
        factories.make_organisation(name=f"Doppel{n}")
    assert queries() == few
