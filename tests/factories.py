"""Factories shared by every app's tests: one line makes a valid object."""

from importlib import import_module

import factory
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from portal.models import HomePage, User
from portal.roles import sync_role_permissions

PASSWORD = "a-strong-test-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.SelfAttribute("email")
    is_active = True
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # email_verified_at=None makes an account still waiting for its emailed link.
        unconfirmed = "email_verified_at" in kwargs and kwargs["email_verified_at"] is None
        user = model_class(*args, **kwargs)
        user.awaiting_confirmation = unconfirmed
        user.save()
        return user

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                group, _ = Group.objects.get_or_create(name=name)
                self.groups.add(group)


# The data migrations whose rows a fresh install has: groups, sectors, categories, measures.
SEEDING_MIGRATIONS = [
    ("portal", "0003_roles", "create_groups"),
    ("contracts", "0002_contract_managers_group", "create_group"),
    ("opportunities", "0002_procurement_officers", "create_group"),
    ("events", "0002_event_organisers", "create_group"),
    ("directory", "0004_sectors_and_accreditations", "add"),
    ("timebank", "0002_categories", "add_categories"),
    ("guidance", "0002_seed_roadmap_measures", "seed_roadmap"),
]


def restore_migration_rows():
    """Put back what the migrations wrote when a transactional test has flushed every table.

    A test after such a flush would otherwise find no root collection, roles, sectors or
    measures, which only happens in tests: a real database is never flushed.
    """
    if Collection.objects.exists():
        return
    Collection.add_root(name="Root")
    for app, migration, function in SEEDING_MIGRATIONS:
        module = f"{django_apps.get_app_config(app).name}.migrations.{migration}"
        getattr(import_module(module), function)(django_apps, None)
    sync_role_permissions()


def site_with_home():
    """The page tree as a fresh install has it after seed_demo: a HomePage as the site root."""
    restore_migration_rows()
    home = HomePage.objects.first()
    if home:
        return home
    # Transactional tests flush the tables, taking the migrations' rows with them.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Home", slug="home-portal", hero_heading="Social value in Portsmouth")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def section_index(model, title, slug):
    """The site's index page of one section (`model`), made and published under the home page
    the first time it is asked for."""
    index = model.objects.first()
    if index is None:
        index = model(title=title, slug=slug)
        site_with_home().add_child(instance=index)
        index.save_revision().publish()
    return index


def date_data(name, value):
    """The POST data of a GOV.UK date input (`portal.forms.GovukDateField`) holding `value`."""
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def cluster_search_backends(url, **options):
    """WAGTAILSEARCH_BACKENDS for the OpenSearch cluster at `url`, as SEARCH_BACKEND=opensearch3
    sets them (portal/settings/base.py) apart from `options`."""
    backend = {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": [url],
        "INDEX_PREFIX": "portal_",
        "TIMEOUT": 10,
    }
    return {"default": {**backend, **options}}
