from django.core.management.base import BaseCommand

from families.services import purge_expired_families, retention_period_days


class Command(BaseCommand):
    help = (
        "Erase families with no activity for longer than the retention period "
        "(setting FAMILYHUBS_FAMILY_RETENTION_DAYS, 3 years by default). Run it daily."
    )

    def handle(self, *args, **options) -> None:
        erased = purge_expired_families()
        self.stdout.write(
            f"Erased {erased} families inactive for more than {retention_period_days()} days."
        )
