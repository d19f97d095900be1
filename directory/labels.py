"""Profile fields and values as people read them: labels instead of field names, choice labels
instead of codes ("Community interest company", not "cic"), names instead of ids."""

from django.core.exceptions import FieldDoesNotExist
from wagtail.images import get_image_model

from .models import Accreditation, Organisation, Sector

NAMED_LABELS = {
    "sectors": "Sectors",
    "accreditations": "Accreditations",
    "measures": "TOMs measures",
    "logo": "Logo",
    "member": "Member",
}


def field_label(field):
    if field in NAMED_LABELS:
        return NAMED_LABELS[field]
    try:
        return Organisation._meta.get_field(field).verbose_name.capitalize()
    except FieldDoesNotExist:
        return field[:1].upper() + field[1:].replace("_", " ")


class ValueNames:
    """Shows stored profile values; loads each kind of name once, however many values."""

    def __init__(self):
        self._names = {}

    def _lookup(self, field, ids):
        if field not in self._names:
            self._names[field] = {}
        missing = [pk for pk in ids if pk not in self._names[field]]
        if missing:
            if field == "sectors":
                rows = Sector.objects.filter(pk__in=missing).values_list("pk", "name")
            elif field == "accreditations":
                rows = Accreditation.objects.filter(pk__in=missing).values_list("pk", "name")
            elif field == "measures":
                from guidance.models import Measure

                rows = Measure.objects.filter(pk__in=missing).values_list("pk", "code")
            else:
                rows = get_image_model().objects.filter(pk__in=missing).values_list("pk", "title")
            self._names[field].update(rows)
        return [self._names[field].get(pk, "(deleted)") for pk in ids]

    def display(self, field, value):
        if value in (None, "", []):
            return "—"
        if field in ("sectors", "accreditations", "measures"):
            return ", ".join(self._lookup(field, list(value)))
        if field == "logo":
            return f"Image “{self._lookup('logo', [value])[0]}”"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        try:
            choices = dict(Organisation._meta.get_field(field).flatchoices)
        except FieldDoesNotExist:
            choices = {}
        return str(choices.get(value, value))

    def changes(self, changes):
        """A history entry's changes as (label, before, after) rows."""
        return [
            (field_label(field), self.display(field, before), self.display(field, after))
            for field, (before, after) in changes.items()
        ]
