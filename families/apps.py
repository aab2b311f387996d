from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from families.services import mark_parent_active

        user_logged_in.connect(mark_parent_active, dispatch_uid="families.mark_parent_active")
