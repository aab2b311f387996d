"""The council's name and colours for templates rendered without a request (the 500 page)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def council_setting(name: str) -> str:
    """One of the FAMILYHUBS_* settings that name and brand the running council."""
    if not name.startswith("FAMILYHUBS_"):
        raise template.TemplateSyntaxError("council_setting reads FAMILYHUBS_* settings only")
    return getattr(settings, name, "")
