"""Write what's on's upcoming sessions again for the window starting today.

    manage.py rebuild_whats_on

Run it daily (the window moves on a day) and after bulk changes such as `import_oruk`; edits
made through the site and the back office keep the sessions current as they happen.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from timetable.upcoming import WINDOW, rebuild


class Command(BaseCommand):
    help = "Rebuild the upcoming sessions what's on lists (run daily)."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        count = rebuild(today)
        self.stdout.write(
            f"What's on holds {count} sessions and events from {today:%-d %B %Y} "
            f"for {WINDOW.days // 7} weeks."
        )
