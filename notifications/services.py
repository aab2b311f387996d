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

from families.models import Adult
from notifications.delivery import enqueue_delivery, notify_is_configured
from notifications.models import Notification


@dataclass(frozen=True)
class Contact:
    channel: str
    address: str


def contact_for(user) -> Contact | None:
    """How to reach a parent: a text message if they chose it and Notify is set up, else email."""
    adult = Adult.objects.filter(user=user).only("email", "phone", "preferred_contact").first()
    if adult is not None:
        wants_text = adult.preferred_contact == Adult.ContactMethod.SMS
        if wants_text and adult.phone and notify_is_configured():
            return Contact(Notification.Channel.SMS, adult.phone)
        if adult.email:
            return Contact(Notification.Channel.EMAIL, adult.email)
    if user.email:
        return Contact(Notification.Channel.EMAIL, user.email)
    return None


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
    if not _insert_unless_recorded(notification):
        # Another request recorded the same event a moment ago: it will be sent once, by them.
        return None
    enqueue_delivery(notification.pk)
    return notification


def _insert_unless_recorded(notification: Notification) -> bool:
    """Write the row, or nothing if its event is already recorded (the unique constraints), and
    say which. One statement, INSERT ... ON CONFLICT DO NOTHING RETURNING id, instead of a
    savepoint around a plain insert: this runs inside every booking's transaction."""
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    connection = connections[router.db_for_write(Notification)]
    quote = connection.ops.quote_name
    values = [
        field.get_db_prep_save(field.pre_save(notification, True), connection) for field in fields
    ]
    # Names from the model's own metadata, quoted; every value is a parameter.
    insert = (
        f"INSERT INTO {quote(Notification._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT DO NOTHING RETURNING {quote(Notification._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(insert, values)
        row = cursor.fetchone()
    if row is None:
        return False
    notification.pk = row[0]
    notification._state.adding = False
    notification._state.db = connection.alias
    return True


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
