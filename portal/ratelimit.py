"""Rate limits shared by every worker, and the client's address behind trusted proxies.

    from portal import ratelimit
    if not ratelimit.allow(request, "directory-enquiry", limit=5, window=3600):
        ... answer 429 with a message ...

Counts live in the "ratelimit" cache: Redis when REDIS_URL is set, otherwise a folder that
every worker on the host shares (a per-process memory cache would let each worker count on
its own). A count is kept per fixed window; the key holds a hash of what is counted (an
address, an account, an email address), never the value itself.

`client_ip(request)` is the visitor's address. Behind a proxy REMOTE_ADDR is the proxy's, so
X-Forwarded-For is read, but only when REMOTE_ADDR is one of PORTAL_TRUSTED_PROXIES (addresses
or networks), and then only up to the first address that is not a trusted proxy: a client
cannot choose its address by sending the header itself. django-axes uses the same function.
"""

import fcntl
import hashlib
import ipaddress
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

CACHE_ALIAS = "ratelimit"


def _cache():
    return caches[CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"]


@lru_cache(maxsize=8)
def _networks(trusted):
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in trusted if item)


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The address the request came from, taking X-Forwarded-For only from trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "PORTAL_TRUSTED_PROXIES", ())))
    address = _parse(remote)
    if not networks or not _trusted(address, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # Right to left: each trusted proxy appended the address it received the request from.
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        hop_address = _parse(hop)
        if hop_address is None:
            return remote
        if not _trusted(hop_address, networks):
            return str(hop_address)
    return remote


def axes_client_ip(request):
    return client_ip(request)


def _digest(value):
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


@contextmanager
def _exclusive(cache):
    """Across processes, a file cache's get-then-set is made atomic with a lock file."""
    if not isinstance(cache, FileBasedCache):
        yield
        return
    directory = Path(cache._dir)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "ratelimit.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def hit(scope, identity, limit, window):
    """Count one attempt at `scope` by `identity`; True while the count is within `limit` in
    the current window of `window` seconds."""
    bucket = int(time.time() // window)
    key = f"portal:rl:{scope}:{_digest(identity)}:{bucket}"
    cache = _cache()
    with _exclusive(cache):
        cache.add(key, 0, window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window + 5)
            count = 1
    return count <= limit


def identities(request, *extra):
    """What a request is counted as: the signed-in account, else the client address; plus any
    extra values (an email address typed in a form) counted on their own."""
    user = getattr(request, "user", None)
    own = f"user:{user.pk}" if user is not None and user.is_authenticated else None
    found = [own or f"ip:{client_ip(request)}"]
    found.extend(f"value:{str(value).strip().lower()}" for value in extra if value)
    return found


def allow(request, scope, limit, window, *extra):
    """Count this request against `scope`; False when it, or any extra value, is over `limit`.

    Every identity is counted, so changing address does not reset the count for an email
    address, and changing the email address does not reset it for the address."""
    results = [hit(scope, identity, limit, window) for identity in identities(request, *extra)]
    return all(results)
