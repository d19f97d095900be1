from django.urls import path

from . import service_views
from .views import account, membership, profile, search

app_name = "directory"

urlpatterns = [
    path("directory/", search.directory, name="directory"),
    path("directory/export.csv", search.export_csv, name="export_csv"),
    path("directory/<slug:slug>/", profile.profile, name="profile"),
    path("directory/<slug:slug>/contact/", profile.contact, name="contact"),
    path("directory/<slug:slug>/join/", membership.join, name="join"),
    path("accounts/organisations/", account.my_organisations, name="my_organisations"),
    path("accounts/organisations/new/", account.create_organisation, name="create"),
    path("accounts/organisations/join/", membership.find_to_join, name="find_to_join"),
    path(
        "accounts/organisations/invitations/<str:token>/",
        membership.accept_invitation,
        name="accept_invitation",
    ),
    path("accounts/organisations/<slug:slug>/", account.manage, name="manage"),
    path("accounts/organisations/<slug:slug>/edit/", account.edit_organisation, name="edit"),
    path("accounts/organisations/<slug:slug>/invite/", membership.invite, name="invite"),
    path(
        "accounts/organisations/<slug:slug>/requests/<int:pk>/",
        membership.answer_join_request,
        name="answer_join_request",
    ),
    path(
        "accounts/organisations/<slug:slug>/members/<int:pk>/remove/",
        membership.remove_member,
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
