"""One sign-in with two factors, walked in real Chromium at phone and tablet widths, with
axe-core on every page: hub staff set up an app on first sign-in and land on today's sessions;
later sign-ins ask for a code; a recovery code works once; an idle session ends; an editor
reaches the back office only after two-factor, and hub staff never do."""

import base64
from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.utils import timezone
from django_otp.oath import TOTP

from accounts.middleware import LAST_SEEN_AT_SESSION_KEY
from accounts.tests.factories import PASSWORD, DirectoryEditorFactory, HubStaffFactory
from bookings.tests.factories import session_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[(390, 844), (768, 1024)], ids=["phone", "tablet"])
def page(browser, request):
    """A fresh tab at phone and at tablet width (replaces the phone-only tab for this module)."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


def follow(page, target: str) -> None:
    with page.expect_navigation():
        page.click(target)


def heading(page) -> str:
    return page.inner_text("main h1")


def app_code(key_on_page: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the page."""
    key = key_on_page.replace(" ", "")
    app = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    app.time += steps_ahead * app.step
    return f"{app.token():06d}"


def sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/account/sign-in/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    follow(page, "main button:has-text('Sign in')")


def sign_out(page, live_server) -> None:
    page.goto(f"{live_server.url}/account/")
    follow(page, "main button:has-text('Sign out')")
    assert heading(page) == "Sign in"


def enter(page, code: str) -> None:
    page.fill("#id_code", code)
    follow(page, "main button:has-text('Continue')")


def set_up(page, axe_violations, screenshot) -> tuple[str, list[str]]:
    """On the set-up page: read the key, give the app's code, keep the recovery codes shown."""
    assert heading(page) == "Set up two-factor sign-in"
    assert page.locator(".fh-qr-code svg").count() == 1
    code_input = page.locator("#id_code")
    assert code_input.get_attribute("autocomplete") == "one-time-code"
    assert code_input.get_attribute("inputmode") == "numeric"
    assert axe_violations() == []
    screenshot("set-up")
    key = page.inner_text("#set-up-key")
    code = app_code(key)
    enter(page, f"{code[:3]} {code[3:]}")
    assert heading(page) == "Save your recovery codes"
    codes = page.locator(".fh-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert "This is the only time we will show these codes" in page.inner_text("main")
    assert axe_violations() == []
    screenshot("recovery-codes")
    return key, codes


def test_hub_staff_set_up_two_factor_then_sign_in_with_a_code_or_a_recovery_code(
    live_server, page, screenshot, axe_violations
):
    occurrence = session_today(name="Baby Sensory")
    staff = HubStaffFactory(email="sam@council.example", hub=occurrence.location)

    page.goto(live_server.url)
    follow(page, "footer a:has-text('Staff sign in')")
    assert heading(page) == "Sign in"
    page.fill("#id_email", staff.email)
    page.fill("#id_password", PASSWORD)
    follow(page, "main button:has-text('Sign in')")

    key, codes = set_up(page, axe_violations, screenshot)
    follow(page, "main a:has-text('I have saved my recovery codes')")
    assert heading(page).startswith("Sessions on ")
    assert "Baby Sensory" in page.inner_text("main")
    navigation = page.locator("#navigation").inner_text()
    assert "Sessions" in navigation and "Families" in navigation
    assert "Back office" not in navigation and "Your family" not in navigation
    assert axe_violations() == []
    screenshot("today")

    page.goto(f"{live_server.url}/admin/")
    assert heading(page) == "You cannot use the back office"
    assert axe_violations() == []

    sign_out(page, live_server)
    sign_in(page, live_server, staff.email)
    assert heading(page) == "Enter the code from your authenticator app"
    enter(page, "123")
    assert "Enter the code as 6 numbers" in page.inner_text(".govuk-error-summary")
    assert axe_violations() == []
    screenshot("code-error")
    enter(page, app_code(key, steps_ahead=1))
    assert heading(page).startswith("Sessions on ")

    sign_out(page, live_server)
    sign_in(page, live_server, staff.email)
    follow(page, "main a:has-text('Use a recovery code instead')")
    assert heading(page) == "Enter a recovery code"
    assert axe_violations() == []
    enter(page, codes[0])
    assert heading(page).startswith("Sessions on ")
    assert "You have 9 recovery codes left" in page.inner_text("main")

    sign_out(page, live_server)
    sign_in(page, live_server, staff.email)
    follow(page, "main a:has-text('Use a recovery code instead')")
    enter(page, codes[0])
    assert "it has been used already" in page.inner_text(".govuk-error-summary")
    assert axe_violations() == []
    screenshot("recovery-code-used")
    page.wait_for_timeout(1100)  # django-otp makes the next try wait a second after a miss
    enter(page, codes[1])
    assert heading(page).startswith("Sessions on ")

    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[LAST_SEEN_AT_SESSION_KEY] = (timezone.now() - timedelta(minutes=31)).timestamp()
    session.save()
    page.reload()
    assert heading(page) == "Sign in"
    assert "you had not used the service for 30 minutes" in page.inner_text("main")
    assert axe_violations() == []
    screenshot("idle")


def test_an_editor_reaches_the_back_office_only_after_two_factor(
    live_server, page, screenshot, axe_violations
):
    editor = DirectoryEditorFactory(email="eden@council.example")
    page.goto(f"{live_server.url}/admin/")
    assert heading(page) == "Sign in"
    page.fill("#id_email", editor.email)
    page.fill("#id_password", PASSWORD)
    follow(page, "main button:has-text('Sign in')")

    set_up(page, axe_violations, screenshot)
    follow(page, "main a:has-text('I have saved my recovery codes')")
    assert "/admin/" in page.url
    assert "Site administration" in page.inner_text("body") or page.locator("#site-name").count()
    screenshot("back-office")

    page.goto(f"{live_server.url}/account/staff/")
    assert heading(page) == "Your work"
    assert "Edit the directory, timetables, campaigns and news" in page.inner_text("main")
    assert "Back office" in page.locator("#navigation").inner_text()
    assert axe_violations() == []
    screenshot("staff-home")
