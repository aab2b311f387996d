from django import template

from reports import scopes

register = template.Library()


@register.filter
def may_see_reports(user) -> bool:
    return scopes.may_see_reports(user)
