"""Role checks for templates, e.g. to give staff their own navigation."""

from django import template

from accounts import roles
from directory import scopes

register = template.Library()


@register.filter
def is_hub_staff(user) -> bool:
    return roles.is_hub_staff(user)


@register.filter
def is_staff_member(user) -> bool:
    return roles.is_staff_member(user)


@register.filter
def may_use_back_office(user) -> bool:
    return roles.may_use_back_office(user)


@register.filter
def may_manage_directory(user) -> bool:
    return scopes.may_manage_directory(user)
