"""Open Referral UK shaped open data: published, non-suspended organisations only."""

import math
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from .models import Organisation
from .search import MAX_QUERY_LENGTH, DirectorySearch

router = Router(tags=["Local supplier directory (Open Referral UK)"])

MAX_PER_PAGE = 100


class OrganizationIdentifier(Schema):
    identifier_scheme: str = Field(description="GB-COH (Companies House) or GB-CHC (charity)")
    identifier: str


class TaxonomyTerm(Schema):
    id: str
    name: str
    vocabulary: str = "portsmouth-directory-sectors"


class Organization(Schema):
    id: UUID
    name: str
    description: str
    email: str | None = Field(
        None, description="Not published: enquiries go through the directory's contact form"
    )
    website: str | None
    logo: str | None
    uri: str
    organization_identifiers: list[OrganizationIdentifier]
    taxonomy_terms: list[TaxonomyTerm]
    last_modified: datetime


class OrganizationPage(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[Organization]


class OrganizationFilters(Schema):
    search: str | None = Field(None, max_length=MAX_QUERY_LENGTH)
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)
    modified_after: datetime | None = None


def _logo_url(organisation):
    if not organisation.logo_id:
        return None
    return settings.PORTAL_BASE_URL + organisation.logo.file.url


def serialise(organisation):
    identifiers = []
    if organisation.companies_house_number:
        identifiers.append(
            {"identifier_scheme": "GB-COH", "identifier": organisation.companies_house_number}
        )
    if organisation.charity_number:
        identifiers.append(
            {"identifier_scheme": "GB-CHC", "identifier": organisation.charity_number}
        )
    return {
        "id": organisation.uuid,
        "name": organisation.name,
        "description": organisation.description,
        "email": None,
        "website": organisation.website or None,
        "logo": _logo_url(organisation),
        "uri": f"{settings.PORTAL_BASE_URL}/directory/{organisation.slug}/",
        "organization_identifiers": identifiers,
        "taxonomy_terms": [{"id": s.slug, "name": s.name} for s in organisation.sectors.all()],
        "last_modified": organisation.updated_at,
    }


def _public():
    return Organisation.objects.published().select_related("logo").prefetch_related("sectors")


LEGACY = (
    "The directory's first open data feed, kept for existing clients. New clients should use "
    "the Open Referral UK v3 feed at /api/oruk/ (services, organizations, taxonomies)."
)


@router.get(
    "/organizations",
    response=OrganizationPage,
    summary="List organisations",
    description=LEGACY,
    deprecated=True,
)
def list_organizations(request, filters: Query[OrganizationFilters]):
    search = DirectorySearch({"q": filters.search, "sort": "name"})
    queryset = search.results().select_related("logo").prefetch_related("sectors")
    if filters.modified_after:
        queryset = queryset.filter(updated_at__gt=filters.modified_after)
    total = queryset.count()
    total_pages = max(1, math.ceil(total / filters.per_page))
    start = (filters.page - 1) * filters.per_page
    contents = (
        [serialise(o) for o in queryset[start : start + filters.per_page]] if start < total else []
    )
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": filters.page,
        "size": len(contents),
        "first_page": filters.page == 1,
        "last_page": filters.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


@router.get(
    "/organizations/{organization_id}",
    response=Organization,
    summary="One organisation",
    description=LEGACY,
    deprecated=True,
)
def get_organization(request, organization_id: UUID):
    return serialise(get_object_or_404(_public(), uuid=organization_id))
