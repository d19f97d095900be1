from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("awards/", views.index, name="index"),
    path("awards/<int:year>/", views.cycle_winners, name="cycle"),
    path("awards/nominate/", views.nominate_start, name="nominate_start"),
    path("awards/nominate/sent/", views.nomination_sent, name="nomination_sent"),
    path("awards/nominate/confirm/<str:token>/", views.confirm, name="confirm"),
    path("awards/nominate/<slug:slug>/", views.nominate, name="nominate"),
    path("awards/judging/", views.judging_index, name="judging"),
    path("awards/judging/<int:pk>/", views.judging_nomination, name="judging_nomination"),
    path("awards/judging/<int:pk>/declare/", views.judging_declare, name="judging_declare"),
    path(
        "awards/nominations/<int:pk>/files/<int:file_pk>/",
        views.supporting_file,
        name="supporting_file",
    ),
    path(
        "awards/certificates/check/",
        views.certificate_check,
        name="certificate_check",
    ),
    path(
        "awards/certificates/<str:number>/",
        views.certificate_verify,
        name="certificate",
    ),
    path(
        "awards/certificates/<str:number>/print/",
        views.certificate_print,
        name="certificate_print",
    ),
]
