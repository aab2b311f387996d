"""Scopes in one place: what each role may manage, by the querysets every page uses."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import OrganisationMembership
from accounts.roles import PROVIDERS
from accounts.tests.factories import DirectoryEditorFactory, HubStaffFactory, UserFactory
from directory import scopes
from directory.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def provider_of(*organisations):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=PROVIDERS)[0])
    for organisation in organisations:
        OrganisationMembership.objects.create(user=user, organization=organisation)
    return user


def test_editors_manage_everything():
    service = ServiceFactory()
    editor = DirectoryEditorFactory()
    assert scopes.may_edit_service(editor, service)
    assert set(scopes.organisations_for(editor)) == {service.organization}
    assert scopes.may_edit_locations(editor)


def test_a_provider_in_two_organisations_manages_both_and_nothing_else():
    eput, charity, other = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    first, second = ServiceFactory(organization=eput), ServiceFactory(organization=charity)
    elsewhere = ServiceFactory(organization=other)
    provider = provider_of(eput, charity)

    assert set(scopes.services_for(provider)) == {first, second}
    assert not scopes.may_edit_service(provider, elsewhere)
    assert set(scopes.organisations_for(provider)) == {eput, charity}
    assert not scopes.may_edit_locations(provider)


def test_a_provider_may_name_their_own_places_and_any_family_hub():
    eput = OrganizationFactory()
    clinic = LocationFactory(organization=eput, is_family_hub=False)
    hub = LocationFactory(is_family_hub=True)
    someone_elses = LocationFactory(is_family_hub=False)

    places = set(scopes.locations_for(provider_of(eput)))

    assert places == {clinic, hub}
    assert someone_elses not in places


def test_hub_staff_keep_their_hubs_timetables_but_no_listings():
    at_my_hub = ServiceAtLocationFactory()
    ServiceAtLocationFactory()
    staff = HubStaffFactory(hub=at_my_hub.location)

    assert not scopes.may_manage_directory(staff)
    assert not scopes.services_for(staff).exists()
    assert list(scopes.timetable_services_for(staff)) == [at_my_hub.service]
    assert list(scopes.locations_for(staff)) == [at_my_hub.location]


def test_parents_and_signed_out_people_manage_nothing():
    from django.contrib.auth.models import AnonymousUser

    ServiceFactory()
    for person in (UserFactory(), AnonymousUser()):
        assert not scopes.may_manage_directory(person)
        assert not scopes.services_for(person).exists()
        assert not scopes.organisations_for(person).exists()
        assert not scopes.locations_for(person).exists()
        assert not scopes.timetable_services_for(person).exists()


def test_a_provider_without_the_providers_role_manages_nothing_even_with_a_membership():
    service = ServiceFactory()
    member = UserFactory()
    OrganisationMembership.objects.create(user=member, organization=service.organization)
    assert not scopes.services_for(member).exists()
