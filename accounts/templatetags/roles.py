"""Role checks for templates, e.g. to show hub staff their pages in the navigation."""

from django import template

from accounts import roles

register = template.Library()


@register.filter
def is_hub_staff(user) -> bool:
    return roles.is_hub_staff(user)
