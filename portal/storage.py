"""Where uploaded files live.

Public media (logos, winners' photos, Wagtail images and documents) use the default
storage, which a proxy may serve. Private uploads (spend files, nomination evidence,
contract evidence) use the "private" storage, which is never served by URL: a view checks
permission and streams the file with `private_file_response`.
"""

import secrets
from pathlib import PurePath

from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse
from django.utils.deconstruct import deconstructible


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no public URL: widgets that look for one show no link."""

    def url(self, name):
        raise AttributeError("Private files have no URL; serve them through a view.")


class NoUrlMixin:
    def url(self, name, *args, **kwargs):
        raise AttributeError("Private files have no URL; serve them through a view.")


def _cloud_storage(module, name):
    """A private variant of a django-storages backend, imported only when configured
    (MEDIA_STORAGE=s3 or azure), so the extras stay optional."""

    def make(**options):
        from importlib import import_module

        backend = getattr(import_module(module), name)
        return type(f"Private{name}", (NoUrlMixin, backend), {})(**options)

    return make


PrivateS3Storage = _cloud_storage("storages.backends.s3", "S3Storage")
PrivateAzureStorage = _cloud_storage("storages.backends.azure_storage", "AzureStorage")


def private_storage():
    """The storage for files only permitted people may read (use as `storage=`)."""
    return storages["private"]


@deconstructible
class RandomName:
    """`upload_to` that keeps only the extension: a stored name reveals nothing and
    cannot be guessed. Keep the uploaded name in a field of its own for display."""

    def __init__(self, folder):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:10]
        return f"{self.folder}/{secrets.token_hex(16)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def private_file_response(field_file, filename, content_type, inline=False):
    """Stream a private file; a download unless `inline` (then it is never sniffed)."""
    response = FileResponse(
        field_file.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
