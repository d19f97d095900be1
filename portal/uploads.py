"""Evidence and supporting files uploaded through public forms: PDF, JPEG or PNG, each checked
by its first bytes (and images by Pillow), not by the name it was sent with."""

import pathlib

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from portal.forms import FILE_TOO_LARGE

MAX_FILES = 5
MAX_FILE_SIZE = 5 * 1024 * 1024
# What each allowed extension's file must start with, and the Pillow format for images.
FILE_TYPES = {
    ".pdf": (b"%PDF-", None, "application/pdf"),
    ".jpg": (b"\xff\xd8\xff", "JPEG", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "JPEG", "image/jpeg"),
    ".png": (b"\x89PNG\r\n\x1a\n", "PNG", "image/png"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def get_context(self, name, value, attrs):
        # The shared widget tag gives unknown widgets text-input classes; use the file ones.
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        classes = widget_attrs.get("class", "").split()
        widget_attrs["class"] = " ".join(
            {
                "govuk-input": "govuk-file-upload",
                "govuk-input--error": "govuk-file-upload--error",
            }.get(css, css)
            for css in classes
        )
        return context


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(f"Select {MAX_FILES} files or fewer")
        return [self.check_file(super(MultipleFileField, self).clean(item)) for item in files]

    @staticmethod
    def check_file(upload):
        name = pathlib.Path(upload.name).name
        suffix = pathlib.Path(name).suffix.lower()
        if suffix not in FILE_TYPES:
            raise ValidationError(f"{name} must be a PDF, JPEG or PNG")
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                f"{name} must be smaller than {filesizeformat(MAX_FILE_SIZE)}",
                code=FILE_TOO_LARGE,
            )
        magic, image_format, content_type = FILE_TYPES[suffix]
        upload.seek(0)
        head = upload.read(len(magic))
        upload.seek(0)
        if head != magic:
            raise ValidationError(f"{name} is not a real {suffix[1:].upper()} file")
        if image_format:
            from PIL import Image

            try:
                with Image.open(upload) as image:
                    actual = image.format
                    image.verify()
            except Exception as error:
                raise ValidationError(f"{name} is not a readable image") from error
            finally:
                upload.seek(0)
            if actual != image_format:
                raise ValidationError(f"{name} is not a real {suffix[1:].upper()} file")
        upload.checked_content_type = content_type
        return upload
