"""UK postcodes: checking their shape and finding where they are.

Locations come from the Postcode table, filled from the ONS Postcode Directory
(`manage.py load_postcodes`) or, for the demo, from the small file shipped in geo/data.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

# The shape of a UK postcode (BS 7666), with GIR 0AA as the one odd case.
UK_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
UK_OUTCODE = re.compile(
    r"^[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])$"
)


def normalise_postcode(raw: str) -> str:
    """'rm187aa ' -> 'RM18 7AA'. Outward codes alone ('rm18') come back upper-cased."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if len(compact) >= 5 and UK_POSTCODE.match(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def is_uk_postcode(raw: str) -> bool:
    return bool(UK_POSTCODE.match(normalise_postcode(raw)))


def is_uk_outcode(raw: str) -> bool:
    return bool(UK_OUTCODE.match(normalise_postcode(raw)))


def validate_uk_postcode(raw: str) -> None:
    if not is_uk_postcode(raw):
        raise ValidationError("Enter a real UK postcode, like RM18 7AA.", code="invalid_postcode")


@dataclass(frozen=True)
class Place:
    postcode: str
    latitude: float
    longitude: float
    precision: str  # "unit", "sector" or "district": how closely the point fits the postcode


class UnknownPostcode(LookupError):
    """The postcode has the right shape but we hold no location for it."""


def locate(raw: str) -> Place:
    """Where a postcode (or outward code, like RM18) is.

    Tries the full postcode, then its sector (RM18 7), then its district (RM18), so a
    valid postcode in an area we cover is found even before the full ONS file is loaded.
    Raises ValueError for something that is not a postcode and UnknownPostcode for one we do not hold.
    """
    from geo.models import Postcode

    code = normalise_postcode(raw)
    if UK_POSTCODE.match(code):
        outward, inward = code.split(" ")
        candidates = [(code, "unit"), (f"{outward} {inward[0]}", "sector"), (outward, "district")]
    elif UK_OUTCODE.match(code):
        candidates = [(code, "district")]
    else:
        raise ValueError(f"'{raw}' is not a UK postcode. Enter a postcode like RM18 7AA.")
    found = {
        p.postcode: p for p in Postcode.objects.filter(postcode__in=[c for c, _ in candidates])
    }
    for candidate, precision in candidates:
        if candidate in found:
            row = found[candidate]
            return Place(code, row.latitude, row.longitude, precision)
    raise UnknownPostcode(f"We could not find the postcode {code}. Check it and try again.")
