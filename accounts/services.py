"""Accounts: sign-up with email confirmation, sign-in with lock-out, and ending sessions."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.module_loading import import_string

from accounts import destinations
from accounts.emails import absolute_url, send_email
from accounts.models import SignInFailures, UserSession
from accounts.tokens import email_verification_token


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


def remember_signed_in_session(sender, request, user, **kwargs) -> None:
    """On sign-in (a user_logged_in receiver): note the session so it can be ended later."""
    if request is not None and request.session.session_key:
        UserSession.objects.get_or_create(
            session_key=request.session.session_key, defaults={"user": user}
        )


def forget_signed_in_session(sender, request, user, **kwargs) -> None:
    """On sign-out (a user_logged_out receiver): the session is ending, so stop tracking it."""
    if request is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


def end_all_sessions(user) -> int:
    """Sign a user out on every device: delete each session they signed in with."""
    store_class: type[SessionBase] = import_string(settings.SESSION_ENGINE + ".SessionStore")
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        store_class(session_key=session.session_key).delete()
    UserSession.objects.filter(pk__in=[session.pk for session in sessions]).delete()
    return len(sessions)


@dataclass(frozen=True)
class SignInResult:
    user: object | None
    locked_out: bool = False


def sign_in_attempt(request, email: str, password: str) -> SignInResult:
    """Check an email and password, counting failures. The outcome for an unknown address is
    the same as for a wrong password (Django's backend also hashes for unknown users, so the
    time taken matches too)."""
    if is_locked_out(email):
        return SignInResult(user=None, locked_out=True)
    user = authenticate(request, username=normalise_email(email), password=password)
    if user is None:
        return SignInResult(user=None, locked_out=note_sign_in_failure(email))
    forget_sign_in_failures(email)
    return SignInResult(user=user)


def start_sign_up(email: str, password: str, next_path: str = "") -> None:
    """Create an inactive account and email a confirmation link, or, if the address already has
    an account, email that instead. The person on screen sees the same page either way.

    `next_path` (a safe path on this site) is where the confirmation link leads afterwards."""
    email = normalise_email(email)
    user_model = get_user_model()
    existing = user_model.objects.filter(username=email).first()
    if existing is None:
        user = user_model.objects.create_user(
            username=email, email=email, password=password, is_active=False
        )
        send_verification_email(user, next_path)
        return
    make_password(password)  # same work as creating an account, so timing does not tell
    if existing.is_active:
        send_email(
            email,
            "You already have an account",
            "accounts/email/already_registered.txt",
            {
                "sign_in_url": absolute_url(
                    reverse("accounts:sign_in")
                    + (f"?{urlencode({'next': next_path})}" if next_path else "")
                ),
                "reset_url": absolute_url(reverse("accounts:password_reset")),
            },
        )
    else:
        send_verification_email(existing, next_path)


def send_verification_email(user, next_path: str = "") -> None:
    path = reverse(
        "accounts:verify_email",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_verification_token.make_token(user),
        },
    )
    if next_path:
        path += "?" + urlencode({"next": destinations.sign(next_path)})
    send_email(
        user.email,
        "Confirm your email address",
        "accounts/email/verify.txt",
        {"verify_url": absolute_url(path)},
    )


def verify_email(uidb64: str, token: str):
    """Activate the account a confirmation link names; None if the link is wrong or used."""
    user_model = get_user_model()
    try:
        user = user_model.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, user_model.DoesNotExist):
        return None
    if user.is_active or not email_verification_token.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
