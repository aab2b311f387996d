"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.contrib.auth import get_user_model
from django.core import checks
from django.db import DatabaseError

from core import demo_data


@checks.register(checks.Tags.security, deploy=True)
def check_no_demo_sign_in(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The demo staff's password is published in the README: a production database holding one
    of those accounts with that password would let anyone in."""
    emails = [spec["email"] for spec in demo_data.DEMO_STAFF]
    try:
        users = list(get_user_model().objects.filter(username__in=emails))
    except DatabaseError:
        return []  # no database yet (or not migrated): nothing to find
    open_accounts = sorted(
        user.username for user in users if user.check_password(demo_data.DEMO_STAFF_PASSWORD)
    )
    if not open_accounts:
        return []
    return [
        checks.Error(
            "Demo staff accounts with the README's password exist: "
            + ", ".join(open_accounts)
            + ".",
            hint="Delete them (or give them new passwords) before serving real families.",
            id="core.E001",
        )
    ]
