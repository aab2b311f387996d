"""Creating notifications: other apps call `notify` inside their transaction; sending happens later.

The row is written with the change that caused it (so it is never lost), and the task is queued on
commit (so the request never waits for email). The unique (kind, event_key, recipient), or
(kind, event_key, address) for someone with no account, means a second call for the same event
does nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router
from django.template.loader import render_to_string

from core.plain_sql import insert
from families.models import Adult
from notifications.delivery import enqueue_delivery, notify_is_configured
from notifications.models import Notification


@dataclass(frozen=True)
class Contact:
    channel: str
    address: str


def contact_for(user) -> Contact | None:
    """How to reach a parent: a text message if they chose it and Notify is set up, else email."""
    adult = _adult_contact(user)
    if adult is not None:
        email, phone, preferred_contact = adult
        if preferred_contact == Adult.ContactMethod.SMS and phone and notify_is_configured():
            return Contact(Notification.Channel.SMS, phone)
        if email:
            return Contact(Notification.Channel.EMAIL, email)
    if user.email:
        return Contact(Notification.Channel.EMAIL, user.email)
    return None


def _adult_contact(user) -> tuple[str, str, str] | None:
    """The email, phone and preferred contact of the parent signing in as `user` (at most one:
    a login belongs to one family). Plain SQL: every booking asks this, and the ORM's query
    cost more CPU to build than to run."""
    connection = connections[router.db_for_read(Adult)]
    quote = connection.ops.quote_name
    user_id = Adult._meta.get_field("user").get_db_prep_value(user.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT email, phone, preferred_contact FROM {quote(Adult._meta.db_table)} "  # noqa: S608
            "WHERE user_id = %s",
            [user_id],
        )
        return cursor.fetchone()


def notify(
    recipient,
    kind: str,
    event_key: str,
    subject: str,
    body: str,
    contact: Contact | None = None,
    forget_once_sent: bool = False,
) -> Notification | None:
    """Record a message for one person about one event and queue it; None if already recorded
    (or if we have no way to reach them). With no `recipient` (someone without an account yet),
    `contact` says where it goes. `forget_once_sent` deletes it, address and all, once sent."""
    if contact is None and recipient is not None:
        contact = contact_for(recipient)
    if contact is None:
        return None
    notification = Notification(
        recipient=recipient,
        kind=kind,
        event_key=event_key,
        channel=contact.channel,
        to_address=contact.address,
        subject=subject,
        body=body,
        forget_once_sent=forget_once_sent,
    )
    # One statement, INSERT ... ON CONFLICT DO NOTHING, instead of a savepoint around a plain
    # insert: this runs inside every booking's transaction.
    if not insert(notification, unless_conflicting=True):
        # Another request recorded the same event a moment ago: it will be sent once, by them.
        return None
    enqueue_delivery(notification.pk)
    return notification


def render_message(template: str, context: dict) -> tuple[str, str]:
    """Subject and body from `<template>_subject.txt` and `<template>.txt`, plain text."""
    context = {
        "service_name": settings.FAMILYHUBS_SERVICE_NAME,
        "council_name": settings.FAMILYHUBS_COUNCIL_NAME,
        "base_url": settings.FAMILYHUBS_BASE_URL.rstrip("/"),
        **context,
    }
    subject = render_to_string(f"{template}_subject.txt", context)
    return " ".join(subject.split()), render_to_string(f"{template}.txt", context)
