"""Report pages, downloads and the export command: who may see them and what they show."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import HubStaffFactory, UserFactory, sign_in_with_two_factor
from directory.tests.factories import LocationFactory
from reports.tests import factories as make

pytestmark = pytest.mark.django_db
NOVEMBER = {"period": "2026-11", "compare": "previous"}


@pytest.fixture
def two_hubs():
    """Aveley: 3 families came in November (a small count), 9 in October. Tilbury: 12."""
    aveley = LocationFactory(name="Aveley Family Hub")
    tilbury = LocationFactory(name="Tilbury Family Hub")
    aveley_families = make.families(aveley, 9, date(2026, 1, 5))
    make.came(make.session(aveley, date(2026, 10, 2)), aveley_families)
    make.came(make.session(aveley, date(2026, 11, 6)), aveley_families[:3])
    tilbury_families = make.families(tilbury, 12, date(2026, 1, 5))
    make.came(make.session(tilbury, date(2026, 11, 6)), tilbury_families)
    return aveley, tilbury


def test_a_commissioner_sees_every_hub_with_small_counts_hidden_and_last_month_beside(
    client, two_hubs
):
    sign_in_with_two_factor(client, make.commissioner())

    page = client.get(reverse("reports:report", args=["attendance"]), NOVEMBER)

    text = page.content.decode()
    assert page.status_code == 200
    assert "All family hubs" in text
    assert "November 2026 beside October 2026" in text
    assert "Aveley Family Hub" in text and "Tilbury Family Hub" in text
    # Aveley's 3 children is "fewer than 5"; Tilbury's 12 would then give it away from the
    # total of 15, so it is not shown either.
    assert "fewer than 5" in text and "not shown" in text
    assert ">12<" not in text
    assert "15" in text  # the total of children who came
    assert "(9 in October 2026)" in text
    assert '<svg class="fh-chart"' in text and 'role="img"' in text


def test_a_long_table_is_shown_a_page_at_a_time_with_its_total_on_each(
    client, two_hubs, monkeypatch
):
    monkeypatch.setattr("reports.views.ROWS_ON_A_PAGE", 1)
    sign_in_with_two_factor(client, make.commissioner())
    url = reverse("reports:report", args=["attendance"])

    first = client.get(url, NOVEMBER).content.decode()
    second = client.get(url, NOVEMBER | {"page": "2"}).content.decode()

    def table_of(text: str) -> str:  # the chart above still shows every row
        return text.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]

    assert "Aveley Family Hub" in table_of(first) and "Tilbury" not in table_of(first)
    assert "Tilbury Family Hub" in table_of(second) and "Aveley" not in table_of(second)
    assert "Rows 1 to 1 of 2, with the total of them all." in first
    assert "Rows 2 to 2 of 2, with the total of them all." in second
    for text in (first, second):
        assert "All hubs in this report" in table_of(text)
    # Page links keep the period chosen.
    assert 'href="?period=2026-11&amp;compare=previous&amp;page=2"' in first


def test_a_hub_manager_sees_only_their_hubs(client, two_hubs):
    aveley, _ = two_hubs
    sign_in_with_two_factor(client, make.hub_manager(aveley))

    text = client.get(reverse("reports:report", args=["reach"]), NOVEMBER).content.decode()

    assert "Aveley Family Hub" in text
    assert "Tilbury Family Hub" not in text


@pytest.mark.parametrize(
    "who", ["parent", "hub practitioner", "editor-less staff"], ids=lambda who: who
)
def test_reports_are_not_found_for_anyone_without_a_reports_role(client, two_hubs, who):
    aveley, _ = two_hubs
    user = {
        "parent": lambda: UserFactory(),
        "hub practitioner": lambda: HubStaffFactory(hub=aveley),
        "editor-less staff": lambda: UserFactory(is_staff=True),
    }[who]()
    sign_in_with_two_factor(client, user)
    for url in [
        reverse("reports:index"),
        reverse("reports:report", args=["reach"]),
        reverse("reports:csv", args=["reach"]),
        reverse("reports:xlsx", args=["attendance"]),
    ]:
        assert client.get(url, NOVEMBER).status_code == 404, url


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(reverse("reports:report", args=["reach"]))
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


def test_a_report_that_does_not_exist_is_not_found(client):
    sign_in_with_two_factor(client, make.commissioner())
    assert client.get(reverse("reports:report", args=["nonsense"])).status_code == 404


def test_dates_chosen_by_hand_must_be_complete_and_in_order_and_are_kept(client):
    sign_in_with_two_factor(client, make.commissioner())
    query = {"period": "custom", "start_0": "30", "start_1": "11", "start_2": "2026"}
    query |= {"end_0": "1", "end_1": "11", "end_2": "2026", "compare": "year"}

    page = client.get(reverse("reports:report", args=["reach"]), query)

    text = page.content.decode()
    assert page.status_code == 400
    assert "There is a problem" in text
    assert "The end date must be on or after the start date" in text
    assert (
        'value="30"' in text and 'name="end_2" type="text" inputmode="numeric" value="2026"' in text
    )


def test_the_csv_download_carries_the_same_suppressed_figures(client, two_hubs):
    sign_in_with_two_factor(client, make.commissioner())

    response = client.get(reverse("reports:csv", args=["attendance"]), NOVEMBER)

    assert response["Content-Disposition"] == 'attachment; filename="attendance-2026-11.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == [
        "Family hub",
        "Sessions held",
        "Sessions cancelled",
        "Places offered",
        "Places booked",
    ]
    by_hub = {row[0]: row for row in rows[1:]}
    attended = rows[0].index("Children who came")
    assert by_hub["Aveley Family Hub"][attended] == "<5"
    assert by_hub["Tilbury Family Hub"][attended] == "[c]"
    assert by_hub["All hubs in this report"][attended] == "15"


def test_the_excel_download_opens_with_the_same_figures(client, two_hubs):
    sign_in_with_two_factor(client, make.commissioner())

    response = client.get(reverse("reports:xlsx", args=["attendance"]), NOVEMBER)

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    attended = rows[0].index("Children who came")
    assert [row[attended] for row in rows[1:]] == ["<5", "[c]", 15]


def test_export_report_lists_the_reports():
    out = io.StringIO()
    call_command("export_report", "--list", stdout=out)
    assert out.getvalue().splitlines() == [
        "reach\tFamilies reached",
        "reach-by-ward\tFamilies reached, by ward",
        "reach-by-small-area\tFamilies reached, by small area",
        "reach-by-deprivation\tFamilies reached, by deprivation decile",
        "attendance\tSessions and attendance",
        "attendance-by-service\tSessions and attendance, by service",
        "attendance-by-day-and-time\tSessions and attendance, by day and time",
        "attendance-by-age-band\tSessions and attendance, by child's age",
        "campaigns\tCampaigns and events",
        "requests\tRequests for support",
        "waits\tWaiting times for requests for support",
        "declines\tWhy requests were declined",
        "outcomes\tOutcomes of requests for support",
        "searches-by-area\tWhat parents searched for, by area",
        "searches-by-topic\tWhat parents searched for, by topic",
    ]


def test_export_report_writes_the_same_csv_as_the_download(client, two_hubs):
    out = io.StringIO()
    call_command(
        "export_report", "attendance", "--from", "2026-11-01", "--to", "2026-11-30", stdout=out
    )
    sign_in_with_two_factor(client, make.commissioner())
    download = client.get(reverse("reports:csv", args=["attendance"]), NOVEMBER)
    assert out.getvalue() == b"".join(download.streaming_content).decode()


def test_export_report_writes_excel_to_standard_output(two_hubs):
    out = io.TextIOWrapper(io.BytesIO())
    call_command(
        "export_report",
        "reach",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "xlsx",
        stdout=out,
    )
    out.flush()
    sheet = load_workbook(io.BytesIO(out.buffer.getvalue())).active
    assert next(sheet.iter_rows(values_only=True))[0] == "Family hub"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["nonsense", "--from", "2026-11-01", "--to", "2026-11-30"],
            "There is no report called 'nonsense'",
        ),
        (["reach"], "Give the period with --from"),
        (["reach", "--from", "2026-11-31", "--to", "2026-12-01"], "'2026-11-31' is not a date"),
        (["reach", "--from", "2026-12-01", "--to", "2026-11-01"], "end date must be on or after"),
    ],
)
def test_export_report_explains_bad_arguments(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_report", *arguments, stdout=io.StringIO())


def test_a_service_lead_sees_requests_reports_for_their_services_only(client):
    from referrals.tests.factories import IntakeFactory, TeamMemberFactory

    ours = IntakeFactory(service__name="Together with Baby")
    IntakeFactory(service__name="Parent support line")
    member = TeamMemberFactory(intake=ours)
    sign_in_with_two_factor(client, member.user)

    index = client.get(reverse("reports:index")).content.decode()
    page = client.get(reverse("reports:report", args=["waits"]), NOVEMBER).content.decode()

    assert "Waiting times for requests for support" in index
    assert "Families reached" not in index  # no hubs in their scope
    assert "Together with Baby" in page and "Parent support line" not in page
    assert client.get(reverse("reports:report", args=["reach"]), NOVEMBER).status_code == 404


def test_a_hub_manager_has_no_requests_reports(client, two_hubs):
    aveley, _ = two_hubs
    sign_in_with_two_factor(client, make.hub_manager(aveley))
    assert client.get(reverse("reports:report", args=["requests"]), NOVEMBER).status_code == 404
