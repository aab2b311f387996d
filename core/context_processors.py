from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, str]:
    """The running council's name and colours, for every page (they are settings, not code)."""
    return {
        "council_name": settings.FAMILYHUBS_COUNCIL_NAME,
        "service_name": settings.FAMILYHUBS_SERVICE_NAME,
        "brand_colour": settings.FAMILYHUBS_BRAND_COLOUR,
        "contact_email": settings.FAMILYHUBS_CONTACT_EMAIL,
    }
