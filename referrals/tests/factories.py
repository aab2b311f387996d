"""Requests for support for every test: a service that takes them, its team, a professional
(midwife) and a request as sent. Roles come with their groups, so two-factor sign-in applies."""

import datetime

import factory
from django.contrib.auth.models import Group

from accounts.roles import PROFESSIONALS, SERVICE_TEAMS
from accounts.tests.factories import UserFactory
from directory.tests.factories import ServiceFactory
from referrals import services
from referrals.models import (
    ConsentRecord,
    ProfessionalProfile,
    ReceivingTeamMember,
    RequestForSupport,
    RoutingTeamMember,
    ServiceIntake,
)


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceIntake

    service = factory.SubFactory(ServiceFactory, name=factory.Sequence(lambda n: f"Together {n}"))
    accepts_professional_referrals = True
    accepts_self_referrals = True
    response_target_working_days = 5


class ServiceTeamUserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"team{n}@nhs.example")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        self.groups.add(Group.objects.get_or_create(name=SERVICE_TEAMS)[0])


class TeamMemberFactory(factory.django.DjangoModelFactory):
    """An active member of a service's receiving team (pass intake=...)."""

    class Meta:
        model = ReceivingTeamMember

    intake = factory.SubFactory(IntakeFactory)
    user = factory.SubFactory(ServiceTeamUserFactory)


class RoutingTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingTeamMember

    user = factory.SubFactory(ServiceTeamUserFactory)


class ProfessionalFactory(UserFactory):
    """A midwife, in the Professionals group, with a profile."""

    email = factory.Sequence(lambda n: f"midwife{n}@nhs.example")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        self.groups.add(Group.objects.get_or_create(name=PROFESSIONALS)[0])
        ProfessionalProfile.objects.create(
            user=self, job=ProfessionalProfile.Job.MIDWIFE, organisation="Illustrative NHS Trust"
        )


def consent_given(**overrides) -> services.ConsentGiven:
    return services.ConsentGiven(
        **{
            "given_by": "Amira Example",
            "relationship": "The mother",
            "method": ConsentRecord.Method.IN_PERSON,
            "what_may_be_shared": "Name, contact details and the reason, with the service team",
            **overrides,
        }
    )


def person_details(**overrides) -> services.PersonDetails:
    return services.PersonDetails(
        **{
            "name": "Amira Example",
            "child_date": datetime.date(2027, 3, 1),
            "child_date_kind": RequestForSupport.ChildDate.EXPECTED,
            "email": "amira@example.org",
            "phone": "07700 900123",
            "safe_contact": "Text first, weekdays after 6pm",
            "interpreter_language": "",
            **overrides,
        }
    )


def sent_referral(
    intake: ServiceIntake | None = None, referrer=None, **overrides
) -> RequestForSupport:
    """A professional referral as sent through `services.send_request`."""
    intake = intake or IntakeFactory()
    return services.send_request(
        **{
            "service": intake.service,
            "kind": RequestForSupport.Kind.PROFESSIONAL,
            "details": person_details(),
            "reason": "Low mood since the scan; finds it hard to sleep",
            "urgency": RequestForSupport.Urgency.SOON,
            "referrer": referrer or ProfessionalFactory(),
            "consent": consent_given(),
            **overrides,
        }
    )
