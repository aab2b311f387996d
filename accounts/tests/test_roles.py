import pytest
from django.contrib.auth.models import Group

from accounts.roles import COMMISSIONERS, DIRECTORY_EDITORS, HUB_STAFF, is_hub_staff, staff_hubs
from accounts.tests.factories import DirectoryEditorFactory, HubStaffFactory, UserFactory
from directory.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def test_staff_groups_exist_with_their_permissions():
    hub_staff = set(
        Group.objects.get(name=HUB_STAFF).permissions.values_list("codename", flat=True)
    )
    editors = Group.objects.get(name=DIRECTORY_EDITORS).permissions.values_list(
        "content_type__app_label", flat=True
    )
    assert {"view_family", "change_family", "add_child"} <= hub_staff
    assert "delete_family" not in hub_staff
    assert "families" not in set(editors)
    assert Group.objects.filter(name=COMMISSIONERS).exists()


def test_hub_staff_see_only_their_own_hubs():
    tilbury, ockendon = LocationFactory(), LocationFactory()
    staff = HubStaffFactory(hub=tilbury)
    assert is_hub_staff(staff)
    assert list(staff_hubs(staff)) == [tilbury]
    assert ockendon not in staff_hubs(staff)


def test_parents_and_editors_are_not_hub_staff():
    assert not is_hub_staff(UserFactory())
    assert not is_hub_staff(DirectoryEditorFactory())
    assert not staff_hubs(DirectoryEditorFactory()).exists()


def test_a_deactivated_member_of_staff_has_no_hubs():
    staff = HubStaffFactory()
    staff.is_active = False
    assert not staff_hubs(staff).exists()
