"""Rate limits hold across workers, and count the real client behind a trusted proxy."""

import multiprocessing

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from portal import ratelimit


@pytest.fixture
def shared_folder_cache(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "ratelimit"),
        },
    }
    yield
    caches["ratelimit"].clear()


def _worker(attempts, results):
    allowed = sum(ratelimit.hit("test-scope", "ip:203.0.113.9", 5, 3600) for _ in range(attempts))
    results.put(allowed)


def test_a_limit_holds_across_worker_processes(shared_folder_cache):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_worker, args=(7, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert sum(results.get(timeout=5) for _ in workers) == 5


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.PORTAL_TRUSTED_PROXIES = []
    assert ratelimit.client_ip(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_a_trusted_proxy_names_the_client(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    request = request_from("127.0.0.1", "203.0.113.1, 10.1.2.3")
    assert ratelimit.client_ip(request) == "203.0.113.1"


def test_a_client_cannot_choose_its_address_through_a_trusted_proxy(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]
    # The client sent "X-Forwarded-For: 192.0.2.55"; the proxy appended the real address.
    request = request_from("127.0.0.1", "192.0.2.55, 203.0.113.1")
    assert ratelimit.client_ip(request) == "203.0.113.1"


def test_an_untrusted_sender_cannot_claim_another_address(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]
    assert ratelimit.client_ip(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_axes_reads_the_same_client_address(settings):
    from axes.helpers import get_client_ip_address

    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]
    assert get_client_ip_address(request_from("127.0.0.1", "203.0.113.1")) == "203.0.113.1"


def test_the_count_key_holds_no_address_or_email(settings):
    caches["default"].clear()
    ratelimit.hit("scope", "value:someone@example.org", 5, 60)
    keys = list(caches["default"]._cache)
    assert keys and not any("someone" in key or "example" in key for key in keys)
