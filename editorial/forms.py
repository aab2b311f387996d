"""The questions of the review, freshness and report-a-problem pages."""

from django import forms

from accounts.forms import EMAIL_ERRORS
from core.forms import PlainErrorsMixin
from editorial.models import ProblemReport
from editorial.problems import NEXT_STATUSES


class ReportProblemForm(PlainErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What is wrong with this listing?",
        choices=ProblemReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is wrong with this listing"},
    )
    details = forms.CharField(
        label="Tell us more",
        required=False,
        widget=forms.Textarea,
        help_text="For example, the new day or address. Do not include your name or any "
        "details about your family.",
    )
    reply_email = forms.EmailField(
        label="Your email address, if you want to hear what we did",
        required=False,
        help_text="We only use it to tell you once the listing is checked, then we delete it.",
        max_length=254,
        error_messages={"invalid": EMAIL_ERRORS["invalid"]},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("kind") == ProblemReport.Kind.OTHER and not cleaned.get("details"):
            self.add_error("details", "Tell us what is wrong with the listing")
        return cleaned


class ApproveForm(forms.Form):
    """Carries the revision the editor reviewed, so they approve what they saw."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SendBackForm(PlainErrorsMixin, ApproveForm):
    reason = forms.CharField(
        label="Why are you sending it back?",
        widget=forms.Textarea,
        help_text="The provider sees this, so say what needs to change.",
        error_messages={"required": "Enter why you are sending the change back"},
    )


class MoveProblemForm(PlainErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label="What is happening with this report?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is happening with this report"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea,
        help_text="What you did or found. Other editors and the provider see this.",
    )

    def __init__(self, *args, report: ProblemReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ProblemReport.Status.choices)
        self.fields["status"].choices = [
            (status, labels[status]) for status in NEXT_STATUSES[report.status]
        ]
