"""Deploy checks of the project itself: no production on the development keys printed in settings.py."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_keys(app_configs=None, **kwargs) -> list[Error]:
    """`check --deploy` fails while any secret is still the public development default."""
    public = [
        (
            "cqo_portal.E001",
            "SECRET_KEY",
            settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY,
        ),
        (
            "cqo_portal.E002",
            "FIELD_ENCRYPTION_KEY",
            settings.DEVELOPMENT_FIELD_ENCRYPTION_KEY in settings.FIELD_ENCRYPTION_KEYS,
        ),
        (
            "cqo_portal.E003",
            "ID_HASH_KEY",
            settings.ID_HASH_KEY == settings.DEVELOPMENT_ID_HASH_KEY,
        ),
        # Certificates signed with the development key (its seed is in training/certificates/signing.py) prove
        # nothing: anyone could sign a forged one.
        (
            "cqo_portal.E004",
            "CERTIFICATE_SIGNING_KEY_FILE",
            bool(settings.CERTIFICATE_DEVELOPMENT_KEY),
        ),
    ]
    return [
        Error(
            f"{name} is the development default printed in cqo_portal/settings.py, which anyone can read.",
            hint=f"Set {name} in the environment to a key of your own (README, Configuration).",
            id=check_id,
        )
        for check_id, name, is_public in public
        if is_public
    ]
