from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("delegationen/", views.DelegationListView.as_view(), name="delegation_list"),
    path("delegationen/<int:pk>/", views.DelegationDetailView.as_view(), name="delegation_detail"),
    path("vereinbarungen/", views.AgreementListView.as_view(), name="agreement_list"),
    path("vereinbarungen/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
]
