"""How notifications follow changes made elsewhere."""

from django.db.models import Q
from django.dispatch import receiver

from families.signals import family_will_be_erased
from notifications.models import Notification


@receiver(family_will_be_erased)
def forget_messages_to_erased_family(sender, family, **kwargs) -> None:
    """Messages to the parents' logins go with the logins; messages to an address with no login
    (the link to claim a record staff made) are found by the family's addresses."""
    addresses = set()
    for adult in family.adults.select_related("user"):
        addresses |= {adult.email, adult.phone, adult.user.email if adult.user else ""}
    addresses.discard("")
    if not addresses:
        return
    to_family = Q()
    for address in addresses:
        to_family |= Q(to_address__iexact=address)
    Notification.objects.filter(to_family, recipient__isnull=True).delete()
