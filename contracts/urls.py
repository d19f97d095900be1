from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("contracts/", views.my_contracts, name="mine"),
    path("contracts/<int:pk>/", views.contract_detail, name="detail"),
    path("contracts/<int:pk>/propose/", views.propose, name="propose"),
    path(
        "contracts/<int:pk>/reports/<slug:kind>/<str:period_start>/",
        views.send_report,
        name="send_report",
    ),
    path("contracts/<int:pk>/lines/<int:line_pk>/answer/", views.answer, name="answer"),
    path("contracts/evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
