"""Sign-in rules on every request: staff (and parents who chose it) give a code from their
authenticator app before anything else, and staff sessions end when idle or too old."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import is_staff_member
from accounts.two_factor import CODE_NEEDED_SESSION_KEY, has_two_factor

SIGNED_IN_AT_SESSION_KEY = "signed_in_at"
LAST_SEEN_AT_SESSION_KEY = "last_seen_at"


def two_factor_exempt(view):
    """Mark a view someone half signed in may use: the code pages themselves, and sign-out."""
    view.two_factor_exempt = True
    return view


def staff_idle_limit() -> timedelta:
    return timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES)


def staff_session_limit() -> timedelta:
    return timedelta(hours=settings.STAFF_SESSION_MAX_HOURS)


def note_sign_in_time(sender, request, user, **kwargs) -> None:
    """On sign-in (a user_logged_in receiver): start the clocks a staff session ends by."""
    if request is not None:
        now = timezone.now().timestamp()
        request.session[SIGNED_IN_AT_SESSION_KEY] = now
        request.session[LAST_SEEN_AT_SESSION_KEY] = now
        if is_staff_member(user):
            request.session.set_expiry(int(staff_idle_limit().total_seconds()))


def staff_session_end_reason(session: SessionBase) -> str | None:
    """Why a staff session is over (idle too long, or signed in too long ago), or None."""
    now = timezone.now().timestamp()
    signed_in_at = session.get(SIGNED_IN_AT_SESSION_KEY, now)
    last_seen_at = session.get(LAST_SEEN_AT_SESSION_KEY, signed_in_at)
    if now - signed_in_at > staff_session_limit().total_seconds():
        hours = settings.STAFF_SESSION_MAX_HOURS
        return f"You have been signed out because you signed in more than {hours} hours ago. Sign in again to carry on."
    if now - last_seen_at > staff_idle_limit().total_seconds():
        minutes = settings.STAFF_SESSION_IDLE_MINUTES
        return f"You have been signed out because you had not used the service for {minutes} minutes. Sign in again to carry on."
    return None


def keep_staff_session_alive(session: SessionBase) -> None:
    """Note this request: the idle clock starts again, and the session row and cookie expire
    once the idle limit passes unused (so an abandoned session ends on the server too)."""
    now = timezone.now().timestamp()
    session.setdefault(SIGNED_IN_AT_SESSION_KEY, now)
    session[LAST_SEEN_AT_SESSION_KEY] = now
    session.set_expiry(int(staff_idle_limit().total_seconds()))


class SignInRulesMiddleware:
    """After django-otp's OTPMiddleware, which tells us whether this sign-in gave a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        staff = is_staff_member(user)
        if staff:
            reason = staff_session_end_reason(request.session)
            if reason is not None:
                logout(request)
                messages.info(request, reason)
                return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
            keep_staff_session_alive(request.session)
        needs_code = staff or request.session.get(CODE_NEEDED_SESSION_KEY, False)
        if (
            needs_code
            and not user.is_verified()
            and not getattr(view_func, "two_factor_exempt", False)
        ):
            step = "accounts:two_factor" if has_two_factor(user) else "accounts:two_factor_set_up"
            return redirect_to_login(request.get_full_path(), reverse(step))
        return None
