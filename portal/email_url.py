"""Reads EMAIL_URL (for example smtp://user:pass@smtp.example.org:587?tls=1) into settings."""

from urllib.parse import parse_qs, unquote, urlparse

_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url):
    parts = urlparse(url)
    if parts.scheme not in _BACKENDS:
        raise ValueError(f"EMAIL_URL scheme must be one of {', '.join(_BACKENDS)}")
    query = parse_qs(parts.query)
    truthy = {"1", "true", "yes", "on"}
    return {
        "EMAIL_BACKEND": _BACKENDS[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0].lower() in truthy,
        "EMAIL_USE_SSL": parts.scheme == "smtps" or query.get("ssl", ["0"])[0].lower() in truthy,
    }
