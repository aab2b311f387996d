"""The directory refuses bad data, in the database and with messages an editor understands."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.models import Address, Schedule, Service
from directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_schedule_closing_before_opening_is_refused_with_a_clear_message():
    schedule = WeeklyScheduleFactory.build(
        service_at_location=ServiceAtLocationFactory(), opens_at=time(11), closes_at=time(10)
    )
    with pytest.raises(ValidationError) as error:
        schedule.full_clean()
    assert "The closing time must be after the opening time." in messages_of(error.value)


def test_database_refuses_inverted_times_even_without_the_form():
    at = ServiceAtLocationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Schedule.objects.create(
            service_at_location=at, byday="FR", opens_at=time(11), closes_at=time(11)
        )
    assert not Schedule.objects.exists()


def test_overlapping_sessions_of_one_service_at_one_place_are_refused():
    first = WeeklyScheduleFactory(byday="FR", opens_at=time(10), closes_at=time(11))
    clash = Schedule(
        service=first.service,
        location=first.location,
        service_at_location=first.service_at_location,
        freq="WEEKLY",
        byday="MO,FR",
        opens_at=time(10, 30),
        closes_at=time(11, 30),
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "overlaps another session" in messages_of(error.value)
    assert "10:00 to 11:00" in messages_of(error.value)


def test_back_to_back_sessions_do_not_count_as_overlapping():
    first = WeeklyScheduleFactory(byday="FR", opens_at=time(10), closes_at=time(11))
    second = Schedule(
        service=first.service,
        service_at_location=first.service_at_location,
        freq="WEEKLY",
        byday="FR",
        opens_at=time(11),
        closes_at=time(12),
    )
    second.full_clean()
    second.save()
    assert Schedule.objects.filter(service_at_location=first.service_at_location).count() == 2


def test_sessions_on_different_days_do_not_overlap():
    first = WeeklyScheduleFactory(byday="FR")
    tuesday = Schedule(
        service_at_location=first.service_at_location,
        freq="WEEKLY",
        byday="TU",
        opens_at=first.opens_at,
        closes_at=first.closes_at,
    )
    tuesday.full_clean()
    tuesday.save()
    assert Schedule.objects.filter(service_at_location=first.service_at_location).count() == 2


def test_schedule_with_neither_day_nor_date_is_refused():
    schedule = Schedule(service=ServiceFactory(), freq="WEEKLY", opens_at=time(10))
    with pytest.raises(ValidationError) as error:
        schedule.full_clean()
    assert "Say which days it runs" in messages_of(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        schedule.save()


def test_one_off_schedule_with_only_a_date_is_accepted():
    schedule = Schedule(
        service=ServiceFactory(), dtstart=date(2025, 6, 9), opens_at=time(10), closes_at=time(12)
    )
    schedule.full_clean()
    schedule.save()
    assert Schedule.objects.filter(pk=schedule.pk).exists()


def test_unknown_weekday_code_is_explained():
    schedule = WeeklyScheduleFactory.build(
        service_at_location=ServiceAtLocationFactory(), byday="FRI"
    )
    with pytest.raises(ValidationError) as error:
        schedule.full_clean()
    assert "'FRI' is not a day" in messages_of(error.value)


@pytest.mark.parametrize(
    ("minimum", "maximum", "message"),
    [
        (Decimal("-1"), None, "The minimum age cannot be negative."),
        (None, Decimal("-0.5"), "The maximum age cannot be negative."),
        (Decimal("3"), Decimal("2"), "The minimum age must not be more than the maximum age."),
    ],
)
def test_impossible_ages_are_refused(minimum, maximum, message):
    service = ServiceFactory.build(organization=None, minimum_age=minimum, maximum_age=maximum)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert message in messages_of(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        service.save()
    assert not Service.objects.filter(pk=service.pk).exists()


@pytest.mark.parametrize("postcode", ["12345", "RM18", "ZZ99 9ZZZ", "SW1A 1AAA", "Q1 1AA"])
def test_address_with_a_non_uk_postcode_is_refused(postcode):
    address = Address(
        location=LocationFactory(),
        address_1="1 High Street",
        city="Tilbury",
        state_province="Essex",
        postal_code=postcode,
        country="GB",
    )
    with pytest.raises(ValidationError) as error:
        address.full_clean()
    assert "Enter a real UK postcode, like RM18 7AA." in messages_of(error.value)


def test_uk_postcode_is_tidied_to_the_standard_form():
    address = Address(
        location=LocationFactory(),
        address_1="1 High Street",
        city="Tilbury",
        state_province="Essex",
        postal_code=" rm187aa ",
        country="GB",
    )
    address.full_clean()
    assert address.postal_code == "RM18 7AA"


def test_location_needs_both_coordinates_or_neither():
    location = LocationFactory.build(organization=None, latitude=51.5, longitude=None)
    with pytest.raises(ValidationError) as error:
        location.full_clean()
    assert "Give both latitude and longitude, or neither." in messages_of(error.value)


def test_a_service_is_listed_once_at_each_location():
    at = ServiceAtLocationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceAtLocationFactory(service=at.service, location=at.location)


def test_every_save_records_the_time_of_the_change():
    service = ServiceFactory()
    before = service.last_modified
    service.name = "Renamed"
    service.save()
    service.refresh_from_db()
    assert service.last_modified > before
