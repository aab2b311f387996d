"""The "service unavailable" page in real Chromium, at phone and tablet widths, with axe-core."""

from unittest import mock

import pytest

from core.tests.test_database_unavailable import full_disk_error

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width, height", [(390, 844), (768, 1024)], ids=["phone", "tablet"])
def test_a_parent_finding_support_while_the_disk_is_full_sees_the_unavailable_page(
    live_server, page, screenshot, axe_violations, tmp_path, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    with mock.patch("web.views.topic_terms", side_effect=full_disk_error(tmp_path)):
        response = page.goto(live_server.url + "/")

    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    assert page.title().startswith("Sorry, the service is unavailable - ")
    assert page.locator("h1").inner_text() == "Sorry, the service is unavailable"
    main = page.locator("main").inner_text()
    assert "You will be able to use the service again in a few minutes." in main
    assert "check your bookings before you try again" in main
    assert "disk is full" not in page.content()
    assert axe_violations() == []
    screenshot("unavailable")
