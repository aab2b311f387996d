"""The booking questions staff answer for a service: places, per child or family, waiting list,
when booking closes."""

from django import forms

from bookings.models import PlacesCountedPer
from core.forms import PlainErrorsMixin

YES_NO = [("yes", "Yes"), ("no", "No")]
# A session with more places than this is a typing mistake, not a group.
MOST_PLACES = 500
# Booking can close at most a fortnight before the session.
LATEST_CUT_OFF_HOURS = 14 * 24


class BookingSettingsForm(PlainErrorsMixin, forms.Form):
    bookable = forms.ChoiceField(
        label="Do families book a place online?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="If not, families just come along (or are referred, if the service says so).",
        error_messages={"required": "Select yes if families book a place"},
    )
    capacity = forms.IntegerField(
        label="How many places are there at each session?",
        min_value=1,
        max_value=MOST_PLACES,
        required=False,
        error_messages={
            "min_value": "A session needs at least 1 place",
            "max_value": f"Enter {MOST_PLACES} places or fewer",
            "invalid": "Enter the number of places as a number, like 12",
        },
    )
    places_counted_per = forms.ChoiceField(
        label="Is a place for each child or for each family?",
        choices=PlacesCountedPer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    has_waiting_list = forms.ChoiceField(
        label="When a session is full, can families join a waiting list?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Families on the list get a place, in turn, when someone cancels.",
        required=False,
    )
    booking_closes_hours_before = forms.IntegerField(
        label="How many hours before the start does booking close?",
        help_text="Enter 0 to let families book until the session starts.",
        min_value=0,
        max_value=LATEST_CUT_OFF_HOURS,
        required=False,
        error_messages={
            "min_value": "Enter 0 or more hours",
            "max_value": f"Enter {LATEST_CUT_OFF_HOURS} hours (2 weeks) or fewer",
            "invalid": "Enter the hours as a number, like 24",
        },
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("bookable") != "yes":
            return data
        if data.get("capacity") is None and "capacity" not in self.errors:
            self.add_error("capacity", "Enter the number of places at each session")
        if not data.get("places_counted_per"):
            self.add_error("places_counted_per", "Select if a place is for each child or family")
        if not data.get("has_waiting_list"):
            self.add_error("has_waiting_list", "Select yes if families can join a waiting list")
        if data.get("booking_closes_hours_before") is None:
            data["booking_closes_hours_before"] = 0
        return data
