"""The portal's Celery app with the reminder sweep scheduled every two seconds: what the reliability tests start
`celery beat` with (twice, to show that a second beat by mistake sends nothing twice). Not used in production."""

from cqo_portal.celery import app

app.conf.beat_schedule = {"filing-reminders-fast": {"task": "filings.sweep_reminders", "schedule": 2.0}}
