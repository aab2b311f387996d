"""Messages to people who asked us not to keep their address are deleted once sent or given up on."""

import pytest
from django.test import override_settings

from notifications.models import Notification
from notifications.services import Contact, notify
from notifications.tests.smtp import REFUSED, run_task_worker, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)
TO = Contact(Notification.Channel.EMAIL, "once@example.com")


def test_sent_after_a_retry_then_nothing_about_it_is_kept():
    with smtp_server(refuse=1) as server:
        notify(None, "test", "event:1", "Your list", "Stay and play", TO, forget_once_sent=True)
        run_task_worker()
    assert [m["To"] for m in server.messages] == ["once@example.com"]
    assert not Notification.objects.exists()


@override_settings(NOTIFICATIONS_MAX_ATTEMPTS=1)
def test_given_up_on_then_nothing_about_it_is_kept():
    with smtp_server(refuse=5, reply=REFUSED) as server:
        notify(None, "test", "event:1", "Your list", "Stay and play", TO, forget_once_sent=True)
        run_task_worker()
    assert server.messages == []
    assert not Notification.objects.exists()


def test_other_messages_are_kept_as_the_record_that_they_went():
    with smtp_server():
        notify(None, "test", "event:1", "Your booking", "Friday", TO)
        run_task_worker()
    assert Notification.objects.get().status == Notification.Status.SENT
