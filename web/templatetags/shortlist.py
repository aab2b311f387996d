"""The 'Add to your list' button, shown wherever a service is, without JavaScript."""

from django import template

from web import shortlist

register = template.Library()


@register.inclusion_tag("web/includes/shortlist_button.html", takes_context=True)
def shortlist_button(context, service) -> dict:
    request = context["request"]
    return {
        "service": service,
        "on_list": shortlist.is_shortlisted(request.session, service.pk),
        "here": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
