from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("event-bookings/<str:token>/", views.booking_detail, name="booking"),
    path("event-bookings/<str:token>/confirm/", views.verify, name="verify"),
    path("event-bookings/<str:token>/feedback/", views.feedback, name="feedback"),
]
