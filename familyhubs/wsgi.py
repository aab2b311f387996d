import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhubs.settings")
application = get_wsgi_application()

from core.serving import prepare_to_serve  # noqa: E402 (needs Django set up first)

prepare_to_serve()
