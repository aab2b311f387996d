from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.services import remember_signed_in_session

        user_logged_in.connect(remember_signed_in_session, dispatch_uid="accounts.remember_session")
