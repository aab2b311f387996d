"""Writing to the audit log: the one function every app calls when it touches family data."""

from django.db import models

from audit.models import AuditEvent


def _signed_in(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def record(actor, action: str, obj: models.Model, detail: str = "") -> AuditEvent:
    """Append who did `action` to `obj`. `detail` must hold no personal data (ids, field names)."""
    return AuditEvent.objects.create(
        actor=_signed_in(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail,
    )


def record_each(actor, action: str, objs: list[models.Model], detail: str = "") -> None:
    """Append one event per object in a single query (a list page showing several records)."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=_signed_in(actor),
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            detail=detail,
        )
        for obj in objs
    )
