"""Saving campaigns, events and news posts from the management pages: each gets an address
(slug) made from its title, and every change is written to the audit log."""

from django.db import IntegrityError, models, transaction
from django.forms import ModelForm
from django.utils.text import slugify

from audit.services import record
from campaigns.models import Campaign

# A campaign's address sits beside these fixed pages (campaigns/urls.py): it must not hide them.
RESERVED_CAMPAIGN_SLUGS = {"news", "events"}
SLUG_ATTEMPTS = 5


def unique_slug(model: type[models.Model], title: str) -> str:
    """A slug from the title no other record of `model` holds: "title", "title-2", "title-3"..."""
    max_length = model._meta.get_field("slug").max_length
    base = slugify(title)[: max_length - 4].strip("-") or model._meta.model_name
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if model is Campaign:
        taken |= RESERVED_CAMPAIGN_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _field_values(obj: models.Model) -> dict[str, object]:
    """A record's fields and the ids of its links, to compare before and after a change."""
    values: dict[str, object] = {
        f.name: f.value_from_object(obj) for f in obj._meta.concrete_fields
    }
    for field in obj._meta.many_to_many:
        values[field.name] = {linked.pk for linked in field.value_from_object(obj)}
    return values


def save_with_slug(form: ModelForm, title: str, by) -> models.Model:
    """Save a management form's record (and its links), audited as "add", or as "change" with
    the names of the fields that changed.

    A new record's slug comes from `title`; a changed record keeps its slug, so addresses parents
    have shared or bookmarked go on working when a title is corrected."""
    obj = form.instance
    adding = obj._state.adding
    # The form has already written the answers onto `obj`: the stored record is the "before".
    before = {} if adding else _field_values(type(obj).objects.get(pk=obj.pk))
    attempts = 0
    while True:
        if adding:
            obj.slug = unique_slug(type(obj), title)
        try:
            with transaction.atomic():
                form.save()
                if adding:
                    record(by, "add", obj)
                else:
                    after = _field_values(obj)
                    changed = [name for name, value in after.items() if before[name] != value]
                    record(by, "change", obj, "changed: " + ", ".join(changed))
            return obj
        except IntegrityError:
            # Someone else took the same slug between our check and our save: pick again.
            attempts += 1
            if not adding or attempts == SLUG_ATTEMPTS:
                raise
