"""The receiving team's forms. Each action form carries the version the person saw, so a change
made meanwhile by someone else is caught (services.RequestChanged), not overwritten."""

from django import forms

from core.forms import PlainErrorsMixin
from directory.models import Service
from referrals.models import RequestForSupport
from referrals.selectors import STATUS_FILTERS, WAITING_FILTERS


class InboxFilterForm(PlainErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(key, label) for key, (label, _) in STATUS_FILTERS.items()],
        required=False,
    )
    urgency = forms.TypedChoiceField(
        label="Urgency",
        choices=[("", "Any urgency"), *RequestForSupport.Urgency.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    waiting = forms.ChoiceField(
        label="Waiting",
        choices=[("", "Any time"), *WAITING_FILTERS.items()],
        required=False,
    )

    def filters(self) -> dict:
        """The chosen filters; anything unreadable in the query string counts as not chosen."""
        if not self.is_valid():
            return {"status": "open", "urgency": None, "waiting": ""}
        data = self.cleaned_data
        return {
            "status": data["status"] or "open",
            "urgency": data["urgency"],
            "waiting": data["waiting"],
        }


class VersionForm(PlainErrorsMixin, forms.Form):
    """Accept and first contact ask nothing more than "are you sure", so only the version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DeclineForm(VersionForm):
    category = forms.ChoiceField(
        label="Why can the service not take it?",
        choices=RequestForSupport.DeclineCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the service cannot take it"},
    )
    reason = forms.CharField(
        label="Explain it to the family",
        help_text=(
            "The family and the referrer read this. Use plain words and say what they can do "
            "instead, for example another service to ask."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": "Explain to the family why the service cannot take it"},
    )


class CloseForm(VersionForm):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=RequestForSupport.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    detail = forms.CharField(
        label="More about the outcome (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class TransferForm(VersionForm):
    service = forms.ModelChoiceField(
        label="Which service should take it?",
        queryset=Service.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose the service to transfer it to"},
    )
    note = forms.CharField(
        label="Why transfer it? (optional)",
        help_text="Kept in the request's history. Do not write the family's details here.",
        max_length=255,
        required=False,
    )

    def __init__(self, *args, current_service: Service, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            Service.objects.filter(intake__isnull=False)
            .exclude(pk=current_service.pk)
            .order_by("name")
        )


class NoteForm(PlainErrorsMixin, forms.Form):
    text = forms.CharField(
        label="Add an internal note",
        help_text="Only your team sees notes. The family and the referrer never do.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter the note"},
    )
