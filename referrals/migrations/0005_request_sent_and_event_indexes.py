from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_inbox_triage_index_covers_filters"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="requestevent",
            index=models.Index(fields=["at"], name="request_event_at"),
        ),
        migrations.AddIndex(
            model_name="requestforsupport",
            index=models.Index(fields=["sent_at"], name="request_sent"),
        ),
    ]
