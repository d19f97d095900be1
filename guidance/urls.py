from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("guidance/toms/", views.measure_list, name="measures"),
]
