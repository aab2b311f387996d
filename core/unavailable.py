"""When the database cannot be used for now (restarting, unreachable, read-only, disk full), people
get GOV.UK's "Sorry, the service is unavailable" page with a 503 and Retry-After, never a 500.

Errors that mean a bug (a missing table, a broken query, a constraint) stay 500s.
"""

import sqlite3

from django.db import Error, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

RETRY_AFTER_SECONDS = 30
# The Open Referral UK API answers in JSON, errors included (familyhubs/urls.py mounts it here).
API_PREFIX = "/api/"
API_MESSAGE = "The service is unavailable. Try again in a few minutes."

# SQLite's primary result codes for a database that is busy, read-only, full or gone; its
# OperationalError also covers "no such table" and SQL mistakes, which are bugs.
SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
}
# PostgreSQL's "read-only SQL transaction" (a standby, or a database set read-only) is an
# InternalError; its OperationalErrors are all about the server (shut down, unreachable, disk full).
POSTGRESQL_READ_ONLY = "25006"


def database_unavailable(error: BaseException | None) -> bool:
    """True when `error` says the database cannot be used now, rather than that our code is wrong."""
    if not isinstance(error, Error):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        return (getattr(cause, "sqlite_errorcode", 0) & 0xFF) in SQLITE_UNAVAILABLE
    if getattr(cause, "sqlstate", None) == POSTGRESQL_READ_ONLY:
        return True
    return isinstance(error, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page (rendered without the request's context: nothing from it can leak, nothing
    touches the database), or for the API the same news as JSON; both say when to come back."""
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"status": 503, "message": API_MESSAGE}, status=503)
    else:
        response = render(None, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
