"""Error messages written for people, on every form, in one shared way.

`PlainErrorsMixin` goes first in a form's bases. For every field it:
- gives free text a limit if it has none (a line of text 255 characters, a textarea 2,000),
  so nothing reaches the database unchecked;
- replaces each message Django would have shown ("This field is required.", "Ensure this
  value has at most 255 characters") with a GOV.UK one that names the field and says what to
  do. Messages a form writes itself are kept.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst

LINE_LIMIT = 255
TEXT_LIMIT = 2000


def django_default_messages(field: forms.Field) -> dict:
    """The messages Django gives a field of this type when the form gives none."""
    defaults: dict = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def plain_messages(field: forms.Field) -> dict[str, str]:
    """GOV.UK messages for a field, by Django error code."""
    name = str(field.label or "this answer").strip().rstrip("?")
    lower = name[0].lower() + name[1:]
    limit = getattr(field, "max_length", None)
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    select = f"Select {lower}"
    return {
        "required": select if choosing else f"Enter {lower}",
        "max_length": f"{capfirst(name)} must be {limit} characters or fewer",
        "min_length": f"{capfirst(name)} is too short",
        "invalid": (
            "Enter an email address in the correct format, like name@example.com"
            if isinstance(field, forms.EmailField)
            else f"Enter {lower} as a number, like 2"
            if isinstance(field, forms.IntegerField)
            else f"Enter {lower} in the correct format"
        ),
        "invalid_choice": f"{select} from the list",
        "invalid_list": f"{select} from the list",
        "invalid_pk_value": f"{select} from the list",
        "min_value": f"{capfirst(name)} is too small",
        "max_value": f"{capfirst(name)} is too large",
        "incomplete": f"Enter {lower} in full",
        "null_characters_not_allowed": f"Remove the unusual characters from {lower}",
        "other": f"Check {lower} and try again",
    }


def give_plain_errors(field: forms.Field) -> None:
    """Give a field a length limit (if it is free text) and people's words for every error."""
    if isinstance(field, forms.CharField) and field.max_length is None:
        textarea = isinstance(field.widget, forms.Textarea)
        field.max_length = TEXT_LIMIT if textarea else LINE_LIMIT
        field.validators.append(MaxLengthValidator(field.max_length))
    defaults = django_default_messages(field)
    plain = plain_messages(field)
    for code, message in list(field.error_messages.items()):
        if message is defaults.get(code):
            field.error_messages[code] = plain.get(code, plain["other"])
    for code in ("max_length", "null_characters_not_allowed"):
        field.error_messages.setdefault(code, plain[code])
    if isinstance(field, forms.MultiValueField):
        for part in field.fields:
            give_plain_errors(part)


class PlainErrorsMixin:
    """Every field of the form gets a limit and messages written for people (see above)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            give_plain_errors(field)
