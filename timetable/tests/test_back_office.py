from datetime import date

import pytest
from django.urls import reverse

from timetable.models import BankHoliday, Cancellation, Closure
from timetable.tests.factories import (
    CancellationFactory,
    ClosureFactory,
    HubFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["cancellation", "closure", "bankholiday"])
def test_staff_can_open_the_list_and_the_form(admin_client, model):
    from django.apps import apps

    CancellationFactory()
    ClosureFactory()
    names = apps.get_model("timetable", model)._meta
    listing = admin_client.get(reverse(f"admin:timetable_{model}_changelist"))
    assert listing.status_code == 200
    assert f"Select {names.verbose_name} to change" in listing.text
    form = admin_client.get(reverse(f"admin:timetable_{model}_add"))
    assert form.status_code == 200
    assert f"Add {names.verbose_name}" in form.text


def test_staff_cancel_one_friday_session(admin_client):
    schedule = WeeklyScheduleFactory()
    response = admin_client.post(
        reverse("admin:timetable_cancellation_add"),
        {"schedule": schedule.pk, "date": "13/06/2025", "reason": "Staff training"},
    )
    assert response.status_code == 302
    assert Cancellation.objects.get().date == date(2025, 6, 13)


def test_cancelling_a_date_the_session_does_not_run_is_refused(admin_client):
    schedule = WeeklyScheduleFactory()
    response = admin_client.post(
        reverse("admin:timetable_cancellation_add"),
        {"schedule": schedule.pk, "date": "12/06/2025", "reason": "Staff training"},
    )
    assert response.status_code == 200
    assert "This session does not run on that date" in response.content.decode()
    assert not Cancellation.objects.exists()


def test_cancelling_the_same_session_twice_is_refused(admin_client):
    cancelled = CancellationFactory(date=date(2025, 6, 13))
    response = admin_client.post(
        reverse("admin:timetable_cancellation_add"),
        {"schedule": cancelled.schedule.pk, "date": "13/06/2025", "reason": "Again"},
    )
    assert "This session is already cancelled on that date." in response.content.decode()
    assert Cancellation.objects.count() == 1


def test_closure_ending_before_it_starts_is_refused(admin_client):
    hub = HubFactory()
    response = admin_client.post(
        reverse("admin:timetable_closure_add"),
        {
            "location": hub.pk,
            "starts_on": "10/08/2025",
            "ends_on": "01/08/2025",
            "reason": "Repairs",
        },
    )
    assert "The last day closed must not be before the first day." in response.content.decode()
    assert not Closure.objects.exists()


def test_closure_for_every_hub_needs_no_hub(admin_client):
    response = admin_client.post(
        reverse("admin:timetable_closure_add"),
        {"location": "", "starts_on": "24/12/2025", "ends_on": "01/01/2026", "reason": "Christmas"},
    )
    assert response.status_code == 302
    closure = Closure.objects.get()
    assert closure.location is None
    assert str(closure) == "All hubs closed 24 Dec 2025 to 01 Jan 2026"


def test_bank_holiday_dates_are_unique(admin_client):
    BankHoliday.objects.create(date=date(2025, 12, 25), name="Christmas Day")
    response = admin_client.post(
        reverse("admin:timetable_bankholiday_add"), {"date": "25/12/2025", "name": "Again"}
    )
    assert response.status_code == 200
    assert BankHoliday.objects.count() == 1
