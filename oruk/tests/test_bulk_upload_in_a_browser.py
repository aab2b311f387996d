"""A directory editor adds services from a spreadsheet in real Chromium at phone width, axe-core
clean at every step: a file with a mistake is explained row by row and nothing is saved; the
fixed file is previewed, added, and the services are on the public site."""

import pytest

from accounts.tests.factories import DirectoryEditorFactory
from bookings.tests.test_browser_journeys import follow, sign_in
from directory.models import Service
from directory.tests.factories import LocationFactory, OrganizationFactory
from geo.models import Postcode
from oruk.tests.test_bulk_upload import csv_file, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(page, tmp_path, rows, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(csv_file(rows).read())
    page.set_input_files("#id_file", str(path))
    follow(page, "main button:has-text('Check the file')")


def test_editor_fixes_a_file_then_adds_its_services(
    live_server, page, screenshot, axe_violations, tmp_path
):
    page.set_viewport_size({"width": 375, "height": 812})
    OrganizationFactory(name="Thurrock Council")
    LocationFactory(name="Tilbury Family Hub", is_family_hub=True)
    Postcode.objects.create(postcode="RM18 7AA", latitude=51.4625, longitude=0.3585)
    sign_in(page, live_server, DirectoryEditorFactory())

    page.goto(f"{live_server.url}/manage/upload/")
    assert page.locator("h1").inner_text() == "Add services from a spreadsheet"
    assert page.locator("main a:has-text('Download the template')").count() == 1
    assert "How to join" in page.inner_text("main .govuk-summary-list")
    assert axe_violations() == []
    screenshot("upload")

    good = row()
    mistaken = row(service_name="Rhyme Time", organisation="Thurrok Council", day="Tuesday")
    upload(page, tmp_path, [good, mistaken], "with-a-mistake.csv")
    assert page.title().startswith("Error: ")
    assert "1 row has problems, listed below" in page.inner_text(".govuk-error-summary")
    problems = page.inner_text("#file-problems")
    assert "Row 3" in problems and "Organisation (B)" in problems
    assert "No organisation is called 'Thurrok Council'" in problems
    assert "Check the spelling against the directory" in problems
    assert not Service.objects.exists()
    assert axe_violations() == []
    screenshot("a-row-with-a-mistake")

    fixed = row(service_name="Rhyme Time", day="Tuesday", cost="£2")
    upload(page, tmp_path, [good, fixed], "fixed.csv")
    assert page.locator("h1").inner_text() == "Check the 2 services before adding them"
    preview = page.inner_text("main")
    assert "Every week on Tuesday, 10am to 11am" in preview and "£2.00" in preview
    assert "Tilbury Family Hub" in preview
    assert "Expectant parents and children up to 2 years old" in preview
    assert not Service.objects.exists()
    assert axe_violations() == []
    screenshot("check")

    follow(page, "main button:has-text('Add these 2 services')")
    assert page.locator("h1").inner_text() == "2 services added"
    assert axe_violations() == []
    screenshot("added")

    follow(page, "main a:has-text('Rhyme Time')")
    assert page.locator("h1").inner_text() == "Rhyme Time"
    assert "Tilbury Family Hub" in page.inner_text("main")
    assert axe_violations() == []
    screenshot("public-service-page")

    page.goto(f"{live_server.url}/find/?where=RM18+7AA")
    results = page.inner_text("main")
    assert "Rhyme Time" in results and "Time for you and baby too" in results
    assert axe_violations() == []
    screenshot("found-by-parents")
