from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "培训"

    def ready(self):
        # The services queue the import's tasks by name; registering them here makes that work in every process
        # (a worker autodiscovers them too, but a web process running them eagerly without Redis does not).
        from . import tasks  # noqa: F401
