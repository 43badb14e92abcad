"""Celery tasks of certificates (kept apart from training/tasks.py, the graduate import's): the cohort's zip."""

from celery import shared_task

from .services.certificate_files import bundle_build


@shared_task(name="training.build_certificate_bundle", acks_late=True)
def build_certificate_bundle(bundle_id: int) -> int:
    """Build one cohort's zip of certificate PDFs; its progress is on the bundle's row."""
    return bundle_build(bundle_id=bundle_id).progress_done
