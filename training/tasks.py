"""Celery tasks of training: the graduate import's validation and its writing (services.graduates)."""

from celery import shared_task

from .services import graduate_import_apply, graduate_import_validate


@shared_task(
    name="training.graduate_import_validate", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3
)
def graduate_import_validate_task(*, import_id: int) -> str:
    """Validate an uploaded graduate file; returns the import's status."""
    return graduate_import_validate(import_id=import_id).status


@shared_task(name="training.graduate_import_apply", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def graduate_import_apply_task(*, import_id: int) -> str:
    """Write a confirmed graduate import, all or nothing; returns the import's status."""
    return graduate_import_apply(import_id=import_id).status
