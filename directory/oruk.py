"""The directory as an Open Referral UK feed: HSDS 3.0 with the UK profile, at /api/oruk/.

Only published services of published organisations appear. Ids are UUIDs: services and
organisations have their own; the rest (taxonomies, terms, locations, addresses, phones,
contacts, identifiers, attributes) are UUID5s derived from what they describe, so they
stay the same from one request to the next without being stored.

Errors are JSON: {"code": 400, "message": "...", "errors": [{"parameter": ..., "message": ...}]}
(the Open Referral API's error_response, with the parameter at fault).
"""

import functools
import math
import uuid
from datetime import datetime, time

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Router

from .models import Accreditation, Organisation, Sector, Service

router = Router(tags=["Open Referral UK (HSDS 3.0, UK profile)"])

HSDS_VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://github.com/openreferraluk/uk-profile"
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
# Fixed, so that derived ids are the same on every server.
NAMESPACE = uuid.UUID("5f0c2b7e-8a51-4c7e-9f3d-2d6b1a0e4c11")
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# ?minimal=true returns ids only, so a client can take many more in one call.
MAX_MINIMAL_PER_PAGE = 1000
MAX_PAGE = 1_000_000
MAX_TEXT_LENGTH = 200

# Open Referral identifier schemes (org-id.guide) for the numbers profiles hold.
COMPANIES_HOUSE = ("GB-COH", "Companies House company number")
CHARITY_COMMISSION = ("GB-CHC", "Charity Commission for England and Wales charity number")
SCOTTISH_CHARITY = ("GB-SC", "Scottish Charity Regulator (OSCR) charity number")


def derived_id(*parts):
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


# Responses and errors


class BadRequest(Exception):
    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _json(data, status=200):
    response = JsonResponse(data, status=status, safe=False)
    # The Open Referral UK compliance rules ask every response to allow any origin.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status, message, parameter=None):
    errors = [{"parameter": parameter, "message": message}] if parameter else []
    return _json({"code": status, "message": message, "errors": errors}, status=status)


def _not_found(kind):
    return _error(404, f"No published {kind} has this id")


# Query parameters: parsed here so that every bad value is a 400 in the shape above.


def _integer(params, name, default, maximum):
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise BadRequest(name, f"{name} must be a whole number") from None
    if value < 1:
        raise BadRequest(name, f"{name} must be 1 or more")
    return min(value, maximum)


def _boolean(params, name):
    raw = (params.get(name) or "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadRequest(name, f"{name} must be true or false")


def _uuid(params, name):
    raw = params.get(name)
    if not raw:
        return None
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise BadRequest(name, f"{name} must be a UUID") from None


def _datetime(params, name):
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
        if value is None:
            day = parse_date(raw)
            value = datetime.combine(day, time.min) if day else None
    except ValueError:
        value = None
    if value is None:
        raise BadRequest(name, f"{name} must be a date or date-time, like 2026-01-31T09:00:00Z")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _text(params):
    raw = params.get("text") or params.get("search") or ""
    if len(raw) > MAX_TEXT_LENGTH:
        raise BadRequest("text", f"text must be {MAX_TEXT_LENGTH} characters or fewer")
    return " ".join(raw.split())


def _paging(params, maximum=MAX_PER_PAGE):
    page = _integer(params, "page", 1, MAX_PAGE)
    # per_page is the spec's name; size is accepted too, meaning the same.
    name = "per_page" if params.get("per_page") else "size"
    return page, _integer(params, name, DEFAULT_PER_PAGE, maximum)


def _page(queryset, page, per_page, serialise, count=None):
    total = queryset.count() if count is None else count
    total_pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    contents = (
        [serialise(item) for item in queryset[start : start + per_page]] if start < total else []
    )
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# Taxonomies: the directory's sectors and accreditations


TAXONOMIES = {
    "sectors": {
        "model": Sector,
        "name": "Portsmouth directory sectors",
        "description": "What organisations in the Portsmouth local supplier directory do.",
        "term_description": "Organisations working in {name}.",
    },
    "accreditations": {
        "model": Accreditation,
        "name": "Portsmouth directory accreditations",
        "description": "Accreditations held by organisations in the Portsmouth local supplier "
        "directory.",
        "term_description": "Organisations holding the {name} accreditation.",
    },
}


def _taxonomy(kind):
    return {
        "id": str(derived_id("taxonomy", kind)),
        "name": TAXONOMIES[kind]["name"],
        "description": TAXONOMIES[kind]["description"],
        "uri": f"{settings.PORTAL_BASE_URL}/directory/",
        "version": "1",
    }


class Terms:
    """Every taxonomy term, loaded in one query per taxonomy, by id and by (kind, pk)."""

    def __init__(self):
        self.by_id = {}
        self.by_object = {}
        for kind, taxonomy in TAXONOMIES.items():
            for obj in taxonomy["model"].objects.order_by("name"):
                term = {
                    "id": str(derived_id("term", kind, obj.pk)),
                    "code": obj.slug,
                    "name": obj.name,
                    "description": taxonomy["term_description"].format(name=obj.name),
                    "taxonomy": taxonomy["name"],
                    "taxonomy_id": str(derived_id("taxonomy", kind)),
                    "term_uri": f"{settings.PORTAL_BASE_URL}/directory/?{kind[:-1]}={obj.slug}",
                }
                self.by_id[term["id"]] = (kind, obj.pk, term)
                self.by_object[(kind, obj.pk)] = term

    def all(self):
        return [term for _, _, term in self.by_id.values()]

    def of(self, organisation):
        """The organisation's terms (from prefetched sectors and accreditations)."""
        return [self.by_object[("sectors", s.pk)] for s in organisation.sectors.all()] + [
            self.by_object[("accreditations", a.pk)] for a in organisation.accreditations.all()
        ]


# Records


def _identifiers(organisation):
    found = []
    if organisation.companies_house_number:
        found.append((COMPANIES_HOUSE, organisation.companies_house_number))
    if organisation.charity_number:
        scheme = (
            SCOTTISH_CHARITY if organisation.charity_number.startswith("SC") else CHARITY_COMMISSION
        )
        found.append((scheme, organisation.charity_number))
    return [
        {
            "id": str(derived_id("identifier", organisation.uuid, scheme)),
            "organization_id": str(organisation.uuid),
            "identifier_scheme": scheme,
            "identifier_type": label,
            "identifier": number,
        }
        for (scheme, label), number in found
    ]


def _phone(number, owner_id, **links):
    return {
        "id": str(derived_id("phone", owner_id, number)),
        **{key: str(value) for key, value in links.items()},
        "number": number,
        "type": "voice",
    }


def _organization(organisation, terms, full=False):
    data = {
        "id": str(organisation.uuid),
        "name": organisation.name,
        "description": organisation.description,
        "website": organisation.website or None,
        "logo": (settings.PORTAL_BASE_URL + organisation.logo.file.url)
        if organisation.logo_id
        else None,
        "uri": f"{settings.PORTAL_BASE_URL}/directory/{organisation.slug}/",
        "parent_organization_id": None,
    }
    if full:
        data["organization_identifiers"] = _identifiers(organisation)
        data["phones"] = (
            [_phone(organisation.phone, organisation.uuid, organization_id=organisation.uuid)]
            if organisation.phone
            else []
        )
        data["attributes"] = _attributes(organisation.uuid, "organization", terms.of(organisation))
    # Organisations' email addresses are never published: enquiries go through the
    # directory's contact form.
    return {key: value for key, value in data.items() if value is not None}


def _attributes(link_id, link_type, linked_terms):
    return [
        {
            "id": str(derived_id("attribute", link_id, term["id"])),
            "link_id": str(link_id),
            "link_type": link_type,
            "link_entity": link_type,
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }
        for term in linked_terms
    ]


def _location(organisation):
    """The organisation's address as an HSDS physical location, or None without a postcode."""
    if not organisation.postcode:
        return None
    location_id = derived_id("location", organisation.uuid)
    lines = [line.strip(" ,") for line in organisation.address.splitlines() if line.strip(" ,")]
    city = lines.pop() if len(lines) > 1 else ""
    address = {
        "id": str(derived_id("address", organisation.uuid)),
        "location_id": str(location_id),
        "address_1": lines[0] if lines else "",
        "address_2": ", ".join(lines[1:]),
        "city": city,
        "region": "",
        "state_province": "",
        "postal_code": organisation.postcode,
        "country": "GB",
        "address_type": "physical",
    }
    return {
        "id": str(location_id),
        "location_type": "physical",
        "organization_id": str(organisation.uuid),
        "name": organisation.name,
        "addresses": [address],
        "phones": (
            [_phone(organisation.phone, location_id, location_id=location_id)]
            if organisation.phone
            else []
        ),
    }


def _last_modified(service):
    return max(service.updated_at, service.organisation.updated_at)


def _service(service, terms, full=False):
    organisation = service.organisation
    data = {
        "id": str(service.uuid),
        "organization_id": str(organisation.uuid),
        "name": service.name,
        "description": service.description,
        "url": f"{settings.PORTAL_BASE_URL}/directory/{organisation.slug}/",
        "status": "active",
        "fees": service.cost,
        "fees_description": service.cost,
        "eligibility_description": service.eligibility,
        "application_process": service.how_to_access,
        "last_modified": _last_modified(service),
        "organization": _organization(organisation, terms, full=full),
    }
    if service.contact_email:
        data["email"] = service.contact_email
    if not full:
        return data
    contact_id = derived_id("contact", service.uuid)
    phones = []
    if service.contact_phone:
        phones.append(_phone(service.contact_phone, service.uuid, service_id=service.uuid))
    elif organisation.phone:
        phones.append(_phone(organisation.phone, service.uuid, service_id=service.uuid))
    has_contact = service.contact_name or service.contact_email or service.contact_phone
    data.update(
        {
            "phones": phones,
            "contacts": [
                {
                    "id": str(contact_id),
                    "service_id": str(service.uuid),
                    "name": service.contact_name,
                    "email": service.contact_email or None,
                    "phones": [_phone(service.contact_phone, contact_id, contact_id=contact_id)]
                    if service.contact_phone
                    else [],
                }
            ]
            if has_contact
            else [],
            "service_areas": [
                {
                    "id": str(derived_id("service_area", service.uuid)),
                    "service_id": str(service.uuid),
                    "name": service.service_area,
                    "description": service.service_area,
                }
            ]
            if service.service_area
            else [],
            "cost_options": [
                {
                    "id": str(derived_id("cost_option", service.uuid)),
                    "service_id": str(service.uuid),
                    "amount_description": service.cost,
                }
            ]
            if service.cost
            else [],
            "service_at_locations": [_service_at_location(service, terms, with_service=False)]
            if organisation.postcode
            else [],
            "attributes": _attributes(service.uuid, "service", terms.of(organisation)),
            "languages": [],
            "schedules": [],
            "funding": [],
        }
    )
    for contact in data["contacts"]:
        if contact["email"] is None:
            del contact["email"]
    return data


def _minimal(service):
    return {"id": str(service.uuid), "last_modified": _last_modified(service)}


def service_at_location_uuid(service_uuid):
    """A service's id at its organisation's location. Reversible (the same function maps it
    back), so /service_at_locations/{id} finds the service with one query."""
    return uuid.UUID(int=service_uuid.int ^ NAMESPACE.int)


def _service_at_location(service, terms, with_service=True, full=False):
    location = _location(service.organisation)
    data = {
        "id": str(service_at_location_uuid(service.uuid)),
        "service_id": str(service.uuid),
        "location_id": location["id"],
        "location": location,
    }
    if with_service:
        data["service"] = _service(service, terms, full=full)
    return data


# Query sets and filters


def published_services():
    return (
        Service.objects.published()
        .select_related("organisation", "organisation__logo")
        .prefetch_related("organisation__sectors", "organisation__accreditations")
        .order_by("name", "pk")
    )


def text_filter(queryset, text, fields):
    """Every word must appear in one of the fields (case-insensitive). Kept small and
    separate from the directory's own search so that the feed does not depend on it."""
    for word in text.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


SERVICE_TEXT_FIELDS = [
    "name",
    "description",
    "organisation__name",
    "organisation__description",
    "organisation__keywords",
]
ORGANISATION_TEXT_FIELDS = ["name", "description", "keywords"]


def _term_filter(queryset, terms, term_id=None, taxonomy_id=None):
    """Services whose organisation is linked to the term, or to any term of the taxonomy."""
    condition = Q(pk__in=[])
    for kind, taxonomy in TAXONOMIES.items():
        if taxonomy_id is not None and taxonomy_id != derived_id("taxonomy", kind):
            continue
        through = Organisation._meta.get_field(kind).remote_field.through
        links = through.objects.filter(organisation_id=OuterRef("organisation_id"))
        if term_id is not None:
            found = terms.by_id.get(str(term_id))
            if not found or found[0] != kind:
                continue
            links = links.filter(**{f"{taxonomy['model']._meta.model_name}_id": found[1]})
        condition |= Q(Exists(links))
    return queryset.filter(condition)


def _filter_services(queryset, params, terms):
    text = _text(params)
    if text:
        queryset = text_filter(queryset, text, SERVICE_TEXT_FIELDS)
    term_id = _uuid(params, "taxonomy_term_id")
    taxonomy_id = _uuid(params, "taxonomy_id")
    if term_id or taxonomy_id:
        queryset = _term_filter(queryset, terms, term_id, taxonomy_id)
    organisation_id = _uuid(params, "organization_id")
    if organisation_id:
        queryset = queryset.filter(organisation__uuid=organisation_id)
    modified_after = _datetime(params, "modified_after")
    if modified_after:
        queryset = queryset.filter(
            Q(updated_at__gte=modified_after) | Q(organisation__updated_at__gte=modified_after)
        )
    return queryset


# OpenAPI: parameters are parsed by hand (for errors in the feed's shape), so described here.

PARAMETERS = {
    "text": (
        "string",
        "Full-text search: every word must appear in the service or its organisation.",
    ),
    "search": ("string", "The same as text."),
    "page": ("integer", "Page number, from 1. A page past the last one is empty."),
    "per_page": (
        "integer",
        f"Results per page, 1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE}); more is capped.",
    ),
    "size": ("integer", "The same as per_page."),
    "taxonomy_term_id": ("string", "Only services linked to this taxonomy term (UUID)."),
    "taxonomy_id": ("string", "Only services linked to any term of this taxonomy (UUID)."),
    "organization_id": ("string", "Only services of this organisation (UUID)."),
    "modified_after": ("string", "Only records modified on or after this date-time (ISO 8601)."),
    "minimal": (
        "boolean",
        f"Only each service's id and last_modified; per_page up to {MAX_MINIMAL_PER_PAGE}.",
    ),
    "full": ("boolean", "Fully nested records."),
    "full_service": ("boolean", "Organisations with their services fully nested."),
}

PAGING = ("page", "per_page", "size")
SERVICE_FILTERS = (
    *PAGING,
    "text",
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
)

# The spec's Page (components.schemas.Page of its openapi.json).
PAGE_SCHEMA = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer", "description": "The number of matching records"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer", "description": "The number of records in this page"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
}

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "integer", "description": "The HTTP status code"},
        "message": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"parameter": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


def _docs(schema, *names, page=False):
    item = {"$ref": SCHEMA_BASE + schema}
    body = (
        {
            **PAGE_SCHEMA,
            "properties": {
                **PAGE_SCHEMA["properties"],
                "contents": {"type": "array", "items": item},
            },
        }
        if page
        else item
    )
    error = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}
    extra = {
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": body}}},
            "400": {"description": "A parameter is not valid", **error},
            "404": {"description": "Not found", **error},
        }
    }
    if names:
        extra["parameters"] = [
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": PARAMETERS[name][1],
                "schema": {"type": PARAMETERS[name][0]},
            }
            for name in names
        ]
    return extra


def _answer(view):
    """Run a view, turning a bad parameter into a 400 JSON error."""

    @functools.wraps(view)
    def run(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _error(400, error.message, error.parameter)

    return run


# Endpoints


@router.get(
    "/",
    summary="About this API",
    description="The HSDS version and profile of this API and where its OpenAPI description is.",
    openapi_extra={"responses": {"200": {"description": "OK"}}},
)
def api_info(request):
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": settings.PORTAL_BASE_URL + reverse("api:openapi-json"),
        }
    )


@router.get(
    "/services",
    summary="List services",
    openapi_extra=_docs(
        "compiled/service_list.json", *SERVICE_FILTERS, "minimal", "full", page=True
    ),
)
@_answer
def list_services(request):
    params = request.GET
    terms = Terms()
    minimal = _boolean(params, "minimal")
    full = _boolean(params, "full")
    page, per_page = _paging(params, MAX_MINIMAL_PER_PAGE if minimal else MAX_PER_PAGE)
    queryset = _filter_services(published_services(), params, terms)
    if minimal:
        queryset = queryset.select_related("organisation").prefetch_related(None)
        return _json(_page(queryset, page, per_page, _minimal))
    return _json(_page(queryset, page, per_page, lambda s: _service(s, terms, full=full)))


@router.get(
    "/services/{service_id}",
    summary="One service, fully nested",
    openapi_extra=_docs("compiled/service.json"),
)
def get_service(request, service_id: str):
    service = _one(published_services(), service_id)
    if service is None:
        return _not_found("service")
    return _json(_service(service, Terms(), full=True))


def _one(queryset, raw_id, field="uuid"):
    try:
        wanted = uuid.UUID(raw_id)
    except ValueError:
        return None
    return queryset.filter(**{field: wanted}).first()


@router.get(
    "/service_at_locations",
    summary="List services at locations",
    openapi_extra=_docs(
        "compiled/service_at_location_list.json", *SERVICE_FILTERS, "full", page=True
    ),
)
@_answer
def list_service_at_locations(request):
    params = request.GET
    terms = Terms()
    full = _boolean(params, "full")
    page, per_page = _paging(params)
    queryset = _filter_services(published_services(), params, terms).exclude(
        organisation__postcode=""
    )
    return _json(
        _page(queryset, page, per_page, lambda s: _service_at_location(s, terms, full=full))
    )


@router.get(
    "/service_at_locations/{service_at_location_id}",
    summary="One service at a location, fully nested",
    openapi_extra=_docs("compiled/service_at_location.json"),
)
def get_service_at_location(request, service_at_location_id: str):
    try:
        wanted = uuid.UUID(service_at_location_id)
    except ValueError:
        return _not_found("service at location")
    service = published_services().filter(uuid=service_at_location_uuid(wanted)).first()
    if service is None or not service.organisation.postcode:
        return _not_found("service at location")
    return _json(_service_at_location(service, Terms(), full=True))


@router.get(
    "/taxonomies",
    summary="List taxonomies: the directory's sectors and accreditations",
    openapi_extra=_docs("taxonomy.json", *PAGING, page=True),
)
@_answer
def list_taxonomies(request):
    page, per_page = _paging(request.GET)
    taxonomies = [_taxonomy(kind) for kind in TAXONOMIES]
    return _json(_page(taxonomies, page, per_page, lambda t: t, count=len(taxonomies)))


@router.get(
    "/taxonomies/{taxonomy_id}", summary="One taxonomy", openapi_extra=_docs("taxonomy.json")
)
def get_taxonomy(request, taxonomy_id: str):
    for kind in TAXONOMIES:
        if str(derived_id("taxonomy", kind)) == taxonomy_id.lower():
            return _json(_taxonomy(kind))
    return _not_found("taxonomy")


@router.get(
    "/taxonomy_terms",
    summary="List taxonomy terms",
    openapi_extra=_docs("taxonomy_term.json", *PAGING, "taxonomy_id", page=True),
)
@_answer
def list_taxonomy_terms(request):
    page, per_page = _paging(request.GET)
    taxonomy_id = _uuid(request.GET, "taxonomy_id")
    terms = Terms().all()
    if taxonomy_id:
        terms = [term for term in terms if term["taxonomy_id"] == str(taxonomy_id)]
    return _json(_page(terms, page, per_page, lambda t: t, count=len(terms)))


@router.get(
    "/taxonomy_terms/{term_id}",
    summary="One taxonomy term",
    openapi_extra=_docs("taxonomy_term.json"),
)
def get_taxonomy_term(request, term_id: str):
    found = Terms().by_id.get(term_id.lower())
    if found is None:
        return _not_found("taxonomy term")
    return _json(found[2])


def published_organisations():
    return (
        Organisation.objects.published()
        .select_related("logo")
        .prefetch_related("sectors", "accreditations")
        .order_by("name", "pk")
    )


def _organization_with_services(organisation, terms, full_service):
    data = _organization(organisation, terms, full=True)
    for service in organisation.public_services:
        service.organisation = organisation  # already loaded, with its terms
    data["services"] = [
        _service(service, terms, full=full_service) for service in organisation.public_services
    ]
    for service in data["services"]:
        service.pop("organization", None)
    return data


def _with_services(queryset):
    services = Service.objects.filter(status=Service.Status.PUBLISHED).order_by("name", "pk")
    return queryset.prefetch_related(
        Prefetch("services", queryset=services, to_attr="public_services")
    )


@router.get(
    "/organizations",
    summary="List organisations",
    openapi_extra=_docs(
        "compiled/organization_list.json",
        *PAGING,
        "text",
        "search",
        "modified_after",
        "full_service",
        page=True,
    ),
)
@_answer
def list_organizations(request):
    params = request.GET
    terms = Terms()
    full_service = _boolean(params, "full_service")
    page, per_page = _paging(params)
    queryset = published_organisations()
    text = _text(params)
    if text:
        queryset = text_filter(queryset, text, ORGANISATION_TEXT_FIELDS)
    modified_after = _datetime(params, "modified_after")
    if modified_after:
        queryset = queryset.filter(updated_at__gte=modified_after)
    if full_service:
        return _json(
            _page(
                _with_services(queryset),
                page,
                per_page,
                lambda o: _organization_with_services(o, terms, True),
            )
        )
    return _json(_page(queryset, page, per_page, lambda o: _organization(o, terms)))


@router.get(
    "/organizations/{organization_id}",
    summary="One organisation with its services",
    openapi_extra=_docs("compiled/organization.json", "full_service"),
)
@_answer
def get_organization(request, organization_id: str):
    full_service = _boolean(request.GET, "full_service")
    organisation = _one(_with_services(published_organisations()), organization_id)
    if organisation is None:
        return _not_found("organisation")
    return _json(_organization_with_services(organisation, Terms(), full_service))
