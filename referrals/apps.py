from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Requests for support: professional referrals and families asking for themselves,
    with consent, triage, waiting clocks and outcomes."""

    name = "referrals"

    def ready(self) -> None:
        from referrals import signals  # noqa: F401  (connects the receivers)
