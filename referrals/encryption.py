"""Field-level encryption for requests for support: what a family told a professional is
unreadable in the database, its backups and its replicas without a key from the environment.

Keys are Fernet keys in `FIELD_ENCRYPTION_KEYS`, comma-separated, newest first. New values are
encrypted with the newest; any listed key decrypts. To rotate: put a new key first, deploy, run
`manage.py rotate_field_encryption` (re-encrypts every row with the newest key), then drop the old
key. With DEBUG on and no keys set, a key is derived from SECRET_KEY so local use needs nothing.
"""

import base64
import datetime
import hashlib
import json
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core import checks
from django.db import models


def local_key(secret_key: str) -> str:
    """A Fernet key derived from SECRET_KEY: for local use only (DEBUG on)."""
    digest = hashlib.sha256(f"field-encryption:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    """The keys in settings, newest first (cached per key list, so tests can override them)."""
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise RuntimeError("Set FIELD_ENCRYPTION_KEYS (see README: field-level encryption).")
    return _fernet(keys)


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


class EncryptedField(models.TextField):
    """A value stored as a Fernet token; empty values stay empty (nothing to hide, and erasure
    can blank a field without a key). Not searchable or orderable: each token is different."""

    def to_text(self, value) -> str:
        return str(value)

    def from_text(self, text: str):
        return text

    def empty(self):
        return ""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return self.empty()
        return self.from_text(decrypt(value))

    def get_prep_value(self, value):
        if value in (None, "", [], {}):
            return ""
        return encrypt(self.to_text(value))

    def to_python(self, value):
        if value in (None, ""):
            return self.empty()
        return value


class EncryptedTextField(EncryptedField):
    pass


class EncryptedDateField(EncryptedField):
    def to_text(self, value: datetime.date) -> str:
        return value.isoformat()

    def from_text(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def empty(self):
        return None

    def to_python(self, value):
        if isinstance(value, str) and value:
            return datetime.date.fromisoformat(value)
        return super().to_python(value)


class EncryptedJSONField(EncryptedField):
    def to_text(self, value) -> str:
        return json.dumps(value, sort_keys=True)

    def from_text(self, text: str):
        return json.loads(text)

    def empty(self):
        return []


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted fields, and their names (for rotation)."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if names:
            found.append((model, names))
    return found


@checks.register(checks.Tags.security)
def check_field_encryption_keys(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Without keys nothing can be sent; with the derived local key in production, anyone with
    the SECRET_KEY could read everything, so both stop a deployment."""
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        return [
            checks.Error(
                "FIELD_ENCRYPTION_KEYS is not set.",
                hint="Make a key with `python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'` and set it in the environment.",
                id="referrals.E001",
            )
        ]
    try:
        [Fernet(key) for key in keys]
    except ValueError:
        return [
            checks.Error(
                "A key in FIELD_ENCRYPTION_KEYS is not a Fernet key (32 url-safe base64 bytes).",
                id="referrals.E002",
            )
        ]
    if not settings.DEBUG and local_key(settings.SECRET_KEY) in keys:
        return [
            checks.Error(
                "FIELD_ENCRYPTION_KEYS holds the local key derived from SECRET_KEY.",
                hint="Set a key of its own in production.",
                id="referrals.E003",
            )
        ]
    return []
