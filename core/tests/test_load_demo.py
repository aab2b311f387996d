"""load_demo puts the seeds' facts in the directory, exactly, and never duplicates them."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from campaigns.models import Campaign, Event, NewsPost
from core import demo_data
from directory.filters import ServiceFilters, filter_services
from directory.models import Address, Attribute, Location, Organization, Schedule, Service

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.managed}


def snapshot() -> dict[str, list]:
    """Every field of every row we load, so a second run can be compared exactly."""
    models = [
        Organization,
        Location,
        Address,
        Service,
        Schedule,
        Attribute,
        Campaign,
        Event,
        NewsPost,
    ]
    return {
        m._meta.label: sorted(
            (tuple(sorted(row.items())) for row in m.objects.values()), key=lambda r: str(r)
        )
        for m in models
    }


def test_loading_twice_leaves_the_same_rows_as_once():
    call_command("load_demo")
    counts, rows = row_counts(), snapshot()
    call_command("load_demo")
    assert row_counts() == counts
    assert snapshot() == rows
    assert counts["directory.Service"] >= 9


def test_the_seeds_organisations_are_all_there():
    call_command("load_demo")
    names = set(Organization.objects.values_list("name", flat=True))
    assert {
        "Thurrock Council",
        "Essex Partnership University NHS Foundation Trust",
        "North Lincolnshire Council",
        "Rotherham Doncaster and South Humber NHS Foundation Trust",
        "Northern Lincolnshire and Goole NHS Foundation Trust",
        "NHS North Lincolnshire CCG",
    } <= names


def test_time_for_you_and_baby_too_is_exactly_as_the_seed_says():
    call_command("load_demo")
    group = Service.objects.get(name="Time for you and baby too")
    assert group.join_method == Service.JoinMethod.DROP_IN
    assert "No registration is required" in group.application_process
    assert group.for_expectant_parents is True
    assert (group.minimum_age, group.maximum_age) == (Decimal("0"), Decimal("2"))
    assert [c.amount for c in group.cost_options.all()] == [Decimal("0.00")]
    assert group.illustrative is False
    (schedule,) = group.schedules.all()
    assert (schedule.freq, schedule.byday, schedule.interval) == ("WEEKLY", "FR", 1)
    assert (schedule.opens_at, schedule.closes_at) == (time(10), time(11))
    assert schedule.location.name == "Tilbury Family Hub"
    assert schedule.illustrative is False


def test_together_with_baby_is_reached_through_a_midwife_or_the_group():
    call_command("load_demo")
    service = Service.objects.get(name="Together with Baby")
    assert service.organization.alternate_name == "EPUT"
    assert service.alternate_name == "Essex Parent Infant Mental Health Service"
    assert service.join_method == Service.JoinMethod.REFERRAL
    assert "midwife" in service.application_process
    assert "Time for you and baby too" in service.application_process


def test_every_service_the_seeds_name_is_there():
    call_command("load_demo")
    names = set(Service.objects.values_list("name", flat=True))
    assert {
        "Stay and Play",
        "Storytime",
        "Health visiting",
        "Community midwifery",
        "Imagination Library",
        "Baby Friendly support",
    } <= names
    stay_and_play = Service.objects.get(name="Stay and Play")
    hubs = {sal.location.name for sal in stay_and_play.service_at_locations.all()}
    assert {"Tilbury Family Hub", "Ockendon Family Hub"} <= hubs
    assert all(s.illustrative for s in stay_and_play.schedules.all())


def test_campaigns_and_the_ockendon_event_have_the_seeds_dates():
    call_command("load_demo")
    week_2025 = Campaign.objects.get(name="Infant Mental Health Awareness Week 2025")
    assert (week_2025.starts_on, week_2025.ends_on) == (date(2025, 6, 9), date(2025, 6, 15))
    week_2018 = Campaign.objects.get(name="Infant Mental Health Awareness Week 2018")
    assert (week_2018.starts_on, week_2018.ends_on) == (date(2018, 6, 10), date(2018, 6, 16))
    assert Campaign.objects.filter(name="Who's Holding the Baby?").exists()
    (event,) = week_2025.events.all()
    assert event.location.name == "Ockendon Family Hub"
    assert event.starts_at.astimezone(LONDON).date() == date(2025, 6, 9)
    assert event.starts_at.astimezone(LONDON).strftime("%A") == "Monday"
    assert event.times_are_illustrative is True
    assert "Who's Holding the Baby?" in event.description


def test_facts_not_in_the_seeds_are_marked_illustrative_in_the_data():
    call_command("load_demo")
    assert Address.objects.exists()
    assert not Address.objects.filter(illustrative=False).exists()
    assert all("illustrative" in a.address_1 for a in Address.objects.all())
    # The seeds name these two hubs, so the hubs are facts; where they are is not.
    assert not Location.objects.get(name="Tilbury Family Hub").illustrative
    assert not Location.objects.get(name="Ockendon Family Hub").illustrative
    assert Location.objects.get(name="Grays Family Hub").illustrative


def test_news_items_from_the_seeds_are_published_with_their_dates():
    call_command("load_demo")
    thurrock = NewsPost.objects.get(title="Free parent and infant support in Thurrock")
    assert thurrock.published_on == date(2025, 6, 12)
    assert "every Friday, from 10am to 11am" in thurrock.body
    assert {c.name for c in thurrock.campaigns.all()} >= {"Who's Holding the Baby?"}


def test_demo_event_times_are_in_london_time():
    call_command("load_demo")
    event = Event.objects.get(slug="ockendon-infant-mental-health-day-2025")
    assert event.starts_at == datetime(2025, 6, 9, 10, tzinfo=LONDON)


def test_the_demo_has_an_illustrative_campaign_and_event_still_to_come(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 2, 9, tzinfo=UTC))
    call_command("load_demo")
    coming = Campaign.objects.get(starts_on__gt=date(2026, 12, 2))
    assert (coming.starts_on, coming.ends_on) == (date(2027, 6, 14), date(2027, 6, 20))
    assert coming.illustrative
    assert "illustrative demo data" in coming.description
    (event,) = coming.events.all()
    assert event.starts_at == datetime(2027, 6, 14, 10, tzinfo=LONDON)
    assert event.location.name == "Tilbury Family Hub"
    assert event.times_are_illustrative


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (date(2025, 6, 1), (date(2025, 6, 9), date(2025, 6, 15))),
        (date(2025, 6, 15), (date(2025, 6, 9), date(2025, 6, 15))),
        (date(2025, 6, 16), (date(2026, 6, 8), date(2026, 6, 14))),
        (date(2026, 12, 2), (date(2027, 6, 14), date(2027, 6, 20))),
    ],
)
def test_the_coming_awareness_week_is_the_second_full_week_of_june_not_yet_over(today, week):
    assert demo_data.next_awareness_week(today) == week


def test_every_demo_hub_has_an_illustrative_phone_number_and_opening_hours():
    call_command("load_demo")
    for hub in Location.objects.filter(is_family_hub=True):
        (phone,) = hub.phones.all()
        assert phone.number.startswith("01632 960 ") and phone.illustrative
        (hours,) = Schedule.objects.filter(location=hub, service=None, service_at_location=None)
        assert (hours.byday, hours.opens_at, hours.closes_at) == (
            "MO,TU,WE,TH,FR",
            time(9),
            time(17),
        )
        assert hours.illustrative
    numbers = list(Location.objects.values_list("phones__number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_hubs_are_closed_on_the_bank_holidays():
    from timetable.models import BankHoliday

    call_command("load_demo")
    assert BankHoliday.objects.filter(date=date(2026, 12, 25)).exists()
    assert BankHoliday.objects.get(date=date(2026, 12, 28)).name == "Boxing Day"


def test_demo_services_can_be_found_by_the_filters_families_ask_for():
    call_command("load_demo")

    def found(**chosen) -> set[str]:
        matching = filter_services(Service.objects.all(), ServiceFilters(**chosen))
        return set(matching.values_list("name", flat=True))

    assert "Time for you and baby too" in found(language="en", free_only=True)
    assert "Time for you and baby too" in found(access=("step-free", "baby-changing"))
    assert "Time for you and baby too" not in found(access=("hearing-loop",))
    assert found(any_send_need=True) == {"Health visiting", "Together with Baby"}
    together = Service.objects.get(name="Together with Baby")
    assert "Interpreters" in together.interpretation_services
    assert Attribute.objects.filter(link_id=together.id, illustrative=True).exists()
