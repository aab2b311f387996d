"""The back office (Django's admin) is for editors and administrators after two-factor
sign-in; hub staff never reach it; an administrator can reset someone's two-factor."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import UserSession
from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    sign_in_with_two_factor,
)
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_signed_out_visitors_are_sent_to_the_one_sign_in_page(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:sign_in") + "?next=/admin/"
    assert "Sign in" in response.text


def test_an_editor_reaches_the_back_office_only_after_two_factor(client):
    editor = DirectoryEditorFactory()
    client.force_login(editor)
    assert client.get("/admin/").url.startswith(reverse("accounts:two_factor_set_up"))
    sign_in_with_two_factor(client, editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Site administration" in response.text or "Manage the directory" in response.text


def test_hub_staff_never_reach_the_back_office_even_flagged_as_staff(client):
    sign_in_with_two_factor(client, HubStaffFactory(is_staff=True))
    index = client.get("/admin/", follow=True)
    assert index.status_code == 403
    assert "You cannot use the back office" in index.text
    assert client.get("/admin/audit/auditevent/", follow=True).status_code == 403


def test_an_administrator_resets_someones_two_factor_and_it_is_audited(admin_client, admin_user):
    staff = HubStaffFactory()
    TOTPDevice.objects.create(user=staff, confirmed=True)
    UserSession.objects.create(user=staff, session_key="x" * 32)
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [staff.pk]},
        follow=True,
    )
    assert "Two-factor sign-in reset for 1 people" in response.text
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not UserSession.objects.filter(user=staff).exists()
    event = AuditEvent.objects.get(action="reset two-factor sign-in")
    assert (event.actor, event.object_id) == (admin_user, str(staff.pk))


def test_editors_cannot_reset_two_factor(client):
    editor = DirectoryEditorFactory()
    sign_in_with_two_factor(client, editor)
    staff = HubStaffFactory()
    TOTPDevice.objects.create(user=staff, confirmed=True)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [staff.pk]},
    )
    assert TOTPDevice.objects.filter(user=staff).exists()
    assert User.objects.filter(pk=staff.pk).exists()
