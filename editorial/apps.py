from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Keeping listings true: changes waiting for review, versions, freshness checks and
    problems parents report."""

    name = "editorial"
