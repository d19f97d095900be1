from django.urls import include, path

from contracts import views

app_name = "contracts"

contract_urls = [
    path("", views.contract_detail, name="detail"),
    path("propose/", views.propose, name="propose"),
    path("reports/<slug:kind>/<str:period_start>/", views.send_report, name="send_report"),
    path("lines/<int:line_pk>/answer/", views.answer, name="answer"),
]

urlpatterns = [
    path("contracts/", views.my_contracts, name="mine"),
    path("contracts/<int:pk>/", include(contract_urls)),
    path("contracts/evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
