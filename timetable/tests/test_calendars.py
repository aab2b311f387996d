from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from bookings.services import cancel_occurrence, occurrence_for
from bookings.tests.factories import bookable_schedule, hub_staff, next_friday_at_ten
from timetable.selectors import LONDON, sessions_between
from timetable.tests.factories import (
    AddressFactory,
    BankHolidayFactory,
    CancellationFactory,
    ClosureFactory,
    EventFactory,
    HubFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def service_calendar(client, service) -> Calendar:
    return parse(client.get(reverse("timetable:service_ics", args=[service.pk])))


@pytest.fixture
def friday_group():
    """Fridays 10:00-11:00 at a hub with an address, rule starting on a Wednesday."""
    hub = HubFactory(name="Tilbury Family Hub", slug="tilbury")
    AddressFactory(location=hub, address_1="1 Civic Square", postal_code="RM18 8AB")
    return WeeklyScheduleFactory(
        location=hub, service_at_location__location=hub, dtstart=date(2025, 1, 1)
    )


def test_service_calendar_holds_the_rrule_the_place_and_local_times(client, friday_group):
    calendar = service_calendar(client, friday_group.service)
    [vevent] = calendar.walk("VEVENT")
    assert vevent["rrule"]["FREQ"] == ["WEEKLY"]
    assert vevent["rrule"]["BYDAY"] == ["FR"]
    assert "Tilbury Family Hub" in vevent["location"]
    assert "RM18 8AB" in vevent["location"]
    # DTSTART is the first real session (Friday 3 January), not the Wednesday the rule starts.
    assert vevent.decoded("dtstart") == datetime(2025, 1, 3, 10, tzinfo=LONDON)
    assert vevent["dtstart"].params["TZID"] == "Europe/London"
    assert vevent.decoded("dtend") == datetime(2025, 1, 3, 11, tzinfo=LONDON)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_service_calendar_repeats_at_ten_local_time_across_the_clock_changes(client, friday_group):
    [vevent] = service_calendar(client, friday_group.service).walk("VEVENT")
    starts = vevent.decoded("dtstart")
    rule = rrulestr(vevent["rrule"].to_ical().decode(), dtstart=starts.replace(tzinfo=None))
    winter, summer, autumn = (
        rule.after(datetime(2025, 3, 24)),
        rule.after(datetime(2025, 3, 31)),
        rule.after(datetime(2025, 10, 27)),
    )
    assert [d.date() for d in (winter, summer, autumn)] == [
        date(2025, 3, 28),
        date(2025, 4, 4),
        date(2025, 10, 31),
    ]
    assert {d.time() for d in (winter, summer, autumn)} == {time(10)}
    # and these are the same moments the timetable shows
    shown = sessions_between(
        datetime(2025, 4, 4, tzinfo=LONDON), datetime(2025, 4, 5, tzinfo=LONDON)
    )
    assert shown[0].start == summer.replace(tzinfo=LONDON)


def series_and_cancelled(calendar: Calendar) -> tuple:
    """The recurring VEVENT and the cancelled sessions that override it, by their date."""
    [series] = [v for v in calendar.walk("VEVENT") if "recurrence-id" not in v]
    cancelled = {
        v.decoded("recurrence-id"): v for v in calendar.walk("VEVENT") if "recurrence-id" in v
    }
    return series, cancelled


def test_cancelled_closed_and_bank_holiday_dates_are_cancelled_sessions_with_the_reason(
    client, friday_group
):
    CancellationFactory(schedule=friday_group, date=date(2025, 6, 13), reason="Staff training")
    ClosureFactory(
        location=friday_group.location,
        starts_on=date(2025, 8, 1),
        ends_on=date(2025, 8, 10),
        reason="Repairs to the heating",
    )
    ClosureFactory(location=HubFactory(), starts_on=date(2025, 9, 1), ends_on=date(2025, 9, 30))
    BankHolidayFactory(date=date(2025, 12, 26), name="Boxing Day")
    series, cancelled = series_and_cancelled(service_calendar(client, friday_group.service))
    assert "exdate" not in series
    assert series["status"] == "CONFIRMED"
    assert list(cancelled) == [
        datetime(2025, 6, 13, 10, tzinfo=LONDON),
        datetime(2025, 8, 1, 10, tzinfo=LONDON),
        datetime(2025, 8, 8, 10, tzinfo=LONDON),
        datetime(2025, 12, 26, 10, tzinfo=LONDON),
    ]
    reasons = {start.date(): str(v["description"]).split("\n")[0] for start, v in cancelled.items()}
    assert reasons[date(2025, 6, 13)] == "This session is cancelled: Staff training."
    assert reasons[date(2025, 8, 8)] == "This session is cancelled: Repairs to the heating."
    assert reasons[date(2025, 12, 26)] == "This session is cancelled: Closed for Boxing Day."
    for start, vevent in cancelled.items():
        assert vevent["uid"] == series["uid"]
        assert vevent["status"] == "CANCELLED"
        assert vevent["summary"] == f"Cancelled: {friday_group.service.name}"
        assert vevent.decoded("dtstart") == start
        assert vevent["recurrence-id"].params["TZID"] == "Europe/London"
        assert vevent["sequence"] > series["sequence"]


def test_a_saved_session_file_changes_to_cancelled_with_a_higher_sequence(client, friday_group):
    url = reverse("timetable:occurrence_ics", args=[str(friday_group.pk), "2025-06-13T1000"])
    [before] = parse(client.get(url)).walk("VEVENT")
    [unchanged] = parse(client.get(url)).walk("VEVENT")
    CancellationFactory(schedule=friday_group, date=date(2025, 6, 13), reason="Staff training")
    [after] = parse(client.get(url)).walk("VEVENT")
    assert before["status"] == "CONFIRMED"
    assert unchanged["sequence"] == before["sequence"]
    assert after["uid"] == before["uid"]
    assert after["status"] == "CANCELLED"
    assert after["sequence"] > before["sequence"]
    assert after["summary"] == f"Cancelled: {friday_group.service.name}"
    assert str(after["description"]).startswith("This session is cancelled: Staff training.")


def test_a_bank_holiday_loaded_later_still_raises_the_sequence(client, friday_group):
    url = reverse("timetable:occurrence_ics", args=[str(friday_group.pk), "2025-12-26T1000"])
    [before] = parse(client.get(url)).walk("VEVENT")
    BankHolidayFactory(date=date(2025, 12, 26), name="Boxing Day")
    [after] = parse(client.get(url)).walk("VEVENT")
    assert (after["status"], before["status"]) == ("CANCELLED", "CONFIRMED")
    assert after["sequence"] > before["sequence"]


@pytest.mark.parametrize("edited", ["schedule", "service", "location"])
def test_editing_the_schedule_service_or_place_raises_the_sequence_of_the_series(
    client, friday_group, edited
):
    series, _ = series_and_cancelled(service_calendar(client, friday_group.service))
    record = friday_group if edited == "schedule" else getattr(friday_group, edited)
    record.last_modified = series.decoded("last-modified") + timedelta(minutes=5)
    record.save(keep_last_modified=True)
    changed, _ = series_and_cancelled(service_calendar(client, friday_group.service))
    assert changed["sequence"] == series["sequence"] + 300
    assert changed.decoded("last-modified") == record.last_modified


def test_schedule_with_an_end_date_has_until_in_utc(client, friday_group):
    friday_group.valid_to = date(2025, 7, 31)
    friday_group.save()
    [vevent] = service_calendar(client, friday_group.service).walk("VEVENT")
    [until] = vevent["rrule"]["UNTIL"]
    assert until.utcoffset() == timedelta(0)
    assert until.astimezone(LONDON).date() == date(2025, 7, 31)


def test_uids_are_stable_and_shared_by_the_service_and_hub_calendars(client, friday_group):
    first = service_calendar(client, friday_group.service).walk("VEVENT")[0]["uid"]
    again = service_calendar(client, friday_group.service).walk("VEVENT")[0]["uid"]
    response = client.get(reverse("timetable:hub_feed", args=["tilbury"]))
    feed = parse(response)
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Content-Disposition"] == 'inline; filename="tilbury.ics"'
    assert first == again
    assert first in [vevent["uid"] for vevent in feed.walk("VEVENT")]
    assert str(friday_group.pk) in first


def test_one_session_calendar_is_that_session_in_local_time(client, friday_group):
    url = reverse("timetable:occurrence_ics", args=[str(friday_group.pk), "2025-06-13T1000"])
    calendar = parse(client.get(url))
    [vevent] = calendar.walk("VEVENT")
    assert "rrule" not in vevent
    assert vevent.decoded("dtstart") == datetime(2025, 6, 13, 10, tzinfo=LONDON)
    assert vevent.decoded("dtend") == datetime(2025, 6, 13, 11, tzinfo=LONDON)
    assert vevent["summary"] == friday_group.service.name
    assert "Tilbury Family Hub" in vevent["location"]
    assert vevent["uid"] == parse(client.get(url)).walk("VEVENT")[0]["uid"]


@pytest.mark.parametrize(
    "starts",
    ["2025-06-13T0900", "2025-06-12T1000", "2025-02-30T1000", "2025-06-13T2500"],
)
def test_session_calendar_for_a_time_with_no_session_is_not_found(client, friday_group, starts):
    url = reverse("timetable:occurrence_ics", args=[str(friday_group.pk), starts])
    assert client.get(url).status_code == 404


def test_unknown_schedule_service_or_hub_is_not_found(client):
    assert (
        client.get(
            f"/calendar/sessions/{'0' * 8}-0000-0000-0000-{'0' * 12}/2025-06-13T1000.ics"
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/calendar/sessions/--------------------------------0000/2025-06-13T1000.ics"
        ).status_code
        == 404
    )
    assert (
        client.get(f"/calendar/services/{'0' * 8}-0000-0000-0000-{'0' * 12}.ics").status_code == 404
    )
    assert client.get("/calendar/hubs/nowhere.ics").status_code == 404


def test_hub_feed_has_events_and_marks_cancelled_ones(client, friday_group):
    soon = datetime.combine(date.today() + timedelta(days=3), time(13), tzinfo=LONDON)
    shown = EventFactory(
        location=friday_group.location,
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        times_are_illustrative=True,
    )
    called_off = EventFactory(
        location=friday_group.location,
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        cancelled=True,
    )
    feed = parse(client.get(reverse("timetable:hub_feed", args=["tilbury"])))
    summaries = [str(v["summary"]) for v in feed.walk("VEVENT")]
    assert summaries == [friday_group.service.name, shown.title, f"Cancelled: {called_off.title}"]
    event, cancelled = feed.walk("VEVENT")[1:]
    assert (event["status"], cancelled["status"]) == ("CONFIRMED", "CANCELLED")
    assert cancelled["sequence"] > event["sequence"]
    assert event.decoded("dtstart") == soon
    assert "Illustrative demo data" in event["description"]
    assert feed["x-wr-calname"] == "Tilbury Family Hub: what's on"


def test_illustrative_schedule_says_so_in_the_description(client, friday_group):
    friday_group.illustrative = True
    friday_group.save()
    [vevent] = service_calendar(client, friday_group.service).walk("VEVENT")
    assert "Illustrative demo data" in vevent["description"]


def test_real_schedule_does_not_claim_to_be_illustrative(client, friday_group):
    [vevent] = service_calendar(client, friday_group.service).walk("VEVENT")
    assert "Illustrative" not in vevent["description"]
    assert (
        "Who it is for: Expectant parents and children up to 2 years old." in vevent["description"]
    )


def test_service_calendar_copes_with_schedules_placed_only_through_service_at_location(client):
    linked = WeeklyScheduleFactory(service=None, location=None)
    AddressFactory(location=linked.service_at_location.location, postal_code="RM18 8AB")
    service = linked.service_at_location.service
    WeeklyScheduleFactory(
        service=service,
        service_at_location=None,
        location=None,
        byday="MO",
        opens_at=time(14),
        closes_at=time(15),
    )
    vevents = service_calendar(client, service).walk("VEVENT")
    assert sorted(v.decoded("dtstart").time() for v in vevents) == [time(10), time(14)]
    assert any("RM18 8AB" in v.get("location", "") for v in vevents)


def test_occurrence_tag_links_to_the_session_calendar(client, friday_group):
    from django.template import Context, Template

    from timetable.selectors import next_sessions

    [session] = next_sessions(friday_group.service, datetime(2025, 6, 10, tzinfo=LONDON), 1)
    url = Template("{% load timetable_tags %}{% occurrence_ics_url session %}").render(
        Context({"session": session})
    )
    assert url == f"/calendar/sessions/{friday_group.pk}/2025-06-13T1000.ics"
    assert client.get(url).status_code == 200


def test_monthly_first_monday_group_has_a_monthly_rule_and_starts_on_a_first_monday(client):
    schedule = WeeklyScheduleFactory(
        freq="MONTHLY", byday="1MO", dtstart=date(2025, 1, 1), opens_at=time(13), closes_at=time(14)
    )
    BankHolidayFactory(date=date(2025, 5, 5), name="Early May bank holiday")
    vevent, cancelled = series_and_cancelled(service_calendar(client, schedule.service))
    assert vevent["rrule"]["FREQ"] == ["MONTHLY"]
    assert vevent["rrule"].to_ical() == b"FREQ=MONTHLY;BYDAY=1MO"
    assert vevent.decoded("dtstart") == datetime(2025, 1, 6, 13, tzinfo=LONDON)
    assert list(cancelled) == [datetime(2025, 5, 5, 13, tzinfo=LONDON)]


def test_a_session_staff_cancel_on_the_register_changes_in_the_saved_calendar_file(client):
    schedule = bookable_schedule(name="Baby Sensory")
    starts = next_friday_at_ten()
    url = reverse("timetable:occurrence_ics", args=[str(schedule.pk), f"{starts:%Y-%m-%dT%H%M}"])
    [saved] = parse(client.get(url)).walk("VEVENT")

    cancel_occurrence(
        occurrence_for(schedule, starts), by=hub_staff(schedule.location), reason="Leader is ill"
    )

    [changed] = parse(client.get(url)).walk("VEVENT")
    assert changed["uid"] == saved["uid"]
    assert (saved["status"], changed["status"]) == ("CONFIRMED", "CANCELLED")
    assert changed["sequence"] > saved["sequence"]
    assert str(changed["description"]).startswith("This session is cancelled: Leader is ill.")


def test_hub_feed_queries_do_not_grow_with_sessions_or_cancellations(client, friday_group):
    feed = reverse("timetable:hub_feed", args=["tilbury"])
    with CaptureQueriesContext(connection) as one:
        client.get(feed)
    for offset, day in enumerate(("MO", "TU", "WE", "TH")):
        schedule = WeeklyScheduleFactory(
            location=friday_group.location,
            service_at_location__location=friday_group.location,
            byday=day,
            dtstart=date(2025, 1, 1),
        )
        CancellationFactory(schedule=schedule, date=date(2025, 6, 9) + timedelta(days=offset))
    with CaptureQueriesContext(connection) as many:
        calendar = parse(client.get(feed))
    assert len(calendar.walk("VEVENT")) == 9
    assert len(many) == len(one)
