import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import HubStaffFactory, sign_in_with_two_factor
from audit.models import AppendOnlyError, AuditEvent
from audit.services import record
from families.tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def test_record_notes_who_did_what_to_which_record_and_when():
    staff = HubStaffFactory()
    family = FamilyFactory()
    event = record(staff, "view", family, detail="change form")
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        staff,
        "view",
        "families.family",
        str(family.pk),
    )
    assert event.at is not None


def test_staff_viewing_the_families_list_is_audited_for_each_family_shown(client):
    staff = HubStaffFactory()
    shown = FamilyFactory.create_batch(3, hub=staff.hub_memberships.get().location)
    sign_in_with_two_factor(client, staff)
    client.get(reverse("families:staff_families"))
    listed = AuditEvent.objects.filter(action="view in list", actor=staff)
    assert set(listed.values_list("object_id", flat=True)) == {str(family.pk) for family in shown}


def test_an_anonymous_or_system_actor_is_recorded_as_nobody():
    event = record(None, "erase", FamilyFactory())
    assert event.actor is None


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm():
    event = record(None, "view", FamilyFactory())
    event.action = "nothing happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="edited")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_nobody_can_add_change_or_delete_audit_events_in_the_admin(admin_user):
    event = record(None, "view", FamilyFactory())
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_hub_staff_cannot_reach_the_audit_log_in_the_admin(client):
    sign_in_with_two_factor(client, HubStaffFactory(is_staff=True))
    assert client.get("/admin/audit/auditevent/").status_code in (302, 403)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_raw_sql_that_rewrites_the_log():
    event = record(None, "view", FamilyFactory())
    for statement in ("UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get(pk=event.pk).action == "view"
