"""The council's colours as a stylesheet, so that no page needs an inline <style> (the content
security policy allows styles from this site only)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(public=True, max_age=3600)
def stylesheet(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        f":root {{ --fh-brand-colour: {settings.FAMILYHUBS_BRAND_COLOUR}; "
        f"--fh-brand-accent: {settings.FAMILYHUBS_BRAND_ACCENT}; }}\n",
        content_type="text/css; charset=utf-8",
    )
