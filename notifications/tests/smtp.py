"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), that can be told to refuse mail."""

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

TRY_LATER = "451 4.3.0 Try again later"
REFUSED = "550 5.1.1 No such mailbox"


class RecordingHandler:
    """Keeps every message it accepts; refuses the first `refuse` with `reply` (by default a
    temporary error)."""

    def __init__(self, refuse: int = 0, reply: str = TRY_LATER) -> None:
        self.refuse = refuse
        self.reply = reply
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse > 0:
            self.refuse -= 1
            return self.reply
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalSMTPServer(RecordingHandler):
    """The handler with a server on a fixed port that tests can stop and start (a mail server
    going down and coming back)."""

    def __init__(self, refuse: int, reply: str) -> None:
        super().__init__(refuse, reply)
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@contextmanager
def smtp_server(refuse: int = 0, reply: str = TRY_LATER, running: bool = True):
    """Start the server (unless `running` is False) and point Django's SMTP email backend at it;
    retries wait no time."""
    server = LocalSMTPServer(refuse, reply)
    if running:
        server.start()
    try:
        with override_settings(
            MAILERS={
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10},
                }
            },
            NOTIFICATIONS_RETRY_BASE_SECONDS=0,
            GOVUK_NOTIFY_API_KEY="",
        ):
            yield server
    finally:
        server.stop()


def run_task_worker() -> None:
    """Run the real database task worker until the queue is empty."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def sent_emails() -> list:
    """Run the worker, then what Django's test email backend received (needs a transactional
    test: the worker opens and closes its own connection)."""
    run_task_worker()
    return mail.outbox
