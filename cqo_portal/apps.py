"""The project as an app: its commands (seed_demo) and its deploy checks."""

from django.apps import AppConfig


class CqoPortalConfig(AppConfig):
    name = "cqo_portal"
    verbose_name = "首席质量官管理平台"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
