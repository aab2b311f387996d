"""The filters families ask for: each finds the services it should and no others."""

from decimal import Decimal

import pytest

from directory.filters import (
    BY_PHONE,
    IN_PERSON,
    ONLINE,
    SEND_TAXONOMY,
    ServiceFilters,
    filter_services,
    languages_offered,
    venue_features,
)
from directory.models import Accessibility, Attribute, Language, Location, Service
from directory.tests.factories import (
    CostOptionFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


def names(chosen: ServiceFilters) -> set[str]:
    return set(filter_services(Service.objects.all(), chosen).values_list("name", flat=True))


def test_a_service_in_two_languages_is_found_in_either():
    both = ServiceFactory(name="Polish and Urdu group")
    Language.objects.create(service=both, name="Polish", code="pl")
    Language.objects.create(service=both, name="Urdu", code="ur")
    english = ServiceFactory(name="English group")
    Language.objects.create(service=english, name="English", code="en")

    assert names(ServiceFilters(language="pl")) == {"Polish and Urdu group"}
    assert names(ServiceFilters(language="UR")) == {"Polish and Urdu group"}
    assert names(ServiceFilters(language="en")) == {"English group"}
    assert names(ServiceFilters(language="fr")) == set()


def test_a_language_offered_at_the_place_counts_for_the_services_there():
    place = ServiceAtLocationFactory(service__name="Stay and play")
    Language.objects.create(location=place.location, name="Romanian", code="ro")
    ServiceFactory(name="Elsewhere")

    assert names(ServiceFilters(language="ro")) == {"Stay and play"}


def test_the_national_language_filter_finds_the_same_services():
    both = ServiceFactory(name="Polish and Urdu group")
    Language.objects.create(service=both, name="Polish", code="pl")
    Language.objects.create(service=both, name="Urdu", code="ur")
    place = ServiceAtLocationFactory(service__name="At a Polish-speaking hub")
    Language.objects.create(location=place.location, name="Polish", code="PL")
    ServiceFactory(name="English group")

    for code in ("pl", "ur", "en"):
        chosen = ServiceFilters(language=code)
        nationally = filter_services(Service.objects.all(), chosen, nationally=True)
        assert set(nationally.values_list("name", flat=True)) == names(chosen)
    assert names(ServiceFilters(language="pl")) == {
        "Polish and Urdu group",
        "At a Polish-speaking hub",
    }


def test_languages_offered_lists_each_code_once_by_name():
    for service in (ServiceFactory(), ServiceFactory()):
        Language.objects.create(service=service, name="Polish", code="pl")
    Language.objects.create(service=ServiceFactory(), name="Bengali", code="bn")
    Language.objects.create(service=ServiceFactory(), name="No code")

    assert languages_offered() == [("bn", "Bengali"), ("pl", "Polish")]


def test_languages_offered_follow_a_change_of_language_at_once():
    polish = Language.objects.create(service=ServiceFactory(), name="Polish", code="pl")
    Language.objects.create(location=LocationFactory(), name="Urdu", code="UR")
    assert languages_offered() == [("pl", "Polish"), ("ur", "Urdu")]

    Language.objects.filter(pk=polish.pk).update(code="ro", name="Romanian")
    assert languages_offered() == [("ro", "Romanian"), ("ur", "Urdu")]

    Language.objects.filter(code="UR").delete()
    assert languages_offered() == [("ro", "Romanian")]


def test_a_code_in_two_cases_is_listed_once_named_by_its_first_name():
    Language.objects.create(service=ServiceFactory(), name="Polski", code="PL")
    Language.objects.create(service=ServiceFactory(), name="Polish", code="pl")
    Language.objects.create(service=ServiceFactory(), code="fr")

    assert languages_offered() == [("pl", "Polish"), ("fr", "fr")]


def test_free_only_takes_a_free_option_even_beside_a_paid_one():
    mixed = ServiceFactory(name="Free or paid")
    CostOptionFactory(service=mixed, amount=Decimal("0"))
    CostOptionFactory(service=mixed, amount=Decimal("5"), option="Per session")
    CostOptionFactory(service=ServiceFactory(name="Paid"), amount=Decimal("3"))
    ServiceFactory(name="Says free", fees_description="Free for everyone")
    ServiceFactory(name="Freedom group", fees_description="£2 a week")
    ServiceFactory(name="Says nothing")
    says_free_but_priced = ServiceFactory(name="Priced", fees_description="Free tea")
    CostOptionFactory(service=says_free_but_priced, amount=Decimal("4"))

    assert names(ServiceFilters(free_only=True)) == {"Free or paid", "Says free"}


def test_delivery_in_person_online_and_by_phone():
    ServiceAtLocationFactory(service__name="At a hub")
    ServiceAtLocationFactory(
        service__name="Video group", location__location_type=Location.LocationType.VIRTUAL
    )
    WeeklyScheduleFactory(
        service_at_location__service__name="Helpline",
        service_at_location__location__location_type=Location.LocationType.VIRTUAL,
        attending_type="By telephone, Monday to Friday",
    )
    WeeklyScheduleFactory(
        service_at_location__service__name="Hub and online",
        attending_type="In person, or online by video",
    )

    assert names(ServiceFilters(delivery=(ONLINE,))) == {
        "Video group",
        "Helpline",
        "Hub and online",
    }
    assert names(ServiceFilters(delivery=(BY_PHONE,))) == {"Helpline"}
    assert names(ServiceFilters(delivery=(IN_PERSON,))) == {"At a hub", "Hub and online"}
    assert names(ServiceFilters(delivery=(IN_PERSON, BY_PHONE))) == {
        "At a hub",
        "Hub and online",
        "Helpline",
    }


def test_how_to_join():
    ServiceFactory(name="Drop in", join_method=Service.JoinMethod.DROP_IN)
    ServiceFactory(name="Booked", join_method=Service.JoinMethod.BOOKING)
    ServiceFactory(name="Referred", join_method=Service.JoinMethod.REFERRAL)

    assert names(ServiceFilters(join=("booking", "drop_in"))) == {"Drop in", "Booked"}
    assert names(ServiceFilters(join=("referral",))) == {"Referred"}


def test_venue_features_must_all_be_there():
    both = LocationFactory(name="Tilbury Family Hub")
    Accessibility.objects.create(location=both, description="Step-free access")
    Accessibility.objects.create(location=both, description="baby changing")
    stepfree = LocationFactory(name="Ockendon Family Hub")
    Accessibility.objects.create(location=stepfree, description="Step-free access")
    ServiceAtLocationFactory(service__name="At Tilbury", location=both)
    ServiceAtLocationFactory(service__name="At Ockendon", location=stepfree)

    assert names(ServiceFilters(access=("step-free",))) == {"At Tilbury", "At Ockendon"}
    assert names(ServiceFilters(access=("step-free", "baby-changing"))) == {"At Tilbury"}
    assert names(ServiceFilters(access=("hearing-loop",))) == set()
    assert venue_features(Location.objects.get(pk=both.pk)) == [
        "Step-free access",
        "Baby changing",
    ]


def test_additional_needs_by_term_or_any_term_of_the_vocabulary():
    send = TaxonomyFactory(name=SEND_TAXONOMY)
    autism = TaxonomyTermFactory(name="Autism", taxonomy=send)
    hearing = TaxonomyTermFactory(name="Hearing or sight", taxonomy=send)
    topic = TaxonomyTermFactory(name="Autism awareness talks")
    for name, term in (("Autism group", autism), ("Signing group", hearing), ("Talk", topic)):
        Attribute.objects.create(
            link_id=ServiceFactory(name=name).pk, link_entity="service", taxonomy_term=term
        )

    assert names(ServiceFilters(send_need=autism)) == {"Autism group"}
    assert names(ServiceFilters(any_send_need=True)) == {"Autism group", "Signing group"}


def test_filters_combine():
    service = ServiceFactory(name="Everything", join_method=Service.JoinMethod.BOOKING)
    Language.objects.create(service=service, name="Polish", code="pl")
    CostOptionFactory(service=service, amount=0)
    ServiceAtLocationFactory(service=service)
    ServiceFactory(name="Polish only").languages.create(name="Polish", code="pl")

    chosen = ServiceFilters(language="pl", free_only=True, delivery=(IN_PERSON,), join=("booking",))
    assert names(chosen) == {"Everything"}
