"""Celery tasks of the registry: the daily switch of appointments acknowledged ahead of their start date."""

from celery import shared_task

from .services import appointments_take_effect


@shared_task(
    name="registry.appointments_take_effect", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3
)
def appointments_take_effect_task() -> int:
    """Make current every scheduled appointment whose date has come; returns how many switched.

    Readers do not wait for it (AppointmentQuerySet.current counts a due switch as made); it writes the switch:
    the old posts ended, the person's employer, the pool, and the notices to the enterprises and city bureaux.
    """
    return appointments_take_effect()
