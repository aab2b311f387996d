"""Email or Notify down, or a worker killed mid-send: messages wait, go once the provider is back,
and are never lost or sent twice through Notify."""

import json
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
import requests
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.tests.factories import UserFactory
from notifications.delivery import deliver, lease
from notifications.models import Notification
from notifications.services import notify
from notifications.tests.smtp import run_task_worker, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)

NOTIFY_KEY = "test_key-" + "0" * 36 + "-" + "1" * 36


def requeue() -> str:
    """What the hourly cron job does, with no wait (as if an hour had passed)."""
    call_command("requeue_notifications", older_than=0, stdout=(output := StringIO()))
    return output.getvalue().strip()


def worker_killed_mid_send(notification: Notification, minutes_ago: float) -> None:
    """What a worker leaves behind when it dies between claiming a message and recording it."""
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENDING,
        attempts=1,
        claimed_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_while_the_mail_server_is_down_messages_wait_and_go_once_when_it_is_back():
    user = UserFactory(email="amy@example.org")
    # Retries a minute apart, as in production: the worker does not spin while the server is down.
    with (
        smtp_server(running=False) as server,
        override_settings(NOTIFICATIONS_RETRY_BASE_SECONDS=60),
    ):
        notify(user, "test", "event:1", "Your booking", "See you on Friday.")
        run_task_worker()
        notification = Notification.objects.get()
        assert notification.status == Notification.Status.PENDING
        assert notification.attempts == 1
        assert notification.last_error == "ConnectionRefusedError"
        # The next try is booked a minute later, not at once.
        assert DBTaskResult.objects.ready().count() == 0

        assert requeue() == "Queued 1 notification(s) again."
        run_task_worker()
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == ("pending", 2)

        server.start()
        requeue()
        run_task_worker()
        # The retries still booked from the outage come due: they find it sent.
        DBTaskResult.objects.update(run_after=timezone.now())
        run_task_worker()

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 3
    assert len(server.messages) == 1
    assert server.messages[0]["To"] == "amy@example.org"
    assert server.messages[0].get_content().strip() == "See you on Friday."


@override_settings(NOTIFICATIONS_GIVE_UP_HOURS=24)
def test_after_a_day_of_outage_the_message_is_kept_as_failed_not_retried_for_ever():
    user = UserFactory()
    with smtp_server(running=False) as server:
        notification = notify(user, "test", "event:1", "Your booking", "See you on Friday.")
        Notification.objects.filter(pk=notification.pk).update(
            created_at=timezone.now() - timedelta(hours=25)
        )
        run_task_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.last_error == "ConnectionRefusedError"
    assert notification.body == "See you on Friday."
    assert server.messages == []


def test_a_message_left_sending_by_a_dead_worker_goes_once_its_lease_has_run_out():
    user = UserFactory()
    with smtp_server() as server:
        notification = notify(user, "test", "event:1", "Your booking", "See you on Friday.")
        DBTaskResult.objects.all().delete()
        worker_killed_mid_send(notification, minutes_ago=1)

        # Within the lease the worker may still be sending: nobody else touches it.
        assert requeue() == "Queued 0 notification(s) again."
        assert deliver(notification.pk) == "skipped"

        worker_killed_mid_send(notification, minutes_ago=lease().total_seconds() / 60 + 1)
        assert requeue() == "Queued 1 notification(s) again."
        run_task_worker()

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert len(server.messages) == 1


def test_messages_stuck_sending_before_leases_existed_are_recovered():
    user = UserFactory()
    with smtp_server() as server:
        notification = notify(user, "test", "event:1", "Your booking", "See you on Friday.")
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.SENDING, attempts=1, claimed_at=None
        )
        requeue()
        run_task_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(server.messages) == 1


def test_every_email_attempt_carries_the_same_message_id():
    user = UserFactory()
    with smtp_server(refuse=1) as server:
        notification = notify(user, "test", "event:1", "Your booking", "See you on Friday.")
        run_task_worker()
    message_id = server.messages[0]["Message-ID"]
    assert message_id == f"<{notification.reference}@127.0.0.1>"
    assert notification.reference.startswith(f"familyhubs-{notification.pk}-")


class FakeNotify:
    """GOV.UK Notify's API as far as we use it, behind the real client: it keeps what it accepts,
    finds it by reference, and can be told to lose its answer (the message arrives, the reply
    does not)."""

    def __init__(self) -> None:
        self.accepted: list[dict] = []
        self.lose_next_answers = 0

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        path = urlsplit(url).path
        if method == "GET" and path == "/v2/notifications":
            reference = kwargs["params"]["reference"]
            found = [n for n in self.accepted if n["reference"] == reference]
            return self.answer(200, {"notifications": found, "links": {}})
        assert (method, path) == ("POST", "/v2/notifications/email")
        self.accepted.append(
            {"id": f"notify-{len(self.accepted) + 1}", **json.loads(kwargs["data"])}
        )
        if self.lose_next_answers:
            self.lose_next_answers -= 1
            raise requests.ConnectionError("Connection reset by peer")
        return self.answer(201, {"id": self.accepted[-1]["id"]})

    @staticmethod
    def answer(status: int, body: dict) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response.headers["Content-Type"] = "application/json"
        response._content = json.dumps(body).encode()
        return response


@pytest.fixture
def fake_notify(monkeypatch) -> FakeNotify:
    notify_api = FakeNotify()
    monkeypatch.setattr("requests.Session.request", notify_api.request)
    with override_settings(
        GOVUK_NOTIFY_API_KEY=NOTIFY_KEY,
        GOVUK_NOTIFY_EMAIL_TEMPLATE_ID="email-template",
        NOTIFICATIONS_RETRY_BASE_SECONDS=0,
    ):
        yield notify_api


def test_notify_took_the_message_but_the_answer_was_lost_so_it_is_not_sent_again(fake_notify):
    user = UserFactory()
    fake_notify.lose_next_answers = 1
    notification = notify(user, "test", "event:1", "Your booking", "See you on Friday.")
    run_task_worker()

    notification.refresh_from_db()
    assert len(fake_notify.accepted) == 1
    assert fake_notify.accepted[0]["reference"] == notification.reference
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert notification.provider_id == "notify-1"
    assert notification.last_error == "HTTP503Error"


def test_a_dead_worker_whose_message_reached_notify_is_not_sent_again(fake_notify):
    user = UserFactory()
    notification = notify(user, "test", "event:1", "Your booking", "See you on Friday.")
    DBTaskResult.objects.all().delete()
    # The worker handed it to Notify, then died before recording it.
    fake_notify.accepted.append({"id": "notify-7", "reference": notification.reference})
    worker_killed_mid_send(notification, minutes_ago=lease().total_seconds() / 60 + 1)
    requeue()
    run_task_worker()

    notification.refresh_from_db()
    assert len(fake_notify.accepted) == 1
    assert notification.status == Notification.Status.SENT
    assert notification.provider_id == "notify-7"


def test_a_dead_worker_whose_message_never_reached_notify_is_sent_once(fake_notify):
    user = UserFactory()
    notification = notify(user, "test", "event:1", "Your booking", "See you on Friday.")
    DBTaskResult.objects.all().delete()
    worker_killed_mid_send(notification, minutes_ago=lease().total_seconds() / 60 + 1)
    requeue()
    run_task_worker()

    notification.refresh_from_db()
    assert [n["reference"] for n in fake_notify.accepted] == [notification.reference]
    assert notification.status == Notification.Status.SENT
    assert notification.provider_id == "notify-1"


def test_a_worker_that_overran_its_lease_does_not_undo_the_one_that_took_over(monkeypatch):
    user = UserFactory()
    notification = notify(user, "test", "event:1", "Your booking", "See you on Friday.")
    DBTaskResult.objects.all().delete()
    attempts = []

    def slow_then_failing_send(message: Notification) -> str:
        attempts.append(message.attempts)
        if len(attempts) == 1:
            # The first worker hangs past its lease; another takes the message over and sends it.
            worker_killed_mid_send(message, minutes_ago=lease().total_seconds() / 60 + 1)
            assert deliver(message.pk) == Notification.Status.SENT
            raise ConnectionResetError("the first worker's connection finally breaks")
        return "notify-2"

    monkeypatch.setattr("notifications.delivery.send", slow_then_failing_send)
    assert deliver(notification.pk) == "overtaken"

    notification.refresh_from_db()
    assert attempts == [1, 2]
    assert notification.status == Notification.Status.SENT
    assert notification.provider_id == "notify-2"
    assert notification.last_error == ""
    assert not DBTaskResult.objects.exists()
