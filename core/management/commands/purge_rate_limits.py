from django.core.management.base import BaseCommand

from core.ratelimit import forget_ended_windows


class Command(BaseCommand):
    help = "Delete rate-limit counts whose window has ended (when counts are kept in the database)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Deleted {forget_ended_windows()} ended rate-limit counts.")
