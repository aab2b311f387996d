"""A notification whose task never got queued (the process died at commit) is picked up again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.tests.factories import UserFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_old_pending_notifications_are_queued_again(django_capture_on_commit_callbacks):
    user = UserFactory()
    stuck = Notification.objects.create(
        recipient=user,
        kind="test",
        event_key="1",
        to_address="a@example.com",
        subject="s",
        body="b",
    )
    Notification.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=2))
    Notification.objects.create(
        recipient=user,
        kind="test",
        event_key="2",
        to_address="a@example.com",
        subject="s",
        body="b",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_notifications", verbosity=0)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [stuck.pk]
