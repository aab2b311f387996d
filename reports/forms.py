"""The period picker: a month, quarter or financial year from a list, or dates chosen by hand,
and what to compare with."""

from datetime import date

from django import forms

from core.forms import PlainErrorsMixin
from families.forms import DateField
from reports import periods
from reports.periods import Period

CUSTOM = "custom"


class PeriodForm(PlainErrorsMixin, forms.Form):
    period = forms.ChoiceField(label="Period")
    start = DateField(what="start date", label="From", required=False)
    end = DateField(what="end date", label="To", required=False)
    compare = forms.ChoiceField(
        label="Compare with",
        choices=[("previous", "The period before"), ("year", "The same period a year earlier")],
        widget=forms.RadioSelect,
        initial="previous",
    )

    def __init__(self, data, *, today: date):
        self.offered = periods.choices(today)
        default = periods.last_month(today)
        data = data.copy() if data else {}
        data.setdefault("period", default.key)
        data.setdefault("compare", "previous")
        super().__init__(data)
        self.fields["period"].choices = [(p.key, p.label) for p in self.offered] + [
            (CUSTOM, "Dates you choose (below)")
        ]
        self.fields["start"].help_text = "Only for dates you choose. For example, 1 4 2026"
        self.fields["end"].help_text = "For example, 30 6 2026"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == CUSTOM:
            start, end = cleaned.get("start"), cleaned.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", "Enter the start date")
            if end is None and "end" not in self.errors:
                self.add_error("end", "Enter the end date")
            if start and end and end < start:
                self.add_error("end", "The end date must be on or after the start date")
        return cleaned

    def chosen(self) -> tuple[Period, Period]:
        """The period asked for and the one to compare it with (call after is_valid)."""
        key = self.cleaned_data["period"]
        if key == CUSTOM:
            period = periods.custom(self.cleaned_data["start"], self.cleaned_data["end"])
        else:
            period = periods.from_key(key)
        compared = (
            period.previous()
            if self.cleaned_data["compare"] == "previous"
            else period.a_year_earlier()
        )
        return period, compared
