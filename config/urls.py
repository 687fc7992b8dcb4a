from django.contrib import admin
from django.urls import include, path

from api.tokens import TokenPageView
from core import views as core_views
from core.password_reset import PasswordResetView
from front.urls import events_urls, partnerships_urls, people_urls
from front.views.home import HomeView
from front.views.search import SearchView

handler500 = "core.errors.server_error"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # Before Django's own: the same work for known and unknown addresses (core.password_reset).
    path("konto/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("konto/", include("django.contrib.auth.urls")),
    path("konto/api-schluessel/", TokenPageView.as_view(), name="api_tokens"),
    path("api/v1/", include("api.urls")),
    path("media/<path:path>", core_views.protected_media, name="media"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("suche/", SearchView.as_view(), name="search"),
    path("", include(people_urls)),
    path("", include(partnerships_urls)),
    path("", include(events_urls)),
    path("berichte/", include("reports.urls")),
    path("datenschutz/", include("privacy.urls")),
    path("verzeichnis/", include("directory.urls")),
]
