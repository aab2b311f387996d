"""Accounts: sign-in lock-out and ending sessions."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import SignInFailures, UserSession


def lockout_failures() -> int:
    return getattr(settings, "ACCOUNT_LOCKOUT_FAILURES", 5)


def lockout_period() -> timedelta:
    return timedelta(minutes=getattr(settings, "ACCOUNT_LOCKOUT_MINUTES", 15))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_digest(email: str) -> str:
    """A keyed hash of the address: lets us count failures without storing who they were for."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def is_locked_out(email: str) -> bool:
    return SignInFailures.objects.filter(
        email_digest=email_digest(email), locked_until__gt=timezone.now()
    ).exists()


@transaction.atomic
def note_sign_in_failure(email: str) -> bool:
    """Count a failed sign-in; lock the address once it reaches the limit. True if now locked."""
    now = timezone.now()
    failures, _ = SignInFailures.objects.select_for_update().get_or_create(
        email_digest=email_digest(email), defaults={"last_failure_at": now}
    )
    # The row lock makes the count exact under concurrent attempts; a failure long after
    # the last one starts the count again.
    stale = failures.last_failure_at < now - lockout_period()
    failures.failures = 1 if stale else failures.failures + 1
    failures.last_failure_at = now
    locked = failures.failures >= lockout_failures()
    if locked:
        failures.locked_until = now + lockout_period()
        failures.failures = 0
    failures.save()
    return locked


def forget_sign_in_failures(email: str) -> None:
    SignInFailures.objects.filter(email_digest=email_digest(email)).delete()


def remember_session(user, session_key: str) -> None:
    UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


def end_all_sessions(user) -> int:
    """Sign a user out on every device: delete each session they signed in with."""
    store_class: type[SessionBase] = import_string(settings.SESSION_ENGINE + ".SessionStore")
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        store_class(session_key=session.session_key).delete()
    UserSession.objects.filter(pk__in=[session.pk for session in sessions]).delete()
    return len(sessions)
