from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from accounts.middleware import note_sign_in_time
        from accounts.services import forget_signed_in_session, remember_signed_in_session
        from accounts.two_factor import note_code_needed

        user_logged_in.connect(remember_signed_in_session, dispatch_uid="accounts.remember_session")
        user_logged_in.connect(note_sign_in_time, dispatch_uid="accounts.note_sign_in_time")
        user_logged_in.connect(note_code_needed, dispatch_uid="accounts.note_code_needed")
        user_logged_out.connect(forget_signed_in_session, dispatch_uid="accounts.forget_session")


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by our BackOfficeSite (installed in place of django.contrib.admin)."""

    default = False
    default_site = "accounts.admin_site.BackOfficeSite"
