"""Editors keep organisations and places: a place's postcode puts it on the map, its venue
features are ticked in the words parents search by."""

import pytest
from django.urls import reverse

from accounts.tests.factories import DirectoryEditorFactory, sign_in_with_two_factor
from directory.models import Accessibility, Location, Organization
from directory.tests.factories import AddressFactory, LocationFactory, OrganizationFactory
from geo.models import Postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    sign_in_with_two_factor(client, DirectoryEditorFactory())
    return client


def place_answers(**changes) -> dict:
    return {
        "name": "Grays Family Hub",
        "is_family_hub": "on",
        "address_1": "1 Orsett Road",
        "city": "Grays",
        "state_province": "Essex",
        "postal_code": "rm17 5dx",
        "features": ["Step-free access", "Baby changing"],
        **changes,
    }


def test_editor_adds_a_place_placed_on_the_map_by_its_postcode(editor):
    Postcode.objects.create(postcode="RM17 5DX", latitude=51.476, longitude=0.323)

    response = editor.post(reverse("manage_directory:add_location"), place_answers())

    assert response["Location"] == reverse("manage_directory:locations")
    place = Location.objects.get(name="Grays Family Hub")
    assert place.is_family_hub
    assert (place.latitude, place.longitude) == (51.476, 0.323)
    assert place.addresses.get().postal_code == "RM17 5DX"
    assert set(place.accessibility.values_list("description", flat=True)) == {
        "Step-free access",
        "Baby changing",
    }


def test_a_postcode_not_in_the_directory_is_saved_and_the_editor_is_told(editor):
    response = editor.post(reverse("manage_directory:add_location"), place_answers(), follow=True)

    assert "We could not find RM17 5DX in the postcode directory" in response.content.decode()
    assert Location.objects.get(name="Grays Family Hub").latitude is None


def test_a_wrong_postcode_is_asked_again_keeping_the_rest(editor):
    response = editor.post(
        reverse("manage_directory:add_location"), place_answers(postal_code="not a postcode")
    )

    page = response.content.decode()
    assert "Enter a real UK postcode, like RM18 7AA." in page
    assert 'value="1 Orsett Road"' in page and 'value="not a postcode"' in page
    assert not Location.objects.filter(name="Grays Family Hub").exists()


def test_editing_a_place_changes_its_features_and_keeps_its_address_row(editor):
    place = LocationFactory(name="Tilbury Family Hub")
    address = AddressFactory(location=place, postal_code="RM18 7AA")
    Accessibility.objects.create(location=place, description="Parking")

    page = editor.get(reverse("manage_directory:location", args=[place.pk])).content.decode()
    assert 'value="Tilbury Family Hub"' in page and 'value="Parking" checked' in page
    editor.post(
        reverse("manage_directory:location", args=[place.pk]),
        place_answers(name="Tilbury Family Hub", postal_code="RM18 7AA", features=["Hearing loop"]),
    )

    assert place.addresses.get().pk == address.pk
    assert list(place.accessibility.values_list("description", flat=True)) == ["Hearing loop"]


def test_editor_adds_and_renames_an_organisation(editor):
    editor.post(
        reverse("manage_directory:add_organisation"),
        {"name": "Home-Start Thurrock", "description": "Volunteers who visit families."},
    )
    organisation = Organization.objects.get(name="Home-Start Thurrock")
    listed = editor.get(reverse("manage_directory:organisations")).content.decode()
    assert "Home-Start Thurrock" in listed

    editor.post(
        reverse("manage_directory:organisation", args=[organisation.pk]),
        {"name": "Home-Start South Essex", "description": "Volunteers who visit families."},
    )
    organisation.refresh_from_db()
    assert organisation.name == "Home-Start South Essex"


def test_an_organisation_without_a_name_is_asked_again(editor):
    OrganizationFactory()
    response = editor.post(
        reverse("manage_directory:add_organisation"), {"description": "Kept words"}
    )
    page = response.content.decode()
    assert "Enter name of the organisation" in page and "Kept words" in page
