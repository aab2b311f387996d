"""Helpers for GOV.UK Design System markup in templates."""

from django import forms, template

register = template.Library()


def field_anchor(field: forms.BoundField) -> str:
    """The id the error summary links to: the first input of a date, radios or the field."""
    if isinstance(field.field.widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    if isinstance(field.field.widget, forms.RadioSelect):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.simple_tag
def error_items(*forms_or_lists) -> list[tuple[str, str]]:
    """(anchor, message) for every error on the given forms (or lists of forms), in page order."""
    flat = []
    for item in forms_or_lists:
        flat.extend(item if isinstance(item, list | tuple) else [item])
    items = []
    for form in flat:
        if not isinstance(form, forms.BaseForm):
            continue
        first = next(iter(form.visible_fields()), None)
        for error in form.non_field_errors():
            items.append((field_anchor(first) if first else "main-content", error))
        for field in form.visible_fields():
            items.extend((field_anchor(field), error) for error in field.errors)
    return items


@register.filter
def widget_kind(field: forms.BoundField) -> str:
    """Which GOV.UK component renders this field: date, radios, checkboxes, select, checkbox,
    textarea or input."""
    widget = field.field.widget
    if isinstance(widget, forms.MultiWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # before RadioSelect, its base class
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"
