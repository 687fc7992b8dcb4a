from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("veranstaltungen/", views.EventListView.as_view(), name="event_list"),
    path("veranstaltungen/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("begegnungen/", views.EncounterListView.as_view(), name="encounter_list"),
    path("begegnungen/netz/", views.EncounterGraphView.as_view(), name="encounter_graph"),
    path("begegnungen/netz/daten/", views.encounter_graph_data, name="encounter_graph_data"),
]
