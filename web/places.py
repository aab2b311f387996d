"""Where a parent is searching from: a postcode, or the name of a town we list services in."""

from statistics import fmean

from django.conf import settings

from directory.models import Address
from geo.postcodes import Place, UnknownPostcode, is_uk_outcode, is_uk_postcode, locate


def examples() -> tuple[str, str]:
    """A postcode and a town in the running council's area, for hints and error messages."""
    return (
        getattr(settings, "FAMILYHUBS_EXAMPLE_POSTCODE", "RM18 7AA"),
        getattr(settings, "FAMILYHUBS_EXAMPLE_TOWN", "Tilbury"),
    )


class PlaceNotFound(LookupError):
    """Nothing we hold matches what was typed; the message says how to fix it."""


def find_place(text: str) -> Place:
    """A postcode (full, or outward code like RM18) or a town with services in the directory.

    Towns are matched on the addresses of the places we list, so a town is found only where
    there is something to show; its point is the middle of those places.
    """
    text = " ".join(text.split())
    if is_uk_postcode(text) or is_uk_outcode(text):
        try:
            return locate(text)
        except UnknownPostcode as unknown:
            raise PlaceNotFound(
                f"We could not find the postcode {text.upper()}. Check it, or enter your town instead"
            ) from unknown
    points = list(
        Address.objects.filter(
            city__iexact=text,
            location__latitude__isnull=False,
            location__longitude__isnull=False,
        ).values_list("location__latitude", "location__longitude")[:200]
    )
    if not points:
        postcode, town = examples()
        raise PlaceNotFound(
            f"We could not find '{text}'. Enter a postcode, like {postcode}, or a town, like {town}"
        )
    return Place(
        postcode=text.title(),
        latitude=fmean(lat for lat, _ in points),
        longitude=fmean(lon for _, lon in points),
        precision="town",
    )
