"""The roles of the professional side: provider users keep their organisation's listings,
professionals refer families, service teams triage requests for support. Their scopes are in
code (accounts.roles and each app's selectors), so the groups carry no model permissions."""

from django.db import migrations

GROUPS = ["Providers", "Professionals", "Service teams"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_staff_groups")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
