"""People of the editorial tests: provider users who belong to an organisation."""

from django.contrib.auth.models import Group

from accounts.models import OrganisationMembership
from accounts.roles import PROVIDERS
from accounts.tests.factories import UserFactory


def provider_of(organization, **fields):
    """A provider user who keeps `organization`'s listings."""
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get_or_create(name=PROVIDERS)[0])
    OrganisationMembership.objects.create(user=user, organization=organization)
    return user
