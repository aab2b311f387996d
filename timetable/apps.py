from django.apps import AppConfig


class TimetableConfig(AppConfig):
    name = "timetable"

    def ready(self) -> None:
        from timetable import signals  # noqa: F401 (connects the receivers)
