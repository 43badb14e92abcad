"""The dashboard's beat task: render the province's and every city's panel ahead of time (dashboards/panels.py)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import panels


@shared_task(name="dashboards.refresh", autoretry_for=(ConnectionError, OperationalError), retry_backoff=True)
def refresh_dashboards() -> int:
    return panels.refresh_all()
