"""Create the staff groups with their permissions (object-level scoping is in accounts.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FAMILY_MODELS = ["family", "adult", "child", "consent"]

GROUPS = {
    # Reads and changes families at their hubs; erasure goes through the data-rights service.
    "Hub staff": [
        f"families.{action}_{model}"
        for model in FAMILY_MODELS
        for action in ("view", "add", "change")
    ],
    # Keeps the directory current; sees no family data.
    "Directory editors": [
        f"{app}.{action}_{model}"
        for app, models in {
            "directory": [
                "organization",
                "program",
                "service",
                "location",
                "address",
                "serviceatlocation",
                "schedule",
                "costoption",
                "contact",
                "phone",
                "language",
                "accessibility",
                "servicearea",
                "taxonomy",
                "taxonomyterm",
                "attribute",
            ],
            "campaigns": ["campaign", "event", "newspost"],
        }.items()
        for model in models
        for action in ("view", "add", "change", "delete")
    ],
    # Read-only over the directory; reports are aggregates, never a family's record.
    "Commissioners": [
        f"directory.view_{model}" for model in ("organization", "service", "location")
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0001_initial"),
        ("campaigns", "0001_initial"),
        ("families", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
