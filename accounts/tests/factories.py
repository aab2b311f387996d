"""Users for every app's tests: parents, hub staff (with a hub) and directory editors, and
signing staff in as if they had given a code from their authenticator app."""

import factory
from django.contrib.auth.models import Group, User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def sign_in_with_two_factor(client: Client, user: User) -> TOTPDevice:
    """Sign `user` in on `client` with both steps done: password, then an authenticator app
    (staff pages need both). Returns the app's device, to compute further codes from."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
