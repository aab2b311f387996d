"""Writing to the audit log: the one function every app calls when it touches family data."""

from django.db import models

from audit.models import AuditEvent


def record(actor, action: str, obj: models.Model, detail: str = "") -> AuditEvent:
    """Append who did `action` to `obj`. `detail` must hold no personal data (ids, field names)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail,
    )
