"""A service page's ways to ask for help: "Ask for help" for families when the service takes
self-referrals, "Refer a family" for professionals when it takes referrals."""

from django import template
from django.urls import reverse

from directory.models import Service
from referrals import selectors
from referrals.models import ServiceIntake

register = template.Library()


def _intake(service: Service) -> ServiceIntake | None:
    try:
        return service.intake
    except ServiceIntake.DoesNotExist:
        return None


@register.inclusion_tag("referrals/_service_actions.html", takes_context=True)
def service_request_actions(context, service: Service) -> dict:
    intake = _intake(service)
    active = intake is not None and service.status == Service.Status.ACTIVE
    takes_referrals = active and intake.accepts_professional_referrals
    user = context.get("user")
    return {
        "service": service,
        "takes_self_referrals": active and intake.accepts_self_referrals,
        "takes_professional_referrals": takes_referrals,
        "target": intake.response_target_working_days if intake else None,
        "refer_url": (
            reverse("referrals:refer_from_service", args=[service.pk])
            if takes_referrals and selectors.is_professional(user)
            else ""
        ),
    }


@register.simple_tag
def how_to_join(service: Service) -> str:
    """The words of the "How to join" tag: a service families may ask themselves says so."""
    intake = _intake(service)
    if intake is not None and intake.accepts_self_referrals:
        if intake.accepts_professional_referrals:
            return "Ask for help yourself, or by referral"
        return "Ask for help yourself"
    return service.get_join_method_display()


@register.filter
def is_professional(user) -> bool:
    """For the staff navigation and home page: a professional's referral pages."""
    return selectors.is_professional(user)
