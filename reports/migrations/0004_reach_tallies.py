import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_language_codes_listed_from_the_index"),
        ("families", "0002_family_registered_index"),
        ("reports", "0003_request_tallies"),
    ]

    operations = [
        migrations.CreateModel(
            name="FirstAttendance",
            fields=[
                (
                    "family",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="families.family",
                    ),
                ),
                (
                    "starts_at",
                    models.DateTimeField(help_text="The start of the first session they came to."),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["starts_at"], name="first_attendance_when")],
            },
        ),
        migrations.CreateModel(
            name="ReachTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.CharField(max_length=12)),
                ("small_area", models.CharField(blank=True, max_length=9)),
                ("registered", models.PositiveIntegerField(default=0)),
                ("new", models.PositiveIntegerField(default=0)),
                ("seen", models.PositiveIntegerField(default=0)),
                ("returning", models.PositiveIntegerField(default=0)),
                ("expecting_registered", models.PositiveIntegerField(default=0)),
                ("expecting_seen", models.PositiveIntegerField(default=0)),
                (
                    "location",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="directory.location",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["period", "location"], name="reach_tally_by_period")
                ],
            },
        ),
        migrations.CreateModel(
            name="ReachTallied",
            fields=[
                ("period", models.CharField(max_length=12, primary_key=True, serialize=False)),
                ("through", models.DateField()),
                (
                    "hubs",
                    models.JSONField(help_text="Ids of the family hubs the all-hubs rows count."),
                ),
            ],
        ),
    ]
