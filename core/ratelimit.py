"""Rate limits on the forms people (or scripts) could repeat: sign-in, sign-up, password reset,
emails sent on request, self-referral and search.

Each limit counts attempts per address (the caller's IP) and per account (the email address a
form names, or the signed-in user) in a fixed window. Over either count, the view does not run:
the person sees a plain "wait, then try again" page (429) and nothing is saved or sent.

Counts live in Redis when REDIS_URL is set (shared by every worker, counted atomically by INCR),
in the database otherwise (one atomic statement a count; `manage.py purge_rate_limits` clears
ended windows). Keys are keyed hashes: no address or email is stored. A view takes a limit with
one line: `@rate_limited("sign_up", account_field="email")`.
"""

import hashlib
import hmac
import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.models import RateLimitCount

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    name: str
    per_address: int
    per_account: int
    minutes: int

    @property
    def window(self) -> timedelta:
        return timedelta(minutes=self.minutes)


def limit_named(name: str) -> Limit:
    """A limit from settings.RATE_LIMITS (a KeyError for a name that is not there)."""
    numbers = settings.RATE_LIMITS[name]
    return Limit(name, numbers["per_address"], numbers["per_account"], numbers["minutes"])


def keyed_hash(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()[:40]


def client_address(request: HttpRequest) -> str:
    """The caller's IP: REMOTE_ADDR, or the address the trusted proxies in front of us saw
    (TRUSTED_PROXY_COUNT of them append to X-Forwarded-For). An IPv6 caller counts as their
    /64 network, as one household or phone usually holds a whole /64."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    if proxies and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def account_of(request: HttpRequest, account_field: str | None) -> str:
    """The account an attempt is for: the email a form names, else the signed-in user, else ""."""
    if account_field:
        named = request.POST.get(account_field, "").strip().lower()
        if named:
            return f"email:{named}"
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return ""


def count_attempt(key: str, window: timedelta) -> int:
    """Add one attempt to `key` and return how many it now has in its current window."""
    if settings.RATE_LIMIT_STORE == "redis":
        return _count_in_redis(key, window)
    return _count_in_database(key, window)


def _count_in_redis(key: str, window: timedelta) -> int:
    cache = caches["default"]
    cache.add(key, 0, timeout=int(window.total_seconds()))
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.set(key, 1, timeout=int(window.total_seconds()))
        return 1


# One statement, atomic on PostgreSQL and SQLite alike (Django 6's oldest supported versions,
# 15 and 3.37, both have ON CONFLICT and RETURNING): start a count, add to it, or start it again
# if its window has ended; and say where it stands.
COUNT_IN_DATABASE = """
INSERT INTO {table} ({key}, {count}, {resets_at}) VALUES (%s, 1, %s)
ON CONFLICT ({key}) DO UPDATE SET
    {count} = CASE WHEN {table}.{resets_at} <= %s THEN 1 ELSE {table}.{count} + 1 END,
    {resets_at} = CASE WHEN {table}.{resets_at} <= %s
        THEN excluded.{resets_at} ELSE {table}.{resets_at} END
RETURNING {count}
"""


def _count_in_database(key: str, window: timedelta) -> int:
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    sql = COUNT_IN_DATABASE.format(
        table=connection.ops.quote_name(RateLimitCount._meta.db_table),
        key=connection.ops.quote_name("key"),
        count=connection.ops.quote_name("count"),
        resets_at=connection.ops.quote_name("resets_at"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, adapt(now + window), adapt(now), adapt(now)])
        return cursor.fetchone()[0]


def forget_ended_windows() -> int:
    """Delete the counts whose window has ended (run by `manage.py purge_rate_limits`)."""
    deleted, _ = RateLimitCount.objects.filter(resets_at__lte=timezone.now()).delete()
    return deleted


def is_over_limit(limit: Limit, request: HttpRequest, account_field: str | None = None) -> bool:
    """Count this attempt against the caller's address and account; True if either is over."""
    over = (
        count_attempt(
            f"ratelimit:{limit.name}:address:{keyed_hash(client_address(request))}", limit.window
        )
        > limit.per_address
    )
    if account := account_of(request, account_field):
        over |= (
            count_attempt(f"ratelimit:{limit.name}:account:{keyed_hash(account)}", limit.window)
            > limit.per_account
        )
    return over


def too_many_attempts(request: HttpRequest, limit: Limit) -> HttpResponse:
    log.warning("rate limit reached", extra={"limit": limit.name})
    response = render(request, "429.html", {"minutes": limit.minutes}, status=429)
    response["Retry-After"] = str(int(limit.window.total_seconds()))
    return response


def rate_limited(
    name: str, methods: tuple[str, ...] = ("POST",), account_field: str | None = None
) -> Callable:
    """Limit a view's `methods` requests by settings.RATE_LIMITS[name]. `account_field` names the
    form field holding the email address the attempt is for (sign-in, sign-up, reset)."""
    limit_named(name)  # a name missing from settings fails at start-up

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def limited_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in methods:
                limit = limit_named(name)
                if is_over_limit(limit, request, account_field):
                    return too_many_attempts(request, limit)
            return view(request, *args, **kwargs)

        return limited_view

    return decorator
