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


def save_with_slug(form: ModelForm, title: str, by) -> models.Model:
    """Save a management form's record (and its links), audited as "add" or "change".

    A new record's slug comes from `title`; a changed record keeps its slug, so addresses parents
    have shared or bookmarked go on working when a title is corrected."""
    obj = form.instance
    adding = obj._state.adding
    attempts = 0
    while True:
        if adding:
            obj.slug = unique_slug(type(obj), title)
        try:
            with transaction.atomic():
                form.save()
                detail = "" if adding else "changed: " + ", ".join(form.changed_data)
                record(by, "add" if adding else "change", obj, detail)
            return obj
        except IntegrityError:
            # Someone else took the same slug between our check and our save: pick again.
            attempts += 1
            if not adding or attempts == SLUG_ATTEMPTS:
                raise
