"""The one place accounts and families send email from, so switching to the task queue or
GOV.UK Notify is a change here only."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    base = getattr(settings, "FAMILYHUBS_BASE_URL", "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def send_email(to: str, subject: str, template_name: str, context: dict) -> None:
    """Render a plain-text email template and send it to one address."""
    body = render_to_string(
        template_name,
        {
            **context,
            "service_name": getattr(settings, "FAMILYHUBS_SERVICE_NAME", "Family Hubs"),
            "council_name": getattr(settings, "FAMILYHUBS_COUNCIL_NAME", ""),
        },
    )
    send_mail(subject, body, None, [to])
