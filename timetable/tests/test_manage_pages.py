"""Staff pages for where and when sessions run, hub timetables, closures, school holidays and
booking places: who may use each, the check step with the next five dates, and errors that lose
nothing typed."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrganisationMembership
from accounts.roles import COMMISSIONERS, PROVIDERS
from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from bookings.models import Booking, BookingSettings, SessionOccurrence
from bookings.services import occurrence_for
from directory.models import Schedule, Service
from directory.tests.factories import OrganizationFactory
from families.models import Child, Family
from timetable.models import Cancellation, Closure, TermTimeOnly
from timetable.selectors import LONDON
from timetable.tests.factories import (
    HubFactory,
    ServiceAtLocationFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    return HubFactory(is_family_hub=True, name="Tilbury Family Hub")


@pytest.fixture
def service(hub):
    return ServiceAtLocationFactory(location=hub, service__name="Time for you and baby too").service


@pytest.fixture
def schedule(service, hub):
    return WeeklyScheduleFactory(
        service_at_location=service.service_at_locations.get(), dtstart=timezone.localdate()
    )


@pytest.fixture
def editor(client):
    user = DirectoryEditorFactory()
    sign_in_with_two_factor(client, user)
    return user


def provider_of(organization):
    user = UserFactory(email=f"provider-{organization.pk}@trust.example")
    user.groups.add(Group.objects.get_or_create(name=PROVIDERS)[0])
    OrganisationMembership.objects.create(user=user, organization=organization)
    return user


def weekly_answers(hub, **changes) -> dict:
    answers = {
        "where": str(hub.pk),
        "how_often": "weekly",
        "days": ["FR"],
        "every_weeks": "1",
        "opens_at": "10am",
        "closes_at": "11am",
        "starts_on_0": "",
        "starts_on_1": "",
        "starts_on_2": "",
        "ends_on_0": "",
        "ends_on_1": "",
        "ends_on_2": "",
    }
    answers.update(changes)
    return answers


def add_url(service) -> str:
    return reverse("manage_timetable:schedule_add", args=[service.pk])


def test_the_check_step_says_the_session_in_words_with_its_next_five_dates(
    client, editor, service, hub
):
    response = client.post(add_url(service), weekly_answers(hub))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Every week on Friday, 10am to 11am" in page
    assert "Tilbury Family Hub" in page
    today = timezone.localdate()
    first_friday = today + timedelta(days=(4 - today.weekday()) % 7)
    for week in range(5):
        assert f"{first_friday + timedelta(weeks=week):%A %-d %B %Y}, 10am to 11am" in page
    assert f"{first_friday + timedelta(weeks=5):%A %-d %B %Y}" not in page
    assert not Schedule.objects.filter(service=service).exists(), "nothing saved before the check"


def test_saving_from_the_check_step_adds_the_session_at_the_place(client, editor, service, hub):
    response = client.post(add_url(service), {**weekly_answers(hub), "action": "save"})
    assert response.status_code == 302
    saved = Schedule.objects.get(service=service)
    assert (saved.freq, saved.byday, saved.opens_at, saved.closes_at) == (
        "WEEKLY",
        "FR",
        time(10),
        time(11),
    )
    assert saved.location == hub and saved.service_at_location.location == hub
    listing = client.get(response.url).content.decode()
    assert "Every week on Friday, 10am to 11am" in listing
    assert "Session saved" in listing


def test_changing_the_answers_from_the_check_step_keeps_them(client, editor, service, hub):
    response = client.post(
        add_url(service), {**weekly_answers(hub, days=["TU"], every_weeks="2"), "action": "change"}
    )
    page = response.content.decode()
    assert 'value="TU" checked' in page
    assert 'value="2" checked' in page
    assert 'value="10am"' in page


def test_mistakes_are_explained_and_nothing_typed_is_lost(client, editor, service, hub):
    answers = weekly_answers(
        hub,
        days=[],
        opens_at="10am",
        closes_at="9am",
        ends_on_0="31",
        ends_on_1="2",
        ends_on_2="2027",
    )
    response = client.post(add_url(service), answers)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Select the days it runs" in page
    assert "The end time must be after the start time" in page
    assert "The last date must be a real date, like 27 3 2026" in page
    assert 'value="10am"' in page and 'value="9am"' in page
    assert 'value="31"' in page and 'value="2027"' in page
    assert not Schedule.objects.filter(service=service).exists()


def test_a_time_written_wrongly_says_how_to_write_it(client, editor, service, hub):
    response = client.post(add_url(service), weekly_answers(hub, opens_at="ten o'clock"))
    assert "Enter the start time like 10am, 1:30pm or 14:00" in response.content.decode()


def test_the_first_monday_of_each_month_in_term_time_only(client, editor, service, hub):
    answers = weekly_answers(
        hub, how_often="monthly", week_of_month="1", day_of_month_week="MO", term_time_only="on"
    )
    page = client.post(add_url(service), answers).content.decode()
    assert "The first Monday of each month, 10am to 11am, in school term time only" in page
    client.post(add_url(service), {**answers, "action": "save"})
    saved = Schedule.objects.get(service=service)
    assert (saved.freq, saved.byday) == ("MONTHLY", "1MO")
    assert TermTimeOnly.objects.filter(schedule=saved).exists()


def test_a_schedule_opens_with_its_answers_to_change(client, editor, service, schedule):
    page = client.get(
        reverse("manage_timetable:schedule_change", args=[service.pk, schedule.pk])
    ).content.decode()
    assert "Now: Every week on Friday, 10am to 11am" in page
    assert 'value="FR" checked' in page
    assert 'value="weekly" checked' in page


def test_the_services_sessions_are_listed_in_words(client, editor, service, schedule):
    page = client.get(reverse("manage_timetable:service_when", args=[service.pk])).content.decode()
    assert "Every week on Friday, 10am to 11am" in page
    assert "Tilbury Family Hub" in page


def make_family_booking(schedule, start):
    occurrence = occurrence_for(schedule, start)
    SessionOccurrence.objects.filter(pk=occurrence.pk).update(capacity=10, places_taken=1)
    family = Family.objects.create()
    booking = Booking.objects.create(occurrence=occurrence, family=family, places=1)
    booking.children.add(Child.objects.create(family=family, date_of_birth=date(2026, 5, 1)))
    return booking


def next_friday_10am() -> datetime:
    today = timezone.localdate()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    return datetime.combine(friday, time(10), tzinfo=LONDON)


def test_hub_staff_cancel_a_date_and_families_who_booked_are_told(client, hub, service, schedule):
    staff = HubStaffFactory(hub=hub)
    sign_in_with_two_factor(client, staff)
    start = next_friday_10am()
    booking = make_family_booking(schedule, start)
    url = reverse("manage_timetable:hub_cancel_date", args=[hub.pk, schedule.pk])
    assert f"{start:%A %-d %B %Y}" in client.get(url).content.decode()
    response = client.post(url, {"starts": f"{start:%Y-%m-%dT%H%M}", "reason": "Staff training"})
    assert response.status_code == 302
    assert Cancellation.objects.get(schedule=schedule).date == start.date()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.SESSION_CANCELLED


def test_cancelling_without_a_reason_keeps_the_chosen_date(client, hub, service, schedule):
    sign_in_with_two_factor(client, HubStaffFactory(hub=hub))
    start = next_friday_10am()
    url = reverse("manage_timetable:hub_cancel_date", args=[hub.pk, schedule.pk])
    response = client.post(url, {"starts": f"{start:%Y-%m-%dT%H%M}", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the reason families will see" in page
    assert f'value="{start:%Y-%m-%dT%H%M}" checked' in page
    assert not Cancellation.objects.exists()


def test_removing_a_booked_session_cancels_the_bookings_and_keeps_its_history(
    client, editor, service, schedule
):
    booking = make_family_booking(schedule, next_friday_10am())
    url = reverse("manage_timetable:schedule_remove", args=[service.pk, schedule.pk])
    assert "1 family has booked" in client.get(url).content.decode()
    client.post(url)
    booking.refresh_from_db()
    schedule.refresh_from_db()
    assert booking.status == Booking.Status.SESSION_CANCELLED
    assert schedule.until == timezone.localdate() - timedelta(days=1)


def test_removing_an_unbooked_session_deletes_it(client, editor, service, schedule):
    client.post(reverse("manage_timetable:schedule_remove", args=[service.pk, schedule.pk]))
    assert not Schedule.objects.filter(pk=schedule.pk).exists()


def test_hub_staff_close_their_hub_and_see_it_on_the_timetable(client, hub, schedule):
    sign_in_with_two_factor(client, HubStaffFactory(hub=hub))
    day = timezone.localdate() + timedelta(days=20)
    response = client.post(
        reverse("manage_timetable:hub_closure_add", args=[hub.pk]),
        {
            "starts_on_0": day.day,
            "starts_on_1": day.month,
            "starts_on_2": day.year,
            "ends_on_0": day.day,
            "ends_on_1": day.month,
            "ends_on_2": day.year,
            "reason": "Repairs to the roof",
        },
    )
    assert response.status_code == 302
    closure = Closure.objects.get(location=hub)
    assert closure.kind == Closure.Kind.CLOSED
    page = client.get(response.url).content.decode()
    assert "Repairs to the roof" in page
    assert "Every week on Friday, 10am to 11am" in page


def test_editors_enter_school_holidays_once(client, editor):
    url = reverse("manage_timetable:school_holidays")
    response = client.post(
        url,
        {
            "starts_on_0": "20",
            "starts_on_1": "7",
            "starts_on_2": "2027",
            "ends_on_0": "1",
            "ends_on_1": "9",
            "ends_on_2": "2027",
            "reason": "Summer holiday",
        },
    )
    assert response.status_code == 302
    holiday = Closure.objects.get()
    assert (holiday.kind, holiday.location, holiday.reason) == (
        Closure.Kind.SCHOOL_HOLIDAY,
        None,
        "Summer holiday",
    )
    assert "20 July 2027 to 1 September 2027" in client.get(url).content.decode()


def test_booking_places_are_set_and_reach_sessions_already_written(
    client, editor, service, schedule
):
    occurrence = occurrence_for(schedule, next_friday_10am())
    assert occurrence.capacity is None
    response = client.post(
        reverse("manage_timetable:service_booking", args=[service.pk]),
        {
            "bookable": "yes",
            "capacity": "8",
            "places_counted_per": "family",
            "has_waiting_list": "no",
            "booking_closes_hours_before": "24",
        },
    )
    assert response.status_code == 302
    settings = BookingSettings.objects.get(service=service)
    assert (settings.capacity, settings.places_counted_per, settings.has_waiting_list) == (
        8,
        "family",
        False,
    )
    assert settings.booking_closes_hours_before == 24
    assert Service.objects.get(pk=service.pk).join_method == Service.JoinMethod.BOOKING
    occurrence.refresh_from_db()
    assert (occurrence.capacity, occurrence.places_counted_per) == (8, "family")


def test_booking_questions_left_unanswered_are_asked_again(client, editor, service):
    response = client.post(
        reverse("manage_timetable:service_booking", args=[service.pk]),
        {"bookable": "yes", "capacity": "0", "booking_closes_hours_before": "3"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "A session needs at least 1 place" in page
    assert "Select if a place is for each child or family" in page
    assert 'value="3"' in page


# Who may use which page: 404 for anyone outside their scope, whatever the id.


def _urls(service, schedule, hub) -> dict[str, str]:
    return {
        "service_when": reverse("manage_timetable:service_when", args=[service.pk]),
        "schedule_add": reverse("manage_timetable:schedule_add", args=[service.pk]),
        "schedule_change": reverse(
            "manage_timetable:schedule_change", args=[service.pk, schedule.pk]
        ),
        "schedule_remove": reverse(
            "manage_timetable:schedule_remove", args=[service.pk, schedule.pk]
        ),
        "service_booking": reverse("manage_timetable:service_booking", args=[service.pk]),
        "hub_timetable": reverse("manage_timetable:hub_timetable", args=[hub.pk]),
        "hub_cancel_date": reverse("manage_timetable:hub_cancel_date", args=[hub.pk, schedule.pk]),
        "hub_closure_add": reverse("manage_timetable:hub_closure_add", args=[hub.pk]),
        "school_holidays": reverse("manage_timetable:school_holidays"),
    }


SERVICE_PAGES = {"service_when", "schedule_add", "schedule_change", "schedule_remove"}
HUB_PAGES = {"hub_timetable", "hub_cancel_date", "hub_closure_add"}
ALL_PAGES = SERVICE_PAGES | HUB_PAGES | {"service_booking", "school_holidays"}


def _role(name, hub, service):
    """(user, the pages they may open) for each role."""
    if name == "editor":
        return DirectoryEditorFactory(), ALL_PAGES
    if name == "hub staff here":
        return HubStaffFactory(hub=hub), SERVICE_PAGES | HUB_PAGES | {"service_booking"}
    if name == "hub staff elsewhere":
        return HubStaffFactory(hub=HubFactory(is_family_hub=True)), set()
    if name == "provider of the service":
        return provider_of(service.organization), SERVICE_PAGES
    if name == "provider of another organisation":
        return provider_of(OrganizationFactory()), set()
    if name == "commissioner":
        user = UserFactory(email="commissioner@council.example")
        user.groups.add(Group.objects.get_or_create(name=COMMISSIONERS)[0])
        return user, set()
    return UserFactory(), set()


@pytest.mark.parametrize(
    "role",
    [
        "editor",
        "hub staff here",
        "hub staff elsewhere",
        "provider of the service",
        "provider of another organisation",
        "commissioner",
        "parent",
    ],
)
def test_each_role_opens_only_the_pages_in_its_scope(client, role, hub, service, schedule):
    user, allowed = _role(role, hub, service)
    sign_in_with_two_factor(client, user)
    for name, url in _urls(service, schedule, hub).items():
        status = client.get(url).status_code
        assert status == (200 if name in allowed else 404), (role, name, status)


def test_hub_staff_cannot_change_a_session_of_their_service_at_another_hub(client, hub, service):
    elsewhere = HubFactory(is_family_hub=True)
    other = WeeklyScheduleFactory(
        service_at_location=ServiceAtLocationFactory(service=service, location=elsewhere)
    )
    sign_in_with_two_factor(client, HubStaffFactory(hub=hub))
    url = reverse("manage_timetable:schedule_change", args=[service.pk, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "save"}).status_code == 404
    cancel = reverse("manage_timetable:hub_cancel_date", args=[hub.pk, other.pk])
    assert client.get(cancel).status_code == 404


def test_hub_staff_can_only_put_sessions_at_their_hubs(client, hub, service):
    elsewhere = HubFactory(is_family_hub=True)
    sign_in_with_two_factor(client, HubStaffFactory(hub=hub))
    response = client.post(add_url(service), {**weekly_answers(elsewhere), "action": "save"})
    assert response.status_code == 400
    assert "Select where it runs from the list" in response.content.decode()
    assert not Schedule.objects.filter(service=service).exists()


def test_a_schedule_id_of_another_service_is_not_found(client, editor, service):
    other = WeeklyScheduleFactory()
    url = reverse("manage_timetable:schedule_change", args=[service.pk, other.pk])
    assert client.get(url).status_code == 404


def test_signed_out_people_are_asked_to_sign_in(client, service):
    response = client.get(reverse("manage_timetable:service_when", args=[service.pk]))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response.url


def test_a_providers_change_waits_for_review_and_parents_keep_the_old_times(
    client, service, schedule
):
    provider = provider_of(service.organization)
    sign_in_with_two_factor(client, provider)
    url = reverse("manage_timetable:schedule_change", args=[service.pk, schedule.pk])
    response = client.post(
        url,
        {**weekly_answers(schedule.location, opens_at="1pm", closes_at="2pm"), "action": "save"},
    )
    schedule.refresh_from_db()
    assert schedule.opens_at == time(10), "the published times stay until an editor approves"
    page = client.get(response.url).content.decode() if response.status_code == 302 else ""
    assert "waiting for a council editor" in page or response.status_code == 400


def test_the_hubs_own_opening_hours_are_not_a_session_to_change(client, editor, hub, schedule):
    hours = Schedule.objects.create(
        location=hub, freq="WEEKLY", byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(17)
    )
    page = client.get(reverse("manage_timetable:hub_timetable", args=[hub.pk])).content.decode()
    assert "Every week on Friday, 10am to 11am" in page
    assert "Monday to Friday" not in page
    cancel = reverse("manage_timetable:hub_cancel_date", args=[hub.pk, hours.pk])
    assert client.get(cancel).status_code == 404
