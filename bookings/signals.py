"""Bookings' part in erasing a family: free their places first (the waiting list moves up).

Attendance rows stay as anonymous counts: their links to the family and child are SET_NULL.
"""

from django.dispatch import receiver

from bookings.services import release_family_places
from families.signals import family_will_be_erased


@receiver(family_will_be_erased)
def free_places_of_erased_family(sender, family, **kwargs) -> None:
    release_family_places(family)
