#!/usr/bin/env python
"""Django's command-line utility: migrations, seed_demo, check_eligibility and the other commands."""

import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqo_portal.settings")
    # The command line is where developers and bureau IT scripts work in a checkout, so with DEBUG
    # unset it uses the development defaults (embedded SQLite, dev keys). The web (gunicorn, wsgi.py)
    # and Celery default to production and refuse to start without SECRET_KEY and the ID keys;
    # a production shell sets DEBUG=0 explicitly (README, "Deploying").
    os.environ.setdefault("DEBUG", "1")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
