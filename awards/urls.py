from django.urls import include, path

from . import views

app_name = "awards"

award_urls = [
    path("", views.index, name="index"),
    path("<int:year>/", views.cycle_winners, name="cycle"),
    path("nominate/", views.nominate_start, name="nominate_start"),
    path("nominate/sent/", views.nomination_sent, name="nomination_sent"),
    path("nominate/confirm/<str:token>/", views.confirm, name="confirm"),
    path("nominate/<slug:slug>/", views.nominate, name="nominate"),
    path("judging/", views.judging_index, name="judging"),
    path("judging/<int:pk>/", views.judging_nomination, name="judging_nomination"),
    path("judging/<int:pk>/declare/", views.judging_declare, name="judging_declare"),
    path(
        "nominations/<int:pk>/files/<int:file_pk>/", views.supporting_file, name="supporting_file"
    ),
    path("certificates/check/", views.certificate_check, name="certificate_check"),
    path("certificates/<str:number>/", views.certificate_verify, name="certificate"),
    path("certificates/<str:number>/print/", views.certificate_print, name="certificate_print"),
]

urlpatterns = [path("awards/", include(award_urls))]
