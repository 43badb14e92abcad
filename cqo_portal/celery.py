"""The Celery app: Redis broker, configuration from Django settings (CELERY_*), tasks autodiscovered."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqo_portal.settings")

app = Celery("cqo_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Certificate tasks live beside the graduate import's training/tasks.py, in a module of their own.
app.autodiscover_tasks(["training"], related_name="certificate_tasks")


@app.task(name="cqo_portal.health")
def health(token: str = "") -> dict:
    """Prove a worker is alive and can reach the database; echoes the token it was given."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"token": token, "database": one == 1}
