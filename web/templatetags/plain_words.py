"""Wording that depends on the search or on today, so examples never go stale."""

from django import template

from families.forms import example_date as date_in_boxes
from geo.postcodes import Place

register = template.Library()


@register.filter
def distance_note(place: Place) -> str:
    """What a parent needs to know when distances are not from their exact postcode."""
    if place.precision == "town":
        return f"Distances are a guide: we measured them from the middle of {place.postcode}."
    if place.precision not in {"sector", "district"}:
        return ""
    outward, _, inward = place.postcode.partition(" ")
    area = f"{outward} {inward[:1]}" if place.precision == "sector" and inward else outward
    return (
        f"Distances are a guide: we measured them from the middle of the {area} area, "
        "not from your street."
    )


@register.simple_tag
def example_date(days_from_today: int) -> str:
    """A GOV.UK date input hint, 'For example, 27 3 2026', some days before or after today (a
    due date example in the future, a date of birth in the past), as the family forms word it."""
    return f"For example, {date_in_boxes(days_from_today)}"
