from django.core.management.base import BaseCommand

from core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data drawn from the seeds. Safe to run again: it never duplicates rows."

    def handle(self, *args, **options):
        counts = load_demo()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
