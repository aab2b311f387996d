import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_language_codes_listed_from_the_index"),
        ("reports", "0002_attendance_tallies"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkingDay",
            fields=[
                ("day", models.DateField(primary_key=True, serialize=False)),
                ("number", models.PositiveIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="RequestTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(help_text="The first day of the first month counted."),
                ),
                (
                    "months",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="1, or 3 for a quarter's rows, or 12 for a financial year's.",
                    ),
                ),
                ("measure", models.CharField(max_length=20)),
                ("value", models.CharField(blank=True, max_length=20)),
                ("requests", models.PositiveIntegerField()),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="directory.service",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["measure", "month", "months", "service", "value", "requests"],
                        name="request_tally_read",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("measure", "month", "months", "service", "value"),
                        name="one_request_tally_a_value",
                    )
                ],
            },
        ),
    ]
