from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("personen/<int:pk>/export/", views.person_export, name="person_export"),
    path("personen/<int:pk>/loeschen/", views.person_erase, name="person_erase"),
    path("aufbewahrung/", views.retention_list, name="retention"),
]
