"""A web process hides what it loaded at start-up from the garbage collector's full scans."""

import subprocess
import sys

from django.conf import settings


def test_the_wsgi_application_loads_every_view_then_freezes_what_it_loaded():
    probe = (
        "import gc, sys; import familyhubs.wsgi; "
        "print(gc.get_freeze_count(), 'web.views' in sys.modules, 'referrals.inbox_views' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    frozen, views_loaded, inbox_loaded = result.stdout.split()
    assert int(frozen) > 100_000, result.stderr  # Django and the platform's modules, at least
    assert views_loaded == inbox_loaded == "True"
