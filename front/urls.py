"""The list and detail pages, under the URL namespaces of the domain they show."""

from django.urls import path

from front.views import events, partnerships, people

people_urls = (
    [
        path("organisationen/", people.OrganisationListView.as_view(), name="organisation_list"),
        path(
            "organisationen/<int:pk>/",
            people.OrganisationDetailView.as_view(),
            name="organisation_detail",
        ),
        path("personen/", people.PersonListView.as_view(), name="person_list"),
        path("personen/<int:pk>/", people.PersonDetailView.as_view(), name="person_detail"),
        path("personen/<int:pk>/vcard/", people.person_vcard, name="person_vcard"),
    ],
    "people",
)

partnerships_urls = (
    [
        path("delegationen/", partnerships.DelegationListView.as_view(), name="delegation_list"),
        path(
            "delegationen/<int:pk>/",
            partnerships.DelegationDetailView.as_view(),
            name="delegation_detail",
        ),
        path("vereinbarungen/", partnerships.AgreementListView.as_view(), name="agreement_list"),
        path(
            "vereinbarungen/<int:pk>/",
            partnerships.AgreementDetailView.as_view(),
            name="agreement_detail",
        ),
    ],
    "partnerships",
)

events_urls = (
    [
        path("veranstaltungen/", events.EventListView.as_view(), name="event_list"),
        path("veranstaltungen/<int:pk>/", events.EventDetailView.as_view(), name="event_detail"),
        path("begegnungen/", events.EncounterListView.as_view(), name="encounter_list"),
        path("begegnungen/netz/", events.EncounterGraphView.as_view(), name="encounter_graph"),
        path("begegnungen/netz/daten/", events.encounter_graph_data, name="encounter_graph_data"),
    ],
    "events",
)
