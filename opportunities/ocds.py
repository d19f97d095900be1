"""An Open Contracting Data Standard (OCDS 1.1) release for each opportunity: the tender
and, once awarded, the award, so that the council's opportunities can be read as open data."""

import datetime

from django.conf import settings

from .models import ContractType

OCDS_VERSION = "1.1"
BUYER_ID = "GB-PCC"
# OCDS mainProcurementCategory is goods, works or services; light-touch services are services.
CATEGORY = {
    ContractType.GOODS: "goods",
    ContractType.SERVICES: "services",
    ContractType.WORKS: "works",
    ContractType.LIGHT_TOUCH: "services",
}


def _timestamp(value):
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _amount(value):
    return {"amount": float(value), "currency": "GBP"}


def release(opportunity, request=None):
    def absolute(url):
        return request.build_absolute_uri(url) if request else settings.PORTAL_BASE_URL + url

    buyer = {"id": BUYER_ID, "name": opportunity.buyer}
    parties = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
    updated = opportunity.last_published_at or opportunity.latest_revision_created_at
    tender = {
        "id": opportunity.reference,
        "title": opportunity.title,
        "description": opportunity.summary,
        "status": "active" if opportunity.is_open else "complete",
        "procuringEntity": buyer,
        "value": _amount(opportunity.estimated_value),
        "procurementMethod": "open",
        "mainProcurementCategory": CATEGORY[opportunity.contract_type],
        "tenderPeriod": {"endDate": _timestamp(opportunity.closing_at)},
        "hasEnquiries": opportunity.clarifications.filter(is_published=True).exists(),
        "documents": [
            {
                "id": str(item.document.pk),
                "documentType": "biddingDocuments",
                "title": str(item),
                "url": absolute(item.document.url),
                "format": item.document.content_type or "application/octet-stream",
            }
            for item in opportunity.documents.select_related("document")
        ],
    }
    if opportunity.first_published_at:
        tender["tenderPeriod"]["startDate"] = _timestamp(opportunity.first_published_at)
    if opportunity.cpv_code:
        tender["items"] = [
            {
                "id": "1",
                "description": opportunity.sector.name,
                "classification": {"scheme": "CPV", "id": opportunity.cpv_code.split("-")[0]},
            }
        ]
    if opportunity.is_reserved:
        tender["eligibilityCriteria"] = "Reserved for " + " and ".join(
            opportunity.reservation_labels()
        )
    tags = ["tender"]
    result = {
        "ocid": opportunity.ocid,
        "id": f"{opportunity.ocid}-{_timestamp(updated or opportunity.closing_at)}",
        "date": _timestamp(updated or opportunity.closing_at),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "buyer": buyer,
        "parties": parties,
        "tender": tender,
    }
    supplier = opportunity.awarded_to
    if supplier is not None:
        supplier_ref = {"id": f"GB-PORTAL-{supplier.uuid}", "name": supplier.name}
        parties.append({**supplier_ref, "roles": ["supplier"]})
        award = {
            "id": f"{opportunity.reference}-award",
            "status": "active",
            "suppliers": [supplier_ref],
        }
        if opportunity.awarded_value is not None:
            award["value"] = _amount(opportunity.awarded_value)
        if opportunity.awarded_on:
            award["date"] = f"{opportunity.awarded_on.isoformat()}T00:00:00Z"
        result["awards"] = [award]
        tags.append("award")
    return result
