from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("organisationen/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisationen/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("personen/", views.PersonListView.as_view(), name="person_list"),
    path("personen/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
]
