from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("partner/", views.PartnerReportView.as_view(), name="partner_report"),
    path("zeitraum/", views.PeriodReportView.as_view(), name="period_report"),
    path("kalender/", views.CalendarPageView.as_view(), name="calendar"),
    path("kalender/<str:secret>/veranstaltungen.ics", views.calendar_feed, name="calendar_feed"),
]
