"""A parent who asks for a password reset again and again is told plainly to wait, at phone
and tablet widths, on an accessible page, and no further email is queued."""

import pytest

from accounts.tests.factories import UserFactory
from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (768, 1024)])
def test_repeated_password_resets_reach_a_plain_wait_page(
    live_server, page, screenshot, axe_violations, settings, width, height
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset": {"per_address": 100, "per_account": 1, "minutes": 60},
    }
    UserFactory(email="amy@example.org")
    page.set_viewport_size({"width": width, "height": height})

    page.goto(live_server.url + "/account/reset-password/")
    page.get_by_label("Email address").fill("amy@example.org")
    with page.expect_navigation():
        page.locator("main button").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert Notification.objects.count() == 1

    page.goto(live_server.url + "/account/reset-password/")
    page.get_by_label("Email address").fill("amy@example.org")
    with page.expect_navigation() as navigation:
        page.locator("main button").click()
    assert navigation.value.status == 429
    assert page.locator("h1").inner_text() == "You have tried too many times"
    main = page.locator("main").inner_text()
    assert "Wait 60 minutes, then try again." in main
    assert "We have not saved or sent anything from your last try." in main
    assert Notification.objects.count() == 1
    assert axe_violations() == []
    screenshot("wait-page")
