"""Celery tasks of the talent pool: the nightly rebuild (verdicts depend on the date)."""

from celery import shared_task

from .services import pool_rebuild


@shared_task(name="pool.rebuild", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def pool_rebuild_task() -> int:
    """Re-derive every pool member and re-judge eligibility as of today; returns the member count."""
    return pool_rebuild()
