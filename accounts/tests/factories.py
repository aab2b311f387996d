"""Users for every app's tests: parents, hub staff (with a hub) and directory editors."""

import factory
from django.contrib.auth.models import Group, User

from accounts.models import HubMembership
from accounts.roles import DIRECTORY_EDITORS, HUB_STAFF
from directory.tests.factories import LocationFactory

PASSWORD = "correct horse battery staple 42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"parent{n}@example.org")
    username = factory.SelfAttribute("email")
    password = factory.django.Password(PASSWORD)
    is_active = True


class HubStaffFactory(UserFactory):
    """A member of hub staff working at one hub (pass hub=... to choose it)."""

    email = factory.Sequence(lambda n: f"staff{n}@council.example")

    @factory.post_generation
    def hub(self, create, location, **kwargs):
        self.groups.add(Group.objects.get_or_create(name=HUB_STAFF)[0])
        HubMembership.objects.create(user=self, location=location or LocationFactory())


class DirectoryEditorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"editor{n}@council.example")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        self.groups.add(Group.objects.get_or_create(name=DIRECTORY_EDITORS)[0])
