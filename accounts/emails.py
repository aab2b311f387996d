"""The one place accounts and families send email from.

Nothing is sent during the request: each email becomes a notification, written with the change
that caused it and delivered by the task worker (retried on failure, never sent twice).
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.models import Notification
from notifications.services import Contact, notify


def absolute_url(path: str) -> str:
    base = getattr(settings, "FAMILYHUBS_BASE_URL", "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def send_email(
    to: str,
    subject: str,
    template_name: str,
    context: dict,
    *,
    forget_address: bool = False,
    event: str = "",
) -> None:
    """Render a plain-text email template and queue it for one address (kept after sending
    unless `forget_address`). `event` names the one occurrence it is about when the same words
    may rightly be sent again (otherwise the words themselves name it: see `event_key`)."""
    body = render_to_string(
        template_name,
        {
            **context,
            "service_name": getattr(settings, "FAMILYHUBS_SERVICE_NAME", "Family Hubs"),
            "council_name": getattr(settings, "FAMILYHUBS_COUNCIL_NAME", ""),
        },
    )
    notify(
        login_for(to),
        kind=template_name.removesuffix(".txt").replace("/email/", ".")[:40],
        event_key=event or event_key(subject, body),
        subject=subject,
        body=body,
        contact=Contact(Notification.Channel.EMAIL, to),
        forget_once_sent=forget_address,
    )


def event_key(subject: str, body: str) -> str:
    """The same words to the same address within the hour are one event, sent once.

    Confirmation, password reset and claim emails carry a signed link stamped with the second it
    was made, so asking again (a new confirmation, a claim link sent again) is a new email, while a
    repeated submission of the same request sends nothing more. The "you already have an account"
    notice has no link: it goes at most once an hour, so the sign-up form cannot flood an inbox.
    """
    digest = hashlib.sha256(f"{subject}\n{body}".encode()).hexdigest()
    return f"{timezone.now():%Y-%m-%dT%H}:{digest}"


def login_for(address: str):
    """The account this address belongs to, so its messages go when the account is deleted; None
    for someone without one yet (a parent staff registered: erasing the family removes those)."""
    logins = list(get_user_model().objects.filter(email__iexact=address.strip())[:2])
    return logins[0] if len(logins) == 1 else None
