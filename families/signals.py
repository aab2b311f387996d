"""Signals other apps listen to, so families never imports them."""

from django.dispatch import Signal

# Sent inside erase_family's transaction, before any row is deleted, with `family`.
# Receivers (bookings) unlink or remove what they hold about the family, keeping
# only anonymous counts (e.g. attendance rows with their family/child link set to NULL).
family_will_be_erased = Signal()

# Sent when a family downloads its data, with `family`. Each receiver returns
# (section_name, json_serialisable_data) and the export includes it under that name.
family_data_requested = Signal()
