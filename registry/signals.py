"""Registry events that apps above it (the talent pool) listen to, so registry never imports them.

Both are sent inside the write's transaction, so a listener's own writes commit or roll back with it.
"""

from django.dispatch import Signal

# A person's facts changed (profile, findings, appointments, certificates): kwargs `person_ids`.
persons_changed = Signal()

# An enterprise's profile or size changed, which every person shown with it depends on: kwargs `enterprise`.
enterprise_changed = Signal()
