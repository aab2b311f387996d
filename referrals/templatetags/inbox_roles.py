"""Whether to show someone the receiving team's inbox (navigation and their work page)."""

from django import template

from referrals import selectors

register = template.Library()


@register.filter
def is_team_member(user) -> bool:
    return selectors.is_team_member(user)
