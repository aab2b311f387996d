"""The demo's illustrative editor and provider user exist only on a local (DEBUG) instance."""

import pytest
from django.contrib.auth.models import User

from core import demo_data
from core.demo import load_demo
from directory.scopes import is_directory_editor, services_for

pytestmark = pytest.mark.django_db


def test_locally_the_demo_has_an_editor_and_an_eput_provider_user(settings):
    settings.DEBUG = True
    load_demo()
    load_demo()  # running it again changes nothing

    editor = User.objects.get(username="editor@thurrock.example")
    provider = User.objects.get(username="provider@eput.example")
    assert editor.check_password(demo_data.DEMO_STAFF_PASSWORD)
    assert is_directory_editor(editor) and not is_directory_editor(provider)
    provided = set(services_for(provider).values_list("organization__alternate_name", flat=True))
    assert provided == {"EPUT"}


def test_with_debug_off_no_demo_sign_in_exists(settings):
    settings.DEBUG = False
    load_demo()
    assert not User.objects.filter(username__in=[s["email"] for s in demo_data.DEMO_STAFF]).exists()
