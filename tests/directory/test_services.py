"""Services: what an organisation offers. Owners add and change them, moderators approve,
and only approved services of published organisations are public."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail

from directory import services
from directory.models import Organisation, OrganisationHistory, Service
from tests.directory.factories import MembershipFactory, OrganisationFactory, ServiceFactory

SLUG = "harbour-lights-bakery"
NEW = f"/accounts/organisations/{SLUG}/services/new/"
QUEUE = "/admin/directory-moderation/"


def service_data(**changes):
    data = {
        "name": "Sourdough classes",
        "description": "Learn to bake bread.",
        "eligibility": "Anyone aged 16 or over",
        "cost": "£20 a class",
        "how_to_access": "Book on our website",
        "contact_name": "Ada Baker",
        "contact_email": "classes@bakery.example.org",
        "contact_phone": "023 9283 4092",
        "service_area": "Portsmouth",
    }
    data.update(changes)
    return data


def edit_url(service):
    return f"/accounts/organisations/{SLUG}/services/{service.pk}/edit/"


@pytest.fixture
def service(organisation):
    return ServiceFactory(organisation=organisation, name="Bread delivery")


# Permissions: owner, other member, another user, anonymous, staff


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client, service):
    for url in (NEW, edit_url(service)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_strangers_and_moderators_get_404_and_members_403(
    client, service, member, other_user, moderator, superuser
):
    for viewer, status in ((other_user, 404), (moderator, 404), (superuser, 404), (member, 403)):
        client.force_login(viewer)
        assert client.get(NEW).status_code == status
        assert client.post(NEW, service_data()).status_code == status
        assert client.post(edit_url(service), service_data(name="Hijacked")).status_code == status
    assert Service.objects.count() == 1
    service.refresh_from_db()
    assert service.name == "Bread delivery" and not service.has_pending_change


@pytest.mark.django_db
def test_someone_elses_service_is_404_even_for_an_owner(client, organisation, owner):
    elsewhere = ServiceFactory()
    client.force_login(owner)
    assert client.get(edit_url(elsewhere)).status_code == 404
    assert client.post(edit_url(elsewhere), service_data()).status_code == 404


# Owners add and change services


@pytest.mark.django_db
def test_owner_adds_a_service_that_waits_for_moderation(client, organisation, owner):
    client.force_login(owner)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, service_data())
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/organisations/{SLUG}/"
    service = organisation.services.get()
    assert service.status == Service.Status.PENDING
    assert service.contact_phone == "023 9283 4092"
    assert not Service.objects.published().exists()
    entry = organisation.history.get()
    assert entry.action == OrganisationHistory.Action.SUBMITTED and entry.user == owner
    manage = client.get(f"/accounts/organisations/{SLUG}/").content.decode()
    assert "Sourdough classes" in manage and "Awaiting moderation" in manage
    assert "Sourdough classes" not in client.get(f"/directory/{SLUG}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Enter the name of the service"),
        ({"description": " "}, "Describe the service"),
        ({"contact_email": "not-an-email"}, "Enter an email address in the right format"),
        ({"contact_phone": "call me maybe"}, "Enter a phone number, like 023 9283 4092"),
        ({"name": "x" * 201}, "The name must be 200 characters or fewer"),
        ({"description": "x" * 5001}, "What the service is must be 5000 characters or fewer"),
        ({"cost": "x" * 2001}, "What it costs must be 2000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, organisation, owner, changes, message):
    client.force_login(owner)
    response = client.post(NEW, service_data(**changes))
    assert response.status_code == 422
    body = response.content.decode()
    assert "govuk-error-summary" in body and message in body
    assert not organisation.services.exists()


@pytest.mark.django_db
def test_a_double_submit_adds_the_service_once(client, organisation, owner):
    client.force_login(owner)
    for _ in range(2):
        assert client.post(NEW, service_data()).status_code == 302
    assert organisation.services.count() == 1
    client.post(NEW, service_data(name="Another service"))
    assert organisation.services.count() == 2


@pytest.mark.django_db
def test_changing_a_published_service_keeps_it_live_until_approved(
    client, organisation, owner, service, moderator
):
    before = service.updated_at
    client.force_login(owner)
    form = client.get(edit_url(service)).content.decode()
    assert "Bread delivery" in form
    response = client.post(edit_url(service), service_data(name="Bread and cake delivery"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Bread delivery" and service.has_pending_change
    assert service.updated_at == before  # the live service has not changed
    assert Service.objects.published().get() == service
    # The form shows the proposed change while it waits.
    assert "Bread and cake delivery" in client.get(edit_url(service)).content.decode()
    assert "Bread and cake" not in client.get(f"/directory/{SLUG}/").content.decode()

    services.approve_service(service, moderator)
    service.refresh_from_db()
    assert service.name == "Bread and cake delivery" and not service.has_pending_change
    assert service.updated_at > before


@pytest.mark.django_db
def test_suspended_organisations_cannot_change_services(client, organisation, owner, service):
    organisation.status = Organisation.Status.SUSPENDED
    organisation.save()
    client.force_login(owner)
    response = client.post(NEW, service_data())
    assert response.status_code == 302
    assert organisation.services.count() == 1
    client.post(edit_url(service), service_data(name="Changed"))
    service.refresh_from_db()
    assert not service.has_pending_change


@pytest.mark.django_db
def test_html_in_a_service_is_escaped_on_the_profile(client, organisation, service):
    service.description = "<script>alert(1)</script>"
    service.save()
    body = client.get(f"/directory/{SLUG}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# Moderation


@pytest.mark.django_db
def test_moderator_approves_a_new_service_and_the_owner_is_told(
    client, organisation, owner, moderator, django_capture_on_commit_callbacks
):
    service = services.add_service(organisation, service_data(), owner)
    client.force_login(moderator)
    queue = client.get(QUEUE).content.decode()
    assert "Sourdough classes" in queue
    review = client.get(f"{QUEUE}services/{service.pk}/")
    assert review.status_code == 200 and "Book on our website" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}services/{service.pk}/approve/")
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == Service.Status.PUBLISHED and service.published_at
    assert mail.outbox[-1].to == [owner.email]
    assert "Sourdough classes" in mail.outbox[-1].subject
    profile = client.get(f"/directory/{SLUG}/").content.decode()
    assert "Sourdough classes" in profile and "£20 a class" in profile


@pytest.mark.django_db
def test_moderator_rejects_with_a_reason(
    client, organisation, owner, moderator, service, django_capture_on_commit_callbacks
):
    new = services.add_service(organisation, service_data(), owner)
    services.submit_service_change(service, service_data(name="Cheap bread"), owner)
    client.force_login(moderator)
    client.post(f"{QUEUE}services/{new.pk}/reject/", {"reject-reason": ""})
    new.refresh_from_db()
    assert new.status == Service.Status.PENDING  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{QUEUE}services/{new.pk}/reject/", {"reject-reason": "Too vague"})
        client.post(f"{QUEUE}services/{service.pk}/reject/", {"reject-reason": "Not true"})
    new.refresh_from_db()
    service.refresh_from_db()
    assert new.status == Service.Status.REJECTED
    assert service.status == Service.Status.PUBLISHED and not service.has_pending_change
    assert service.name == "Bread delivery"
    assert "Too vague" in mail.outbox[-2].body and "Not true" in mail.outbox[-1].body
    # A rejected service changed by its owner waits again.
    services.submit_service_change(new, service_data(name="Sourdough for beginners"), owner)
    new.refresh_from_db()
    assert new.status == Service.Status.PENDING and new.name == "Sourdough for beginners"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner", "other", "editor", "anonymous"])
def test_non_moderators_cannot_moderate_services(
    client, organisation, owner, other_user, make_role_user, who
):
    service = services.add_service(organisation, service_data(), owner)
    viewer = {"owner": owner, "other": other_user, "editor": None, "anonymous": None}[who]
    if who == "editor":
        viewer = make_role_user("Editors")
    if viewer:
        client.force_login(viewer)
    assert client.get(f"{QUEUE}services/{service.pk}/").status_code in (302, 403)
    client.post(f"{QUEUE}services/{service.pk}/approve/")
    service.refresh_from_db()
    assert service.status == Service.Status.PENDING


@pytest.mark.django_db
def test_unknown_service_decision_is_refused(client, service, moderator):
    client.force_login(moderator)
    response = client.post(f"{QUEUE}services/{service.pk}/delete/")
    assert response["Location"] == "/admin/"
    assert Service.objects.filter(pk=service.pk).exists()


# Default services


@pytest.mark.django_db
def test_approving_a_new_organisation_gives_it_a_default_service(user, moderator):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING, description="Bakes.")
    MembershipFactory(organisation=organisation, user=user)
    assert not organisation.services.exists()
    services.approve(organisation, moderator)
    service = organisation.services.get()
    assert service.name == organisation.name and service.description == "Bakes."
    assert Service.objects.published().get() == service
    services.approve(organisation, moderator)  # a second approval adds nothing
    assert organisation.services.count() == 1


@pytest.mark.django_db
def test_the_data_migration_gives_published_organisations_a_default_service():
    published = OrganisationFactory()
    OrganisationFactory(status=Organisation.Status.PENDING)
    with_service = OrganisationFactory()
    ServiceFactory(organisation=with_service)
    migration = importlib.import_module("directory.migrations.0005_services")
    migration.default_services(django_apps, None)
    assert published.services.get().status == Service.Status.PUBLISHED
    assert Service.objects.count() == 2
    assert with_service.services.count() == 1


@pytest.mark.django_db
def test_only_services_of_published_organisations_are_public(organisation):
    live = ServiceFactory(organisation=organisation)
    ServiceFactory(organisation=organisation, status=Service.Status.PENDING)
    ServiceFactory(organisation=organisation, status=Service.Status.REJECTED)
    ServiceFactory(organisation=OrganisationFactory(status=Organisation.Status.SUSPENDED))
    assert list(Service.objects.published()) == [live]


@pytest.mark.django_db
def test_moderators_see_every_service_in_the_admin_but_do_not_edit_it_there(
    client, service, moderator, other_user
):
    from portal import roles

    roles.sync_role_permissions()
    client.force_login(moderator)
    listing = client.get("/admin/snippets/directory/service/")
    assert listing.status_code == 200 and "Bread delivery" in listing.content.decode()
    inspect = client.get(f"/admin/snippets/directory/service/inspect/{service.pk}/")
    assert inspect.status_code == 200
    edit = client.post(f"/admin/snippets/directory/service/edit/{service.pk}/", {"name": "X"})
    assert edit.status_code in (302, 403)
    service.refresh_from_db()
    assert service.name == "Bread delivery"
    client.force_login(other_user)
    assert client.get("/admin/snippets/directory/service/").status_code == 302
