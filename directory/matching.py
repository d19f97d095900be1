"""Matching a supplier as another system names it (a spend file, the contract register) to a
published directory organisation: by Companies House number, else charity number, else
normalised name. The spend baseline and the contract register both use `OrganisationIndex`."""

import re
from functools import lru_cache

from directory.models import Organisation

# Words that differ between the same company's names in different files.
_SUFFIXES = [
    "limited",
    "ltd",
    "plc",
    "llp",
    "lp",
    "cic",
    "cio",
    "and co",
    "co",
    "company",
    "uk",
    "the",
]
_SUFFIX_PATTERN = re.compile(r"(?:\s+(?:" + "|".join(re.escape(s) for s in _SUFFIXES) + r"))+$")


@lru_cache(maxsize=8192)
def normalise_name(name):
    """'The Harbour Bakery Ltd.' and 'HARBOUR BAKERY LIMITED' -> 'harbour bakery'."""
    value = (name or "").lower().replace("&", " and ").replace(".", "")
    value = re.sub(r"[^a-z0-9]+", " ", value).strip()
    value = re.sub(r"^the\s+", "", value)
    stripped = _SUFFIX_PATTERN.sub("", value).strip()
    return stripped or value


COMPANIES_HOUSE = "companies_house"
CHARITY = "charity"
NAME = "name"


class OrganisationIndex:
    """Published directory organisations by registered number and by normalised name."""

    def __init__(self):
        self.by_company, self.by_charity, self.by_name = {}, {}, {}
        ambiguous = set()
        organisations = Organisation.objects.published().only(
            "pk", "name", "slug", "companies_house_number", "charity_number"
        )
        for organisation in organisations:
            if organisation.companies_house_number:
                self.by_company[organisation.companies_house_number.upper()] = organisation
            if organisation.charity_number:
                self.by_charity[organisation.charity_number] = organisation
            key = normalise_name(organisation.name)
            if key in self.by_name:
                ambiguous.add(key)
            self.by_name[key] = organisation
        for key in ambiguous:
            del self.by_name[key]

    def find(self, name="", companies_house_number="", charity_number="", rejected_id=None):
        """(organisation, how it matched) for the best fit, else None. A name never matches
        the organisation `rejected_id` (staff said it is not that one)."""
        if companies_house_number and companies_house_number.upper() in self.by_company:
            return self.by_company[companies_house_number.upper()], COMPANIES_HOUSE
        if charity_number and charity_number in self.by_charity:
            return self.by_charity[charity_number], CHARITY
        organisation = self.by_name.get(normalise_name(name))
        if organisation is not None and organisation.pk != rejected_id:
            return organisation, NAME
        return None
