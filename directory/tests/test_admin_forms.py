"""The back office edits the search filters' data in words: SEND needs ticked, venue features chosen."""

import pytest

from directory.admin import AccessibilityForm, ServiceForm
from directory.filters import SEND_TAXONOMY
from directory.models import Accessibility, Attribute
from directory.tests.factories import (
    LocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


def service_data(service) -> dict:
    return {
        "name": service.name,
        "status": service.status,
        "join_method": service.join_method,
        "currency": "GBP",
        "description": service.description,
    }


def test_ticking_send_needs_tags_the_service_and_unticking_removes_the_tag():
    send = TaxonomyFactory(name=SEND_TAXONOMY)
    autism = TaxonomyTermFactory(name="Autism", taxonomy=send)
    hearing = TaxonomyTermFactory(name="Hearing", taxonomy=send)
    topic = TaxonomyTermFactory(name="Play")
    service = ServiceFactory()
    Attribute.objects.create(link_id=service.pk, link_entity="service", taxonomy_term=topic)

    form = ServiceForm({**service_data(service), "send_needs": [autism.pk]}, instance=service)
    assert list(form.fields["send_needs"].queryset) == [autism, hearing]
    assert form.is_valid(), form.errors
    form.save_send_needs(form.save())
    tagged = set(
        Attribute.objects.filter(link_id=service.pk).values_list("taxonomy_term", flat=True)
    )
    assert tagged == {autism.pk, topic.pk}  # topics are left alone

    again = ServiceForm({**service_data(service), "send_needs": [hearing.pk]}, instance=service)
    assert again.initial["send_needs"] == [autism]
    assert again.is_valid(), again.errors
    again.save_send_needs(service)
    tagged = set(
        Attribute.objects.filter(link_id=service.pk).values_list("taxonomy_term", flat=True)
    )
    assert tagged == {hearing.pk, topic.pk}


def test_a_venue_feature_is_chosen_from_the_words_parents_search_by():
    location = LocationFactory()
    form = AccessibilityForm({"description": "Hearing loop", "details": ""})
    assert form.is_valid(), form.errors
    assert [label for _, label in form.fields["description"].choices][1:4] == [
        "Step-free access",
        "Accessible toilet",
        "Baby changing",
    ]
    assert not AccessibilityForm({"description": "Teleporter"}).is_valid()
    imported = Accessibility.objects.create(location=location, description="Lift to every floor")
    kept = AccessibilityForm({"description": "Lift to every floor"}, instance=imported)
    assert kept.is_valid(), kept.errors
