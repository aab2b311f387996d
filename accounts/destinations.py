"""Where a parent goes next once sign-up, email confirmation or registration is done.

A destination is carried through every step as `next`, and is only ever a path on this site:
anything else (another host, a scheme, "//host", a backslash trick) is dropped, never followed.
"""

from django.conf import settings
from django.core import signing
from django.utils.http import url_has_allowed_host_and_scheme

SALT = "accounts.destinations"


def safe_path(value: str | None) -> str:
    """`value` if it is a path on this site (one leading "/"), else ""."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return ""
    if "\\" in value or any(ord(character) < 32 for character in value):
        return ""
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return ""
    return value


def requested(request) -> str:
    """The safe destination a form was posted with, or a page was opened with; else ""."""
    return safe_path(request.POST.get("next") or request.GET.get("next"))


def sign(path: str) -> str:
    """A destination put in an emailed link: signed, so the link cannot be edited to elsewhere."""
    return signing.dumps(path, salt=SALT, compress=True)


def unsign(value: str | None) -> str:
    """The destination a signed value names, if the signature holds (for as long as the emailed
    link itself does) and it is still a safe path."""
    if not value:
        return ""
    try:
        path = signing.loads(value, salt=SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:
        return ""
    return safe_path(path) if isinstance(path, str) else ""
