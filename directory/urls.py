from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("dubletten/", views.DuplicatesView.as_view(), name="duplicates"),
    path(
        "zusammenfuehren/<str:kind>/<int:first_pk>/<int:second_pk>/",
        views.MergeView.as_view(),
        name="merge",
    ),
]
