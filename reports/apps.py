from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports for hubs, services and commissioners: aggregates only, small numbers suppressed."""

    name = "reports"

    def ready(self) -> None:
        from reports import signals  # noqa: F401 (connects the receivers)
