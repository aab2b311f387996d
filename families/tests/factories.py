"""Families for every app's tests. FamilyFactory gives a family with one adult (a parent login
unless user=None) and one child born about a year ago."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from directory.tests.factories import LocationFactory
from families.models import Adult, Child, Consent, Family


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family
        skip_postgeneration_save = True

    home_postcode = "RM18 7AA"
    hub = factory.SubFactory(LocationFactory)
    languages = "English"

    @factory.post_generation
    def with_members(self, create, extracted, **kwargs):
        if extracted is False:
            return
        AdultFactory(family=self)
        ChildFactory(family=self)


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adult

    family = factory.SubFactory(FamilyFactory, with_members=False)
    user = factory.SubFactory(UserFactory)
    first_name = factory.Sequence(lambda n: f"Parentname{n}")
    last_name = "Familyname"
    email = factory.LazyAttribute(lambda adult: adult.user.email if adult.user else "")
    phone = "07700 900982"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory, with_members=False)
    first_name = factory.Sequence(lambda n: f"Childname{n}")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    family = factory.SubFactory(FamilyFactory, with_members=False)
    purpose = Consent.Purpose.REGISTRATION
    statement = Consent.Purpose.REGISTRATION.label
    privacy_notice_version = "2026-11"
    method = Consent.Method.ONLINE


def parent_of(family: Family):
    return family.adults.get().user
