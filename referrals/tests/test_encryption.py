"""The family's words are unreadable in the database; keys rotate; production refuses to start
without a key of its own."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from referrals.encryption import check_field_encryption_keys, local_key
from referrals.models import ConsentRecord, RequestForSupport
from referrals.tests.factories import sent_referral

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw(column: str, table: str = "referrals_requestforsupport") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (names are ours)
        return " ".join(str(value) for (value,) in cursor.fetchall())


def test_the_database_holds_no_plaintext_of_the_familys_details():
    request = sent_referral(answers={})
    stored = " ".join(
        raw(column)
        for column in [
            "person_name",
            "child_date",
            "email",
            "phone",
            "safe_contact",
            "reason",
        ]
    )
    for secret in ["Amira", "2027-03-01", "amira@example.org", "07700", "after 6pm", "Low mood"]:
        assert secret not in stored
    assert "Amira" not in raw("given_by", "referrals_consentrecord")
    assert "contact details" not in raw("what_may_be_shared", "referrals_consentrecord")
    assert RequestForSupport.objects.get(pk=request.pk).person_name == "Amira Example"


def test_rotation_re_encrypts_every_row_with_the_newest_key_so_the_old_one_can_go():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        request = sent_referral()
    before = raw("reason")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_field_encryption", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert raw("reason") != before
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        stored = RequestForSupport.objects.get(pk=request.pk)
        assert stored.reason == "Low mood since the scan; finds it hard to sleep"
        assert ConsentRecord.objects.get(request=stored).given_by == "Amira Example"


@override_settings(FIELD_ENCRYPTION_KEYS=[])
def test_no_key_is_an_error_that_stops_a_deployment():
    [error] = check_field_encryption_keys(None)
    assert error.id == "referrals.E001"


@override_settings(DEBUG=False, SECRET_KEY="s3cret-production-key", FIELD_ENCRYPTION_KEYS=[])
def test_production_with_the_key_derived_from_secret_key_is_refused():
    with override_settings(FIELD_ENCRYPTION_KEYS=[local_key("s3cret-production-key")]):
        [error] = check_field_encryption_keys(None)
    assert error.id == "referrals.E003"


@override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"])
def test_a_malformed_key_is_an_error():
    [error] = check_field_encryption_keys(None)
    assert error.id == "referrals.E002"


@override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY])
def test_a_key_of_its_own_passes():
    assert check_field_encryption_keys(None) == []
