"""The whole way from a search result to a booking, in real Chromium with axe-core on every page,
at phone and tablet widths: search, "Book a place", create an account, confirm the email from the
message sent, register the family (an expected baby), back on that session, book, add to
calendar, see it in My bookings, cancel it, and the cancellation email."""

import re

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from bookings.models import Booking
from directory.models import Service
from families.models import Family
from notifications.tests.smtp import sent_emails
from web.tests.factories import PostcodeFactory, weekly_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def follow(page, target) -> None:
    """Click a link or button (a selector or a locator) and wait for the next page to load."""
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


def last_email(subject_starts: str):
    matching = [m for m in sent_emails() if m.subject.startswith(subject_starts)]
    assert matching, subject_starts
    return matching[-1]


@pytest.mark.parametrize("width, height", [(390, 844), (768, 1024)], ids=["phone", "tablet"])
def test_from_a_search_result_to_a_booking_and_back_out(
    live_server, page, screenshot, axe_violations, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    PostcodeFactory()
    service = weekly_group("Baby Massage", join_method=Service.JoinMethod.BOOKING)
    hub = service.service_at_locations.get().location

    def check(name: str) -> None:
        assert axe_violations() == [], name
        screenshot(f"{width}-{name}")

    # Search, and the result offers a place.
    page.goto(f"{live_server.url}/find/?where=RM18+7AA")
    result = page.locator("li.fh-result", has_text="Baby Massage")
    assert result.get_by_role("link", name=re.compile(r"^Book a place: Baby Massage, Friday"))
    check("results")
    follow(page, result.get_by_role("link", name=re.compile("^Book a place")))
    booking_path = page.url.removeprefix(live_server.url)
    assert page.locator("h1").inner_text() == "Sign in to book a place"
    check("sign-in-to-book")

    # Create an account.
    follow(page, page.get_by_role("button", name="Create an account"))
    page.get_by_label("Email address").fill("amira@example.org")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    check("sign-up")
    follow(page, "main button:has-text('Create account')")
    assert page.locator("h1").inner_text() == "Check your email"

    # Confirm the address with the link in the email sent.
    body = last_email("Confirm your email address").body
    link = re.search(r"http://\S+", body).group(0).replace("http://127.0.0.1:8000", live_server.url)
    page.goto(link)
    assert page.url == live_server.url + booking_path
    assert page.locator("h1").inner_text() == "Register your family first"
    assert "Your email address is confirmed" in page.inner_text("main")
    check("register-first")

    # Register the family: an expected baby.
    follow(page, page.get_by_role("button", name="Register your family"))
    page.get_by_label("First name").fill("Amira")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Phone number (optional)").fill("07700 900982")
    page.get_by_label("Email", exact=True).check()
    check("about-you")
    follow(page, "main button:has-text('Continue')")

    assert page.locator("h1").inner_text() == "Your child or baby"
    assert not page.get_by_label("Due date").first.is_visible()
    assert page.locator("input[type=radio]:checked").count() == 0
    page.get_by_label("No, we are expecting a baby").check()
    due = timezone.localdate() + timezone.timedelta(days=60)
    page.get_by_label("Day").last.fill(str(due.day))
    page.get_by_label("Month").last.fill(str(due.month))
    page.get_by_label("Year").last.fill(str(due.year))
    assert page.locator("text=Due date").is_visible()
    assert not page.locator("legend", has_text="Date of birth").is_visible()
    check("child")
    follow(page, "main button:has-text('Continue')")

    page.get_by_label("Home postcode").fill("RM18 7AA")
    page.get_by_label(hub.name).check()
    check("home")
    follow(page, "main button:has-text('Continue')")
    page.get_by_label(re.compile("I agree")).check()
    check("check-answers")
    follow(page, "main button")

    # Back on the session's booking page, with the baby offered.
    assert page.url == live_server.url + booking_path
    assert page.locator("h1").inner_text() == "Baby Massage"
    assert Family.objects.count() == 1
    baby = page.get_by_label(re.compile(r"^Your baby \(due "))
    check("book")
    baby.check()
    follow(page, "main button:has-text('Book')")

    # Confirmation, with the calendar file.
    assert page.locator("h1").inner_text() == "Place booked"
    calendar = page.get_by_role("link", name=re.compile("^Add to calendar"))
    assert calendar.get_attribute("href").endswith(".ics")
    assert "We have sent you an email" in page.inner_text("main")
    check("booked")
    assert "Add it to your calendar" in last_email("Booking confirmed: Baby Massage").body

    follow(page, page.get_by_role("link", name="See all your bookings"))
    assert page.locator("h1").inner_text() == "Your bookings"
    assert page.get_by_role("link", name=re.compile("^Add to calendar")).count() == 1
    check("my-bookings")

    # Cancel it.
    follow(page, page.get_by_role("link", name=re.compile("^Cancel")))
    check("cancel")
    follow(page, "main button:has-text('Cancel booking')")
    assert "We have emailed you to say so" in page.inner_text("main")
    cancelled = page.locator("main").inner_text().split("Cancelled\n", 1)[1]
    assert "Baby Massage" in cancelled and "Cancelled by you" in cancelled
    check("cancelled")
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    email = last_email("Booking cancelled: Baby Massage")
    assert email.to == ["amira@example.org"]
    assert "You have cancelled this booking" in email.body
