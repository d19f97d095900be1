from django.urls import path

from . import views

app_name = "opportunities"

urlpatterns = [
    path("opportunity-alerts/", views.alerts, name="alerts"),
    path(
        "opportunity-alerts/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
]
