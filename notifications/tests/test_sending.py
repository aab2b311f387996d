"""Notifications go out through a real SMTP server, from the task queue, once each, with retries."""

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from accounts.tests.factories import UserFactory
from notifications.delivery import deliver
from notifications.models import Notification
from notifications.services import Contact, notify
from notifications.tests.smtp import REFUSED, run_task_worker, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)


def test_nothing_is_queued_until_the_change_commits():
    user = UserFactory()
    with transaction.atomic():
        notify(user, "test", "event:1", "Subject", "Body")
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.count() == 1


def test_change_rolled_back_sends_nothing():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(user, "test", "event:1", "Subject", "Body")
        raise RuntimeError("the booking failed")
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_refused_send_is_retried_and_the_message_is_not_lost():
    user = UserFactory()
    with smtp_server(refuse=2) as server:
        notify(user, "test", "event:1", "Your booking", "See you on Friday.")
        run_task_worker()
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 3
    assert notification.last_error == "SMTPDataError"
    assert len(server.messages) == 1
    assert server.messages[0].get_content().strip() == "See you on Friday."


@override_settings(NOTIFICATIONS_MAX_ATTEMPTS=2)
def test_a_message_the_mail_server_refuses_is_kept_as_failed_after_the_last_retry():
    user = UserFactory()
    with smtp_server(refuse=5, reply=REFUSED) as server:
        notify(user, "test", "event:1", "Your booking", "See you on Friday.")
        run_task_worker()
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 2
    assert notification.body == "See you on Friday."
    assert server.messages == []


def test_running_the_same_delivery_twice_sends_once():
    user = UserFactory()
    with smtp_server() as server:
        notification = notify(user, "test", "event:1", "Subject", "Body")
        assert deliver(notification.pk) == Notification.Status.SENT
        assert deliver(notification.pk) == "skipped"
    assert len(server.messages) == 1


def test_with_a_notify_key_email_and_text_go_through_govuk_notify(monkeypatch):
    sent = []

    def fake_post(client, url, data):
        sent.append((url, data))
        return {"id": "notify-id"}

    monkeypatch.setattr(
        "notifications_python_client.base.BaseAPIClient.post", fake_post, raising=True
    )
    user = UserFactory()
    key = "test_key-" + "0" * 36 + "-" + "1" * 36
    with override_settings(
        GOVUK_NOTIFY_API_KEY=key,
        GOVUK_NOTIFY_EMAIL_TEMPLATE_ID="email-template",
        GOVUK_NOTIFY_SMS_TEMPLATE_ID="sms-template",
    ):
        email = notify(user, "test", "event:1", "Booked", "See you.")
        text = notify(user, "test", "event:2", "Booked", "See you.", Contact("sms", "07700900123"))
        assert deliver(email.pk) == Notification.Status.SENT
        assert deliver(text.pk) == Notification.Status.SENT
    assert sent[0][0] == "/v2/notifications/email"
    assert sent[0][1]["template_id"] == "email-template"
    assert sent[0][1]["personalisation"] == {"subject": "Booked", "body": "See you."}
    assert sent[1][0] == "/v2/notifications/sms"
    assert sent[1][1]["phone_number"] == "07700900123"


def test_a_text_message_without_notify_fails_rather_than_vanishing():
    user = UserFactory()
    with override_settings(GOVUK_NOTIFY_API_KEY="", NOTIFICATIONS_MAX_ATTEMPTS=1):
        text = notify(user, "test", "event:2", "Booked", "See you.", Contact("sms", "07700900123"))
        assert deliver(text.pk) == Notification.Status.FAILED
