"""The demo's illustrative editor and provider user exist only on a local (DEBUG) instance."""

import pytest
from django.contrib.auth.models import User
from django.core.checks import run_checks

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


def _deploy_errors() -> list[str]:
    return [m.id for m in run_checks(include_deployment_checks=True) if m.id == "core.E001"]


def test_check_deploy_refuses_the_demo_sign_in_until_it_is_gone(settings):
    settings.DEBUG = True
    load_demo()
    assert _deploy_errors() == ["core.E001"]

    editor = User.objects.get(username="editor@thurrock.example")
    others = User.objects.filter(username__in=[s["email"] for s in demo_data.DEMO_STAFF])
    others.exclude(pk=editor.pk).delete()
    assert _deploy_errors() == ["core.E001"]  # one open account is enough

    editor.set_password("a password of the council's own choosing")
    editor.save()
    assert _deploy_errors() == []
