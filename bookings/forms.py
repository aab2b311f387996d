"""Forms for booking and for registers. Choices are always limited to what the user may touch,
so a tampered id is simply not a valid choice."""

from collections.abc import Sequence

from django import forms

from bookings.models import Attendance
from core.forms import PlainErrorsMixin
from families.models import Child


def child_label(child: Child) -> str:
    if child.date_of_birth:
        return f"{child.first_name or 'Your child'} (born {child.date_of_birth:%-d %B %Y})"
    return f"{child.first_name or 'Your baby'} (due {child.due_date:%-d %B %Y})"


class ChildrenField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Child) -> str:
        return child_label(obj)


class BookingForm(PlainErrorsMixin, forms.Form):
    children = ChildrenField(
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select who is coming",
            "invalid_choice": "Select who is coming from the list",
            "invalid_pk_value": "Select who is coming from the list",
        },
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            key: "This page was out of date. Check the session and try again."
            for key in ("required", "invalid", "min_value")
        },
    )
    join_waiting_list = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, family, offered: Sequence[Child], **kwargs) -> None:
        """`offered`: the family's children the session is for (the only valid choices)."""
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = family.children.filter(
            pk__in=[child.pk for child in offered]
        )


class AttendanceForm(forms.Form):
    child = forms.ModelChoiceField(queryset=Child.objects.none(), to_field_name="pk")
    status = forms.ChoiceField(choices=Attendance.Status.choices)

    def __init__(self, *args, children, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class WalkInSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, child's date of birth or postcode",
        max_length=100,
        error_messages={"required": "Enter a name, a child's date of birth or a postcode"},
    )


class WalkInForm(forms.Form):
    children = ChildrenField(
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the children who came",
            "invalid_choice": "Select the children who came from the list",
            "invalid_pk_value": "Select the children who came from the list",
        },
    )

    def __init__(self, *args, family, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = family.children.all()


class VisitorForm(forms.Form):
    adults = forms.IntegerField(
        label="Adults",
        min_value=0,
        max_value=200,
        initial=0,
        error_messages={
            "required": "Enter the number of adults, or 0",
            "invalid": "Enter the number of adults as a number, like 2",
            "min_value": "The number of adults cannot be less than 0",
            "max_value": "The number of adults must be 200 or fewer",
        },
    )
    children = forms.IntegerField(
        label="Children",
        min_value=0,
        max_value=200,
        initial=0,
        error_messages={
            "required": "Enter the number of children, or 0",
            "invalid": "Enter the number of children as a number, like 2",
            "min_value": "The number of children cannot be less than 0",
            "max_value": "The number of children must be 200 or fewer",
        },
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("adults") == 0 and cleaned.get("children") == 0:
            self.add_error("adults", "Enter at least one adult or child")
        return cleaned


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        help_text="Families will see this, for example 'Staff training'.",
        max_length=255,
        error_messages={
            "required": "Enter why the session is cancelled",
            "max_length": "The reason must be 255 characters or fewer",
        },
    )


def error_list(form: forms.Form) -> list[tuple[str, str]]:
    """(anchor, message) pairs for the GOV.UK error summary, anchors pointing at the fields."""
    pairs = []
    for name, errors in form.errors.items():
        anchor = f"id_{name}" if name != "__all__" else "main-content"
        if isinstance(form.fields.get(name), forms.ModelMultipleChoiceField):
            anchor = f"id_{name}_0"
        pairs += [(anchor, message) for message in errors]
    return pairs
