"""Editors invite people by email with roles, change roles and remove access; the invitation's
link sets a first password, once."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from accounts.models import HubMembership, OrganisationMembership
from accounts.roles import DIRECTORY_EDITORS, HUB_STAFF, PROVIDERS
from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from audit.models import AuditEvent
from directory.tests.factories import LocationFactory, OrganizationFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = DirectoryEditorFactory()
    sign_in_with_two_factor(client, editor)
    client.editor = editor
    return client


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_only_editors_open_the_people_pages(client):
    person = HubStaffFactory()
    urls = [
        reverse("manage_users:users"),
        reverse("manage_users:invite"),
        reverse("manage_users:user", args=[person.pk]),
        reverse("manage_users:remove", args=[person.pk]),
    ]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("accounts:sign_in"))
    sign_in_with_two_factor(client, HubStaffFactory())
    for url in urls:
        assert client.get(url).status_code == 404


def test_editor_invites_a_provider_for_two_organisations_and_they_set_a_password(
    editor_client, client
):
    eput, charity = OrganizationFactory(name="EPUT"), OrganizationFactory(name="Home-Start")

    response = editor_client.post(
        reverse("manage_users:invite"),
        {
            "email": " Midwife.Team@EPUT.example ",
            "roles": ["provider"],
            "organisations": [eput.pk, charity.pk],
        },
    )

    assert response["Location"] == reverse("manage_users:users")
    invited = User.objects.get(username="midwife.team@eput.example")
    assert not invited.is_active and not invited.has_usable_password()
    assert group_names(invited) == {PROVIDERS}
    assert set(
        OrganisationMembership.objects.filter(user=invited).values_list("organization", flat=True)
    ) == {eput.pk, charity.pk}
    assert AuditEvent.objects.filter(
        actor=editor_client.editor, action="change roles", object_id=str(invited.pk)
    ).exists()
    listed = editor_client.get(reverse("manage_users:users")).content.decode()
    assert "midwife.team@eput.example" in listed and "Invited" in listed

    email = Notification.objects.get(to_address="midwife.team@eput.example")
    link = re.search(r"https?://\S+/account/invitation/\S+/", email.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    editor_client.logout()
    page = client.get(f"/{path}")
    assert "Set your password" in page.content.decode()
    answered = client.post(
        f"/{path}",
        {"new_password1": "a long new password 93", "new_password2": "a long new password 93"},
    )
    invited.refresh_from_db()
    assert invited.is_active and invited.check_password("a long new password 93")
    # Staff set up two-factor sign-in before anything else.
    assert client.get(answered["Location"])["Location"].startswith(
        reverse("accounts:two_factor_set_up")
    )
    # The link works once.
    assert client.get(f"/{path}").status_code == 400


def test_an_invitation_with_a_role_that_needs_a_place_says_which(editor_client):
    response = editor_client.post(
        reverse("manage_users:invite"),
        {"email": "new@council.example", "roles": ["provider", "hub_staff"]},
    )
    page = response.content.decode()
    assert "Choose the organisations this provider works for" in page
    assert "Choose the family hubs this person works at" in page
    assert 'value="new@council.example"' in page  # nothing typed is lost
    assert not User.objects.filter(username="new@council.example").exists()


def test_inviting_someone_with_an_account_gives_them_the_role_and_tells_them(editor_client):
    existing = UserFactory(email="parent@example.org")

    editor_client.post(
        reverse("manage_users:invite"), {"email": "parent@example.org", "roles": ["professional"]}
    )

    existing.refresh_from_db()
    assert existing.is_active and existing.check_password("correct horse battery staple 42")
    assert group_names(existing) == {"Professionals"}
    assert Notification.objects.get(to_address="parent@example.org").subject == (
        "You have been given staff access"
    )


def test_editor_changes_roles_and_hubs_and_it_is_audited(editor_client):
    hub, other_hub = LocationFactory(), LocationFactory()
    person = HubStaffFactory(hub=hub)

    editor_client.post(
        reverse("manage_users:user", args=[person.pk]),
        {"roles": ["hub_staff", "editor"], "hubs": [other_hub.pk]},
    )

    person.refresh_from_db()
    assert group_names(person) == {HUB_STAFF, DIRECTORY_EDITORS}
    assert person.is_staff  # editors may use the back office
    assert list(HubMembership.objects.filter(user=person).values_list("location", flat=True)) == [
        other_hub.pk
    ]
    event = AuditEvent.objects.get(action="change roles", object_id=str(person.pk))
    assert event.detail.startswith("roles hub_staff -> editor,hub_staff")
    assert person.email not in event.detail


def test_removing_access_takes_every_role_away(editor_client):
    organisation = OrganizationFactory()
    person = UserFactory()
    # Not staff yet: not one of the people editors manage.
    assert editor_client.get(reverse("manage_users:user", args=[person.pk])).status_code == 404
    editor_client.post(
        reverse("manage_users:invite"),
        {"email": person.email, "roles": ["provider"], "organisations": [organisation.pk]},
    )

    page = editor_client.get(reverse("manage_users:remove", args=[person.pk])).content.decode()
    assert "Remove all staff access?" in page
    editor_client.post(reverse("manage_users:remove", args=[person.pk]))

    assert group_names(person) == set()
    assert not OrganisationMembership.objects.filter(user=person).exists()
    assert editor_client.get(reverse("manage_users:user", args=[person.pk])).status_code == 404


def test_an_editor_cannot_change_their_own_roles_or_an_administrators(editor_client):
    admin = DirectoryEditorFactory(is_superuser=True)
    for person in (editor_client.editor, admin):
        assert editor_client.get(reverse("manage_users:user", args=[person.pk])).status_code == 404
        assert (
            editor_client.post(reverse("manage_users:remove", args=[person.pk])).status_code == 404
        )
