from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from awards.models import SupportingFile
from portal.storage import RandomName, private_storage
from spend.models import SpendUpload


@pytest.mark.parametrize("model", [SupportingFile, SpendUpload])
def test_private_uploads_are_stored_outside_public_media(model):
    storage = model._meta.get_field("file").storage
    name = storage.save("checks/evidence.pdf", ContentFile(b"%PDF-1.4"))
    try:
        stored = Path(storage.path(name)).resolve()
        assert stored.is_relative_to(Path(settings.STORAGES["private"]["OPTIONS"]["location"]))
        assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    finally:
        storage.delete(name)


def test_private_files_have_no_public_url():
    with pytest.raises(AttributeError):
        private_storage().url("spend/uploads/anything.csv")


def test_stored_names_keep_only_the_extension():
    name = RandomName("spend/uploads")(None, "Council payments April 2026.CSV")
    assert name.startswith("spend/uploads/")
    assert name.endswith(".csv")
    assert "Council" not in name
    assert name != RandomName("spend/uploads")(None, "Council payments April 2026.CSV")
