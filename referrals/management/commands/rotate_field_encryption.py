"""Re-encrypt every encrypted field with the newest key in FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first (`FIELD_ENCRYPTION_KEYS=new,old`), deploy, run this command,
then remove the old key. Safe to run again: each value is re-encrypted with the newest key.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from referrals.encryption import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the newest key in FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options) -> None:
        for model, names in encrypted_fields():
            count = 0
            rows = model.objects.only("pk", *names).order_by("pk")
            batch = []
            for row in rows.iterator(chunk_size=BATCH):
                batch.append(row)
                if len(batch) == BATCH:
                    count += self._save(model, batch, names)
                    batch = []
            count += self._save(model, batch, names)
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")

    def _save(self, model, rows: list, names: list[str]) -> int:
        # Loading decrypted them (with any key); saving encrypts them with the newest.
        with transaction.atomic():
            model.objects.bulk_update(rows, names)
        return len(rows)
