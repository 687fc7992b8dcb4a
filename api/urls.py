"""``/api/v1/``: the resources, their OpenAPI description and its documentation page."""

from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views

router = SimpleRouter(trailing_slash=True)
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("delegations", views.DelegationViewSet, basename="delegation")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("events", views.EventViewSet, basename="event")
router.register("sources", views.SourceViewSet, basename="source")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("encounters", views.EncounterViewSet, basename="encounter")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # DRF's views answer 401 themselves (DRF exempts them from LoginRequiredMiddleware); the
    # documentation page is a page like the others and sends anonymous visitors to the login.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    *router.urls,
    # Anything else under /api/ (an id that is not a number, a resource that does not exist)
    # is a JSON 404 too, not the HTML error page.
    re_path(r"^[\s\S]*$", views.not_found, name="not_found"),
]
