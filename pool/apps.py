from django.apps import AppConfig


class PoolConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pool"
    verbose_name = "人才库"

    def ready(self):
        # The pool follows every write below it: registry and training announce changes, the pool listens.
        from registry import signals

        from . import services

        signals.persons_changed.connect(services.on_persons_changed, dispatch_uid="pool-persons")
        signals.enterprise_changed.connect(services.on_enterprise_changed, dispatch_uid="pool-enterprise")
