"""The monthly email: each commissioner once a month, a link and no figures, through real SMTP."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from accounts.tests.factories import UserFactory
from notifications.tests.smtp import run_task_worker, smtp_server
from reports.monthly import tell_commissioners_reports_are_ready
from reports.tests import factories as make

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_commissioner_is_told_once_with_a_link_and_no_figures():
    commissioner = make.commissioner()
    UserFactory(email="parent@example.org")  # not a commissioner: not told
    with smtp_server() as server:
        out = io.StringIO()
        call_command("send_reports_ready", stdout=out)
        call_command("send_reports_ready", stdout=io.StringIO())  # cron ran twice
        run_task_worker()
    assert out.getvalue().strip() == "Queued 1 email."
    assert [message["To"] for message in server.messages] == [commissioner.email]
    message = server.messages[0]
    body = message.get_payload(decode=True).decode()
    assert message["Subject"].startswith("Reports for ")
    assert "/reports/" in body
    # The only numbers are the month's name and the link: no counts of any kind.
    period = message["Subject"].removeprefix("Reports for ").removesuffix(" are ready")
    link = next(line for line in body.splitlines() if "/reports/" in line)
    assert not any(c.isdigit() for c in body.replace(period, "").replace(link, ""))


def test_a_new_month_is_a_new_email():
    make.commissioner()
    assert tell_commissioners_reports_are_ready(date(2026, 12, 1)) == 1
    assert tell_commissioners_reports_are_ready(date(2026, 12, 20)) == 0
    assert tell_commissioners_reports_are_ready(date(2027, 1, 1)) == 1
