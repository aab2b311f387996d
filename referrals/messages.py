"""Who is told what about a request for support, each message once (the notification's
(kind, event key, recipient) is unique). Emails name the service and the reference, never the
family's details or the reason: the person signs in to read them.

Called inside the change's transaction, like bookings.messages: the notification commits with it.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse

from notifications.models import Notification
from notifications.services import Contact, notify, render_message
from referrals.models import RequestForSupport
from referrals.selectors import team_for


def _event_key(request: RequestForSupport) -> str:
    return f"request:{request.pk}"


def _send(
    request: RequestForSupport, kind: str, recipient, contact: Contact | None = None, **context
) -> None:
    subject, body = render_message(
        f"referrals/notifications/{kind}",
        {
            "request": request,
            "service": request.service,
            "sign_in_path": reverse("accounts:sign_in"),
            **context,
        },
    )
    notify(recipient, kind, _event_key(request), subject, body, contact=contact)


def new_request(request: RequestForSupport) -> None:
    """Each member of the receiving team (or the routing team) hears of a new request once."""
    for member in team_for(request.service):
        _send(request, "request_new", member, inbox_path=reverse("referral_inbox:list"))


def due_soon(request: RequestForSupport) -> None:
    """The team is reminded once, on the last working day before a reply is due."""
    for member in team_for(request.service):
        _send(
            request,
            "request_due_soon",
            member,
            inbox_path=reverse("referral_inbox:detail", args=[request.reference]),
        )


def told_of(request: RequestForSupport, kind: str) -> None:
    """The referrer and the family hear that the request was accepted, declined or closed."""
    if request.referrer_id:
        _send(request, kind, request.referrer, to_referrer=True)
    for recipient, contact in family_recipients(request):
        _send(request, kind, recipient, contact, to_referrer=False)


def family_recipients(request: RequestForSupport) -> list[tuple[object, Contact | None]]:
    """The family's parents with an account; failing that, the email address they gave."""
    if request.family_id:
        users = list(
            get_user_model().objects.filter(
                family_adults__family_id=request.family_id, is_active=True
            )
        )
        if users:
            return [(user, None) for user in users]
    if request.email:
        return [(None, Contact(Notification.Channel.EMAIL, request.email))]
    return []
