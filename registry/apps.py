from django.apps import AppConfig


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "人才库与企业"

    def ready(self):
        # The previous sign-in is kept for the home page, and signing in writes no account-history row.
        from django.contrib.auth.signals import user_logged_in

        from .services.accounts import account_signed_in

        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(account_signed_in, dispatch_uid="update_last_login")
