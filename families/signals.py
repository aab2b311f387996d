"""Signals other apps listen to, so families never imports them."""

from django.dispatch import Signal

# Sent inside erase_family's transaction, before any row is deleted, with `family`.
# Receivers (bookings) unlink or remove what they hold about the family, keeping
# only anonymous counts (e.g. attendance rows with their family/child link set to NULL).
family_will_be_erased = Signal()
