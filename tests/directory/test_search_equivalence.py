"""The directory search gives the same results, counts, facet counts and order for a fixed set
of 30 searches on a fixed catalogue, whatever the implementation behind it: the expected
answers were recorded from the search as it stood before it was rewritten, one file per
database (PostgreSQL stems English words and ranks with ts_rank; SQLite FTS5 does neither and
ranks with BM25).

To record them again (only when a change of behaviour is intended and reviewed):
    SEARCH_EQUIVALENCE_RECORD=1 pytest tests/directory/test_search_equivalence.py
"""

import csv
import datetime
import io
import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.search.index import insert_or_update_object

from awards.models import Certificate
from directory.models import Accreditation, Organisation, Sector

EXPECTED = Path(__file__).parent / "search_equivalence"
RECORD = os.environ.get("SEARCH_EQUIVALENCE_RECORD") == "1"

WORDS = [
    "cleaning",
    "cleaners",
    "catering",
    "harbour",
    "garden",
    "gardening",
    "repairs",
    "boats",
    "training",
    "youth",
    "care",
    "digital",
]
ADJECTIVES = ["Harbour", "Solent", "Fratton", "Southsea", "Northern", "Island", "Tidal"]
NOUNS = ["Cleaning", "Kitchen", "Gardens", "Boatworks", "Training", "Care", "Digital", "Works"]
LEGAL_FORMS = ["limited_company", "cic", "charity", "sole_trader", "cooperative"]
SIZES = ["micro", "small", "medium", "large"]
VCSE = {"cic", "charity", "cooperative"}
SOCIAL_ENTERPRISE = {"cic", "cooperative"}

# 30 searches: keywords alone and with filters, sorts, pages (past the end, below 1, not a
# number), unknown values, punctuation, stop words and text that matches nothing.
SEARCHES = [
    "",
    "q=cleaning",
    "q=Cleaning",
    "q=cleaners",
    "q=harbour",
    "q=harbour+cleaning",
    "q=garden",
    "q=gardening+care",
    "q=boats&sort=name",
    "q=repairs&sort=updated",
    "q=training&type=vcse",
    "q=care&sector=x-health&type=sme",
    "q=digital&sector=x-technology&local=yes",
    "q=harbour&sector=x-cleaning&sector=x-food&size=micro&size=small",
    "q=youth&accreditation=x-living-wage",
    "q=cleaning&award=gold&award=silver",
    "q=harbour&partnerships=yes&type=social_enterprise",
    "q=harbour&page=2",
    "q=cleaning&page=99",
    "q=harbour&page=0",
    "q=harbour&page=abc",
    "q=%22harbour%22+AND+(boats",
    "q=the",
    "q=zzzz+nothing",
    "q=%21%21%21",
    "sector=x-cleaning&type=sme&sort=updated",
    "local=yes&accreditation=x-b-corp&page=2",
    "award=bronze&type=large&sort=relevance",
    "type=nonsense&sector=unknown&size=micro&page=2",
    "q=Southsea&type=vcse&type=sme&local=yes&sort=name",
]
assert len(SEARCHES) == 30


def _make_catalogue():
    """64 organisations made from their number alone: names, texts, taxonomy, flags, states,
    certificates and update times all follow from it."""
    sectors = [
        Sector.objects.create(name=name, slug=slug)
        for name, slug in [
            ("Cleaning (fixture)", "x-cleaning"),
            ("Food and catering (fixture)", "x-food"),
            ("Health and care (fixture)", "x-health"),
            ("Technology (fixture)", "x-technology"),
            ("Boats and harbour (fixture)", "x-marine"),
        ]
    ]
    accreditations = [
        Accreditation.objects.create(name=name, slug=slug)
        for name, slug in [
            ("Living wage (fixture)", "x-living-wage"),
            ("B Corp (fixture)", "x-b-corp"),
            ("ISO (fixture)", "x-iso"),
        ]
    ]
    today = timezone.localdate()
    base = timezone.now() - datetime.timedelta(days=100)
    made = []
    for i in range(64):
        legal_form = LEGAL_FORMS[i % len(LEGAL_FORMS)]
        status = "published"
        if i % 11 == 5:
            status = "pending"
        elif i % 13 == 7:
            status = "suspended"
        description = " ".join(
            [WORDS[(i * 5 + k) % len(WORDS)] for k in range(1 + i % 4)]
            + ["for the people of Portsmouth"]
            + [WORDS[(i * 7) % len(WORDS)]] * (i % 3)
        )
        organisation = Organisation.objects.create(
            name=f"{ADJECTIVES[i % len(ADJECTIVES)]} {NOUNS[(i * 3) % len(NOUNS)]} {i:02d}",
            slug=f"org-{i:02d}",
            status=status,
            legal_form=legal_form,
            size_band=SIZES[(i // 2) % len(SIZES)],
            is_vcse=legal_form in VCSE,
            is_social_enterprise=legal_form in SOCIAL_ENTERPRISE,
            postcode="PO1 2AL" if i % 3 else "SO14 2AQ",
            is_local=bool(i % 3),
            description=description,
            keywords=", ".join(WORDS[(i * 3 + k) % len(WORDS)] for k in range(i % 3)),
            open_to_partnerships=i % 4 == 1,
            published_at=base,
        )
        organisation.sectors.set([s for k, s in enumerate(sectors) if (i + k) % 3 == 0])
        organisation.accreditations.set(
            [a for k, a in enumerate(accreditations) if (i * (k + 1)) % 5 == 1]
        )
        if i % 6 == 0:
            Certificate.objects.create(
                organisation=organisation, level=["gold", "silver", "bronze"][(i // 6) % 3]
            )
        if i % 17 == 3:
            Certificate.objects.create(
                organisation=organisation,
                level="gold",
                issued_on=today - datetime.timedelta(days=800),
                expires_on=today - datetime.timedelta(days=70),
            )
        if i % 19 == 4:
            Certificate.objects.create(
                organisation=organisation, level="silver", revoked_at=timezone.now()
            )
        made.append(organisation)
    for i, organisation in enumerate(made):
        Organisation.objects.filter(pk=organisation.pk).update(
            updated_at=base + datetime.timedelta(hours=(i * 37) % 64)
        )
        organisation.refresh_from_db()
        insert_or_update_object(organisation)
    return made


def _answers(client):
    answers = {}
    for params in SEARCHES:
        response = client.get(f"/directory/?{params}")
        assert response.status_code == 200, params
        context = response.context
        export = client.get(f"/directory/export.csv?{params}")
        assert export.status_code == 200, params
        rows = list(csv.DictReader(io.StringIO(export.content.decode())))
        answers[params] = {
            "count": context["count"],
            "page": context["page_obj"].number,
            "pages": context["page_obj"].paginator.num_pages,
            "results": [o.slug for o in context["organisations"]],
            "facets": {
                group["name"]: {o["value"]: o["count"] for o in group["options"]}
                for group in context["facets"]
            },
            "export": [row["name"] for row in rows],
        }
        query = dict(p.split("=", 1) for p in params.split("&") if p).get("q")
        if query is not None and "&" not in params:
            api = client.get(f"/api/directory/organizations?search={query}&per_page=10").json()
            answers[params]["api"] = {
                "total": api["total_items"],
                "names": [o["name"] for o in api["contents"]],
            }
    return answers


@pytest.mark.django_db
def test_the_30_searches_answer_as_recorded(client):
    _make_catalogue()
    answers = _answers(client)
    path = EXPECTED / f"{connection.vendor}.json"
    if RECORD:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(answers, indent=1, sort_keys=True) + "\n")
    expected = json.loads(path.read_text())
    assert list(answers) == SEARCHES
    for params in SEARCHES:
        assert answers[params] == expected[params], params
