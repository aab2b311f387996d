"""Two-factor sign-in with django-otp: an authenticator app (TOTP) and recovery codes.

Staff must use it (accounts.roles.is_staff_member); parents may turn it on. Recovery codes live
in django-otp's static devices, but django-otp stores a static token as plain text: we store a
keyed hash of each code instead, so a copy of the database alone gives no way in.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import end_all_sessions
from audit.services import record

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/i/l to misread
RECOVERY_CODE_LENGTH = 12
# The session remembers that this sign-in still needs a code (a parent who turned it on).
CODE_NEEDED_SESSION_KEY = "two_factor_needed"


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking a code: the device it matched, or how long to wait."""

    device: TOTPDevice | StaticDevice | None
    wait_until: datetime | None = None


def has_two_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_to_set_up(user) -> TOTPDevice:
    """The unconfirmed authenticator device being set up, made once so a reload shows the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def typed_key(device: TOTPDevice) -> str:
    """The secret key as people type it into an app: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (drawn here, no JavaScript,
    no other site)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app", dark="#0b0c0c", light="#ffffff"
    )


def without_separators(code: str) -> str:
    """A typed code without the spaces and dashes people put in it."""
    return "".join(character for character in code if character not in " -\t")


def _check(device, token: str) -> CodeCheck:
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, detail = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(device=None, wait_until=(detail or {}).get("locked_until"))
        return CodeCheck(device=device if device.verify_token(token) else None)


def check_app_code(device: TOTPDevice, code: str) -> CodeCheck:
    """Check a code from the app. Each wrong code doubles the wait before the next try
    (django-otp's throttling), and a code is accepted once only."""
    return _check(device, without_separators(code))


def recovery_code_digest(code: str) -> str:
    """What we store for a recovery code: a keyed hash, cut to the 16 characters django-otp's
    token column holds (80 bits, and useless without the secret key)."""
    normalised = without_separators(code).lower()
    digest = hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:16]


def check_recovery_code(user, code: str) -> CodeCheck:
    """Check a recovery code; a code that works is used up."""
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return CodeCheck(device=None)
    return _check(device, recovery_code_digest(code))


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Make a fresh set of recovery codes (any old ones stop working). Returned once, to show."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(code)) for code in codes
    )
    return [f"{code[:4]}-{code[4:8]}-{code[8:]}" for code in codes]


def verified(request: HttpRequest, device) -> None:
    """This sign-in has passed its second step."""
    otp_login(request, device)
    request.session.pop(CODE_NEEDED_SESSION_KEY, None)


@transaction.atomic
def confirm_app(request: HttpRequest, device: TOTPDevice, code: str) -> tuple[CodeCheck, list[str]]:
    """Finish setting up an authenticator app with a code from it: the device is confirmed,
    this sign-in counts as verified and the recovery codes are made (returned to be shown)."""
    check = check_app_code(device, code)
    if check.device is None:
        return check, []
    check.device.confirmed = True
    check.device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    verified(request, check.device)
    record(device.user, "set up two-factor sign-in", device.user)
    return check, new_recovery_codes(device.user)


@transaction.atomic
def turn_off(user) -> None:
    """Remove a person's authenticator app and recovery codes (parents only choose this)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(user, "turn off two-factor sign-in", user)


def reset(user, by) -> None:
    """An administrator clears someone's two-factor sign-in (a lost phone): their sessions end
    and their next sign-in sets up a new app."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(by, "reset two-factor sign-in", user)
    end_all_sessions(user)


def note_code_needed(sender, request, user, **kwargs) -> None:
    """On sign-in (a user_logged_in receiver): a parent who turned two-factor on must give a
    code before going on. (Staff always must; the middleware knows them by their role.)"""
    if request is not None and has_two_factor(user):
        request.session[CODE_NEEDED_SESSION_KEY] = True


def wait_minutes(until: datetime) -> int:
    """Whole minutes (at least one) until a throttled device may be tried again."""
    seconds = (until - timezone.now()).total_seconds()
    return max(1, int(-(-seconds // 60)))
