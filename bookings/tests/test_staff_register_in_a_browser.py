"""A member of hub staff runs today's register in real Chromium, at phone and tablet widths,
axe-core clean at every step: check in a booked child, a waiting family walks in, a new family
is registered from the register and checked in; a mistake counting visitors is explained."""

from datetime import date, timedelta

import pytest

from bookings import services
from bookings.models import Attendance, Booking
from bookings.tests.factories import hub_staff, parent_with_child, session_today
from bookings.tests.test_browser_journeys import follow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 768, "height": 1024}],
    ids=["phone", "tablet"],
)
def test_staff_run_todays_register(live_server, page, screenshot, axe_violations, viewport):
    page.set_viewport_size(viewport)
    occurrence = session_today(capacity=1, name="Baby Sensory")
    the_day_before = occurrence.starts_at - timedelta(days=1)
    booked, isla = parent_with_child(first_name="Isla")
    services.book(booked.family, occurrence.pk, [isla], now=the_day_before)
    waiting, zara = parent_with_child(first_name="Zara")
    services.book(waiting.family, occurrence.pk, [zara], join_waiting_list=True, now=the_day_before)
    sign_in(page, live_server, hub_staff(occurrence.location))

    # Today's sessions, then the register.
    page.goto(f"{live_server.url}/bookings/staff/")
    assert "Baby Sensory" in page.inner_text("main table")
    assert axe_violations() == []
    follow(page, "main a:has-text('Register')")
    assert page.locator("h1").inner_text() == "Baby Sensory"
    main = page.inner_text("main")
    assert "Booked (1)" in main and "Isla" in main
    assert "Waiting list (1)" in main
    assert f"{waiting.first_name} {waiting.last_name}" in main
    assert "Walk-ins (0)" in main
    assert axe_violations() == []
    screenshot("register")

    # Isla came.
    follow(page, f"#child-{isla.pk} button:has-text('Came')")
    assert "Recorded: Isla came." in page.inner_text(".govuk-notification-banner")
    assert page.locator(f"#child-{isla.pk} .govuk-tag").inner_text() == "Came"
    assert axe_violations() == []
    screenshot("isla-came")

    # Zara's family was on the waiting list and came anyway: found by the walk-in search.
    follow(page, "main a:has-text('Record a walk-in')")
    page.fill("#id_q", "Zara")
    follow(page, "main button:has-text('Search')")
    assert f"{waiting.first_name} {waiting.last_name}" in page.inner_text("main legend")
    assert axe_violations() == []
    screenshot("walk-in-search")
    page.check("text=Zara")
    follow(page, "main button:has-text('Check in')")
    main = page.inner_text("main")
    assert "Walk-in recorded" in main
    assert "Waiting list" not in main
    walk_ins = page.inner_text("main table")
    assert "Zara" in walk_ins and f"{waiting.first_name} {waiting.last_name}" in walk_ins
    assert axe_violations() == []
    screenshot("waiting-family-walked-in")

    # A family new to the hub: registered from the register, then back to it.
    follow(page, "main a:has-text('Register a new family')")
    assert page.locator("h1").inner_text() == "Register a family in person"
    assert axe_violations() == []
    page.locator("#id_adult-first_name").fill("Grace")
    page.locator("#id_adult-last_name").fill("Mensah")
    page.locator("#id_adult-phone").fill("07700 900982")
    page.get_by_label("Phone call").check()
    page.locator("#id_child-first_name").fill("Kofi")
    page.get_by_label("Yes").check()
    born = date.today() - timedelta(days=200)
    page.locator("#id_child-date_of_birth_0").fill(str(born.day))
    page.locator("#id_child-date_of_birth_1").fill(str(born.month))
    page.locator("#id_child-date_of_birth_2").fill(str(born.year))
    page.get_by_label("Home postcode").fill("RM18 7AA")
    page.get_by_label(occurrence.location.name).check()
    page.get_by_label("The parent has been given the privacy notice").check()
    screenshot("register-new-family")
    follow(page, "main button:has-text('Register the family')")

    assert page.locator("h1").inner_text() == "Baby Sensory"
    assert "The family is registered" in page.inner_text(".govuk-notification-banner")
    assert "Registered just now" in page.inner_text("main")
    assert "Grace Mensah" in page.inner_text("main")
    assert axe_violations() == []
    screenshot("new-family-ready")
    follow(page, "main .govuk-summary-card:has-text('Kofi') button:has-text('Came')")
    main = page.inner_text("main")
    assert "Registered just now" not in main
    assert "Walk-ins (2)" in main
    assert "Grace Mensah" in page.inner_text("main table")
    assert axe_violations() == []
    screenshot("new-family-came")

    follow(page, "main a:has-text('Count visitors')")
    page.fill("#id_adults", "none")
    follow(page, "main button:has-text('Save')")
    assert "Enter the number of adults as a number" in page.inner_text(".govuk-error-summary")
    assert axe_violations() == []
    screenshot("visitors-error")

    assert Booking.objects.get(family=waiting.family).status == "came_from_waiting"
    assert Attendance.objects.filter(walk_in=True).count() == 2
    assert Attendance.objects.get(child=isla).walk_in is False
