"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), that can be told to refuse mail."""

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import override_settings


class RecordingHandler:
    """Keeps every message it accepts; refuses the first `refuse` with a temporary error."""

    def __init__(self, refuse: int = 0) -> None:
        self.refuse = refuse
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(refuse: int = 0):
    """Start the server and point Django's SMTP email backend at it; retries wait no time."""
    handler = RecordingHandler(refuse)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            MAILERS={
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {"host": "127.0.0.1", "port": port},
                }
            },
            NOTIFICATIONS_RETRY_BASE_SECONDS=0,
            GOVUK_NOTIFY_API_KEY="",
        ):
            yield handler
    finally:
        controller.stop()


def run_task_worker() -> None:
    """Run the real database task worker until the queue is empty."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def sent_emails() -> list:
    """Run the worker, then what Django's test email backend received (needs a transactional
    test: the worker opens and closes its own connection)."""
    run_task_worker()
    return mail.outbox
