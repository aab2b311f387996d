"""Places (locations), managed by council editors: address, postcode placed on the map through
geo.postcodes, whether it is a family hub, and its venue features."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from directory.forms import LocationForm
from directory.manage.access import editor_required
from directory.manage.organisations import paged
from directory.models import Accessibility, Address, Location
from geo.postcodes import UnknownPostcode, locate

NOT_ON_MAP = (
    "We could not find {postcode} in the postcode directory, so the place is not on the map: "
    "searches near a postcode will not find it until the postcode directory holds it."
)


@editor_required
def location_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    places = Location.objects.select_related("organization").order_by("name", "id")
    if query:
        places = places.filter(name__icontains=query)
    page, numbers = paged(request, places)
    return render(
        request,
        "directory/manage/location_list.html",
        {"page": page, "page_numbers": numbers, "query": query},
    )


def _answers(place: Location) -> dict:
    address = place.addresses.first() or Address()
    return {
        "name": place.name,
        "is_family_hub": place.is_family_hub,
        "organization": place.organization_id,
        "transportation": place.transportation,
        "address_1": address.address_1,
        "address_2": address.address_2,
        "city": address.city,
        "state_province": address.state_province,
        "postal_code": address.postal_code,
        "features": list(place.accessibility.values_list("description", flat=True)),
    }


@transaction.atomic
def save_location(place: Location, answers: dict) -> bool:
    """Write a place, its first address and its venue features; True if the postcode was found
    on the map (its latitude and longitude set from it)."""
    place.name = answers["name"]
    place.is_family_hub = answers["is_family_hub"]
    place.organization = answers["organization"]
    place.transportation = answers["transportation"]
    try:
        found = locate(answers["postal_code"])
        place.latitude, place.longitude = found.latitude, found.longitude
    except UnknownPostcode:
        found = None
    place.save()
    address = place.addresses.first() or Address(location=place)
    for name in ("address_1", "address_2", "city", "state_province", "postal_code"):
        setattr(address, name, answers[name])
    address.save()
    wanted = set(answers["features"])
    place.accessibility.exclude(description__in=wanted).delete()
    held = set(place.accessibility.values_list("description", flat=True))
    Accessibility.objects.bulk_create(
        Accessibility(location=place, description=feature) for feature in wanted - held
    )
    return found is not None


@editor_required
def location_edit(request: HttpRequest, location_id=None) -> HttpResponse:
    place = get_object_or_404(Location, pk=location_id) if location_id else Location()
    if request.method == "POST":
        form = LocationForm(request.POST)
        if form.is_valid():
            if not save_location(place, form.cleaned_data):
                messages.info(request, NOT_ON_MAP.format(postcode=form.cleaned_data["postal_code"]))
            messages.success(request, f"{place.name} is saved.")
            return redirect("manage_directory:locations")
    else:
        form = LocationForm(initial=_answers(place) if location_id else None)
    return render(
        request,
        "directory/manage/location_form.html",
        {"form": form, "place": place, "adding": location_id is None},
    )
