"""The same Organisation index works on Elasticsearch: the mapping is built offline here, and
the integration test runs against a real OpenSearch-compatible cluster."""

import uuid

import pytest
from wagtail.search.backends import get_search_backend

from directory.models import Organisation
from tests.directory.factories import OrganisationFactory

ES_BACKEND = "wagtail.search.backends.elasticsearch9"


def test_elasticsearch_mapping_boosts_the_name_and_has_the_filters():
    backend = get_search_backend(backend=ES_BACKEND, URLS=["http://localhost:9200"])
    properties = backend.mapping_class(Organisation).get_mapping()["properties"]
    assert "_all_text_boost_5_0" in properties["name"]["copy_to"]
    assert "_all_text_boost_2_0" in properties["keywords"]["copy_to"]
    assert properties["description"]["type"] == "text"
    assert properties["sectors"]["type"] == "nested"
    assert "name" in properties["sectors"]["properties"]
    for field in ("status", "size_band", "legal_form"):
        assert properties[f"{field}_filter"]["type"] == "keyword"
    for field in ("is_local", "is_vcse", "is_social_enterprise", "open_to_partnerships"):
        assert properties[f"{field}_filter"]["type"] == "boolean"


@pytest.mark.django_db
def test_search_on_a_real_opensearch_cluster():
    """On osmem-server, an in-memory OpenSearch-compatible server on loopback."""
    from osmem_server import OsmemServer

    with OsmemServer.start(japanese=False) as server, server.clone() as clone:
        run_on_the_cluster(URLS=[clone.url])


def run_on_the_cluster(**options):
    backend = get_search_backend(
        backend="wagtail.search.backends.opensearch3",
        INDEX_PREFIX=f"test_directory_{uuid.uuid4().hex[:8]}_",
        **options,
    )
    named = OrganisationFactory(name="Lighthouse Joinery", description="Doors.")
    described = OrganisationFactory(name="Keel Works", description="Lighthouse restoration.")
    hidden = OrganisationFactory(name="Lighthouse Pending", status="pending")
    index = backend.get_index_for_model(Organisation)
    index.reset()
    index.add_model(Organisation)
    index.add_items(Organisation, [named, described, hidden])
    index.refresh()
    try:
        results = list(backend.search("lighthouse", Organisation.objects.published()))
        assert results[0] == named
        assert described in results
        assert hidden not in results
        filtered = list(
            backend.search("lighthouse", Organisation.objects.published().filter(is_local=True))
        )
        assert named in filtered
    finally:
        index.delete()
