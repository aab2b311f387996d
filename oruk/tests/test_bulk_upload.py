"""Adding services from a CSV: the template, row-by-row problems before anything is saved,
all or nothing, editors only, formula cells refused, every added service audited."""

import csv
import html
import io
from datetime import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from audit.models import AuditEvent
from directory.models import Location, Schedule, Service
from directory.tests.factories import LocationFactory, OrganizationFactory
from oruk import bulk_upload
from oruk.bulk_upload import COLUMNS

pytestmark = pytest.mark.django_db

UPLOAD = "/manage/upload/"
CHECK = "/manage/upload/check/"
ADDED = "/manage/upload/added/"


def row(**cells) -> dict[str, str]:
    """A template row: a weekly group at Tilbury Family Hub unless told otherwise."""
    plain = {
        "Service name": "Time for you and baby too",
        "Organisation": "Thurrock Council",
        "Description": "A friendly group for parents and babies.",
        "Youngest age": "0",
        "Oldest age": "2 years",
        "For expectant parents": "Yes",
        "Cost": "Free",
        "How to join": "Just come along",
        "Hub or venue name": "Tilbury Family Hub",
        "Day": "Friday",
        "Starts": "10am",
        "Ends": "11am",
    }
    plain.update({name.replace("_", " ").capitalize(): value for name, value in cells.items()})
    return {column: plain.get(column, "") for column in COLUMNS}


def csv_file(rows: list[dict], name: str = "services.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def directory():
    council = OrganizationFactory(name="Thurrock Council")
    hub = LocationFactory(name="Tilbury Family Hub", is_family_hub=True)
    return council, hub


@pytest.fixture
def editor(client):
    user = DirectoryEditorFactory()
    sign_in_with_two_factor(client, user)
    return user


def checked(*rows) -> bulk_upload.Checked:
    return bulk_upload.check_rows([(n, r) for n, r in enumerate(rows, start=2)])


def test_a_good_row_becomes_a_weekly_group_at_the_hub(directory):
    council, hub = directory
    result = checked(row())
    assert result.problems == []
    [plan] = result.services
    assert (plan.organization, plan.place) == (council, hub)
    assert (plan.minimum_age, plan.maximum_age, plan.cost) == (Decimal(0), Decimal(2), Decimal(0))
    assert plan.timing.in_words() == "Every week on Friday, 10am to 11am"


def test_plain_words_for_ages_times_and_how_often(directory):
    result = checked(
        row(
            youngest_age="6 months",
            oldest_age="18 months",
            cost="£3.50",
            how_to_join="book a place",
            starts="1:30pm",
            ends="2.45pm",
            how_often="First Monday of the month",
            day="",
        ),
        row(service_name="Rhyme Time", how_often="Every 2 weeks", first_date="8/1/2027"),
    )
    assert result.problems == []
    monthly, fortnightly = result.services
    assert (monthly.minimum_age, monthly.maximum_age) == (Decimal("0.50"), Decimal("1.50"))
    assert monthly.cost == Decimal("3.50") and monthly.join_method == Service.JoinMethod.BOOKING
    assert monthly.timing.in_words() == "The first Monday of each month, 1:30pm to 2:45pm"
    fields = monthly.timing.schedule_fields()
    assert (fields["freq"], fields["byday"], fields["opens_at"]) == ("MONTHLY", "1MO", time(13, 30))
    assert fortnightly.timing.in_words() == (
        "Every 2 weeks on Friday, 10am to 11am, from 8 January 2027"
    )


def test_each_problem_names_the_row_the_column_what_is_wrong_and_how_to_fix_it(directory):
    result = checked(
        row(),
        row(service_name="Rhyme Time", organisation="Thurrok Council", starts="25 o'clock"),
    )
    assert result.services == []  # all or nothing: the good row is not planned either
    by_column = {(p.row, p.column, p.letter): (p.message, p.fix) for p in result.problems}
    assert by_column == {
        (3, "Organisation", "B"): (
            "No organisation is called 'Thurrok Council'",
            "Check the spelling against the directory, or add the organisation first",
        ),
        (3, "Starts", "N"): ("'25 o'clock' is not a time", "Write a time like 10am or 1:30pm"),
    }


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"service_name": ""}, "Service name", "Enter the service name"),
        ({"how_to_join": "Turn up"}, "How to join", "'Turn up' is not a way to join"),
        ({"oldest_age": "7 months"}, "Oldest age", "'7 months' cannot be kept as an age in years"),
        ({"youngest_age": "3", "oldest_age": "1"}, "Oldest age", "The oldest age is less"),
        ({"cost": "a fiver"}, "Cost", "'a fiver' is not a price"),
        ({"day": "Fryday"}, "Day", "'Fryday' is not a day of the week"),
        ({"ends": "9am"}, "Ends", "The end time is not after the start time"),
        ({"ends": ""}, "Ends", "Enter the time it ends"),
        ({"how_often": "Every 2 weeks"}, "First date", "Enter the first date"),
        ({"how_often": "Now and then"}, "How often", "'Now and then' is not how often"),
        ({"hub_or_venue_name": "Nowhere Hub"}, "Hub or venue name", "No hub or venue is called"),
        ({"for_expectant_parents": "Maybe"}, "For expectant parents", "'Maybe' is not Yes or No"),
    ],
)
def test_a_bad_cell_is_explained(directory, cells, column, message):
    [problem] = checked(row(**cells)).problems
    assert problem.column == column
    assert problem.message.startswith(message)
    assert problem.fix


def test_a_service_already_in_the_directory_or_twice_in_the_file_is_refused(directory):
    council, _ = directory
    Service.objects.create(name="Stay and Play", organization=council)
    problems = checked(
        row(service_name="stay and play"),
        row(service_name="Rhyme Time"),
        row(service_name="Rhyme Time"),
    ).problems
    assert [(p.row, p.column) for p in problems] == [(2, "Service name"), (4, "Service name")]
    assert "already has a service called" in problems[0].message


def test_a_new_venue_needs_its_address_town_and_a_real_postcode(directory):
    problems = checked(
        row(hub_or_venue_name="Grays Library", address="Orsett Road", postcode="NOT A CODE")
    ).problems
    assert {(p.column, p.message) for p in problems} == {
        ("Town", "Enter the new venue's town"),
        ("Postcode", "'NOT A CODE' is not a UK postcode"),
    }


def test_a_file_without_the_templates_headings_is_refused_as_a_whole(directory):
    result = bulk_upload.check_rows([(2, {"Name": "Stay and Play"})])
    messages = [p.message for p in result.problems]
    assert "The file has no 'Service name' column" in messages
    assert "Column 'Name' is not one of the template's columns" in messages
    assert {p.row for p in result.problems} == {0}


def test_the_template_has_every_column_in_plain_words(client, editor):
    response = client.get("/manage/upload/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="services-template.csv"' in response["Content-Disposition"]
    [headings] = csv.reader(io.StringIO(response.content.decode()))
    assert headings == list(COLUMNS)
    assert "How to join" in headings and "Day" in headings and "Starts" in headings


def test_template_cells_are_neutralised_against_formulas(monkeypatch):
    monkeypatch.setitem(COLUMNS, "=HYPERLINK(1)", "not a real column")
    assert "'=HYPERLINK(1)" in bulk_upload.template_csv()


def test_good_file_is_previewed_then_added_all_at_once_and_audited(client, editor, directory):
    council, hub = directory
    rows = [row(), row(service_name="Rhyme Time", day="Tuesday", cost="£2")]
    response = client.post(UPLOAD, {"file": csv_file(rows)})
    assert response.status_code == 302 and response["Location"] == CHECK
    assert not Service.objects.exists()  # nothing saved by checking

    preview = client.get(CHECK).content.decode()
    assert "Check the 2 services before adding them" in preview
    assert "Every week on Tuesday, 10am to 11am" in preview
    assert "£2.00" in preview
    assert "Add these 2 services" in preview
    assert not Service.objects.exists()

    response = client.post(CHECK)
    assert response["Location"] == ADDED
    added = Service.objects.order_by("name")
    assert [s.name for s in added] == ["Rhyme Time", "Time for you and baby too"]
    group = added.get(name="Time for you and baby too")
    assert group.organization == council and group.for_expectant_parents
    schedule = Schedule.objects.get(service=group)
    assert (schedule.byday, schedule.location, schedule.service_at_location.location) == (
        "FR",
        hub,
        hub,
    )
    events = AuditEvent.objects.filter(action=bulk_upload.AUDIT_ACTION, actor=editor)
    assert sorted(e.object_id for e in events) == sorted(str(s.pk) for s in added)
    page = client.get(ADDED).content.decode()
    assert "2 services added" in page
    assert f"/services/{group.pk}/" in page


def test_a_file_with_an_error_row_lists_it_and_saves_nothing(client, editor, directory):
    rows = [row(), row(service_name="Rhyme Time", how_to_join="")]
    response = client.post(UPLOAD, {"file": csv_file(rows)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "1 row has problems, listed below" in page
    assert "Enter the how to join" in page
    assert "Write Just come along, Book a place, or Referral" in page
    assert not Service.objects.exists()
    assert client.get(CHECK)["Location"] == UPLOAD  # nothing waiting to be added


def test_a_new_venue_is_added_with_its_address(client, editor, directory):
    rows = [
        row(
            hub_or_venue_name="Grays Library",
            address="Orsett Road",
            town="Grays",
            postcode="rm17 5dx",
        ),
        row(
            service_name="Rhyme Time",
            hub_or_venue_name="Grays Library",
            address="Orsett Road",
            town="Grays",
            postcode="RM17 5DX",
        ),
    ]
    client.post(UPLOAD, {"file": csv_file(rows)})
    client.post(CHECK)
    library = Location.objects.get(name="Grays Library")  # one venue for both rows
    assert library.addresses.get().postal_code == "RM17 5DX"
    assert library.service_at_locations.count() == 2


def test_a_change_in_the_directory_since_checking_is_caught_before_adding(
    client, editor, directory
):
    council, _ = directory
    client.post(UPLOAD, {"file": csv_file([row()])})
    council.name = "Thurrock Borough Council"
    council.save()
    page = html.unescape(client.post(CHECK).content.decode())
    assert "No organisation is called 'Thurrock Council'" in page
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("services.xlsx", b"PK\x03\x04", content_type="application/zip"),
            "The selected file must be a CSV",
        ),
        (
            SimpleUploadedFile("big.csv", b"a," * (1024 * 1024 + 1), content_type="text/csv"),
            "The selected file must be smaller than 2MB",
        ),
    ],
    ids=["wrong type", "too big"],
)
def test_a_file_of_the_wrong_type_or_size_is_refused(client, editor, upload, message):
    page = client.post(UPLOAD, {"file": upload}).content.decode()
    assert "There is a problem" in page and message in page
    assert not Service.objects.exists()


def test_a_cell_that_would_run_as_a_formula_is_refused(client, editor, directory):
    page = client.post(
        UPLOAD, {"file": csv_file([row(description='=HYPERLINK("http://evil")')])}
    ).content.decode()
    assert "which spreadsheets run as formulas: row 2, column C" in page
    assert not Service.objects.exists()


def test_no_file_chosen_says_so(client, editor):
    page = client.post(UPLOAD, {}).content.decode()
    assert "Select a CSV file" in page


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(),  # a parent
        lambda: HubStaffFactory(),
        lambda: _in_group(UserFactory(email="provider@nhs.example"), "Providers"),
    ],
    ids=["parent", "hub staff", "provider"],
)
@pytest.mark.parametrize("url", [UPLOAD, CHECK, ADDED, "/manage/upload/template.csv"])
def test_only_directory_editors_may_upload(client, make_user, url):
    sign_in_with_two_factor(client, make_user())
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": csv_file([row()])}).status_code == 404


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


def _in_group(user, name: str):
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def test_an_editors_work_page_leads_to_the_upload(client, editor):
    page = client.get("/account/staff/").content.decode()
    assert 'href="/manage/upload/">Add services from a spreadsheet</a>' in page
