"""Single-use links in emails, signed with SECRET_KEY and expiring after PASSWORD_RESET_TIMEOUT."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Valid until the account is activated: activation changes the hash, so a link works once."""

    key_salt = "accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.email}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


class StaffInvitationTokenGenerator(PasswordResetTokenGenerator):
    """The link in an invitation to set a first password: it stops working once the password is
    set (the hash includes it and the account being active), or after PASSWORD_RESET_TIMEOUT."""

    key_salt = "accounts.tokens.StaffInvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


staff_invitation_token = StaffInvitationTokenGenerator()
