from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "培训"

    def ready(self):
        # The graduate import queues its tasks by name (services sit below tasks); a web process, which Celery's lazy
        # autodiscovery never reaches, must have them registered before the first upload.
        from . import tasks  # noqa: F401
