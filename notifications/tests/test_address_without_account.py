"""Someone with no account yet (a parent staff registered) can be sent a message, once per event."""

import pytest

from accounts.tests.factories import UserFactory
from notifications.models import Notification
from notifications.services import Contact, notify
from notifications.tests.smtp import run_task_worker, smtp_server

pytestmark = pytest.mark.django_db

GRACE = Contact(Notification.Channel.EMAIL, "grace@example.org")


def test_the_same_event_to_an_address_is_recorded_once():
    first = notify(None, "families.claim", "link:1", "Claim", "Open the link.", GRACE)
    again = notify(None, "families.claim", "link:1", "Claim", "Open the link.", GRACE)
    assert first is not None and again is None
    assert Notification.objects.get().recipient is None


def test_a_new_event_or_another_address_is_a_new_message():
    notify(None, "families.claim", "link:1", "Claim", "Open the link.", GRACE)
    notify(None, "families.claim", "link:2", "Claim", "Open the new link.", GRACE)
    other = Contact(Notification.Channel.EMAIL, "kofi@example.org")
    notify(None, "families.claim", "link:1", "Claim", "Open the link.", other)
    assert Notification.objects.count() == 3


def test_an_address_alone_does_not_block_the_same_event_for_an_account():
    user = UserFactory(email="grace@example.org")
    notify(None, "test", "event:1", "Subject", "Body", GRACE)
    assert notify(user, "test", "event:1", "Subject", "Body", GRACE) is not None


def test_without_an_account_or_an_address_nothing_is_recorded():
    assert notify(None, "test", "event:1", "Subject", "Body") is None
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_message_to_an_address_is_delivered_by_the_worker_once():
    with smtp_server() as server:
        notify(None, "families.claim", "link:1", "Claim", "Open the link.", GRACE)
        notify(None, "families.claim", "link:1", "Claim", "Open the link.", GRACE)
        run_task_worker()
        run_task_worker()
    assert [message["To"] for message in server.messages] == ["grace@example.org"]
    assert Notification.objects.get().status == Notification.Status.SENT
