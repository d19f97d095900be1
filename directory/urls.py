from django.urls import path

from . import service_views, views

app_name = "directory"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/export.csv", views.export_csv, name="export_csv"),
    path("directory/<slug:slug>/", views.profile, name="profile"),
    path("directory/<slug:slug>/contact/", views.contact, name="contact"),
    path("directory/<slug:slug>/join/", views.join, name="join"),
    path("accounts/organisations/", views.my_organisations, name="my_organisations"),
    path("accounts/organisations/new/", views.create_organisation, name="create"),
    path("accounts/organisations/join/", views.find_to_join, name="find_to_join"),
    path(
        "accounts/organisations/invitations/<str:token>/",
        views.accept_invitation,
        name="accept_invitation",
    ),
    path("accounts/organisations/<slug:slug>/", views.manage, name="manage"),
    path("accounts/organisations/<slug:slug>/edit/", views.edit_organisation, name="edit"),
    path("accounts/organisations/<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "accounts/organisations/<slug:slug>/requests/<int:pk>/",
        views.answer_join_request,
        name="answer_join_request",
    ),
    path(
        "accounts/organisations/<slug:slug>/members/<int:pk>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "accounts/organisations/<slug:slug>/services/new/",
        service_views.add_service,
        name="add_service",
    ),
    path(
        "accounts/organisations/<slug:slug>/services/<int:pk>/edit/",
        service_views.edit_service,
        name="edit_service",
    ),
]
