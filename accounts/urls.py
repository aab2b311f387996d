from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import manage_views, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("staff/", views.staff_home, name="staff_home"),
    path("two-factor/", two_factor_views.enter_code, name="two_factor"),
    path("two-factor/set-up/", two_factor_views.set_up, name="two_factor_set_up"),
    path(
        "two-factor/recovery-code/",
        two_factor_views.enter_recovery_code,
        name="two_factor_recovery",
    ),
    path(
        "two-factor/new-recovery-codes/",
        two_factor_views.new_recovery_codes,
        name="two_factor_new_recovery_codes",
    ),
    path("two-factor/turn-off/", two_factor_views.turn_off, name="two_factor_turn_off"),
    path(
        "invitation/<uidb64>/<token>/",
        manage_views.accept_invitation,
        name="accept_invitation",
    ),
    path("create/", views.sign_up, name="sign_up"),
    path("create/check-your-email/", views.check_email, name="check_email"),
    path("confirm/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("reset-password/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset-password/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "reset-password/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset-password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
