from django.apps import AppConfig


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "人才库与企业"

    def ready(self):
        # Temporary home until the talent pool becomes its own app, which will listen instead.
        from . import services, signals

        signals.persons_changed.connect(
            lambda sender, person_ids, **kw: services.pool_refresh(person_ids=person_ids),
            weak=False,
            dispatch_uid="pool-persons",
        )
        signals.enterprise_changed.connect(
            lambda sender, enterprise, **kw: services.pool_refresh_enterprise(enterprise=enterprise),
            weak=False,
            dispatch_uid="pool-enterprise",
        )
