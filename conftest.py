"""Fixtures shared by every app's tests: the two-of-everything world and signed-in clients."""

import pytest

from cqo_portal.celery import app as celery_app
from cqo_portal.testing.world import build_world

pytest_plugins = ["cqo_portal.testing.browser"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2's deliberate slowness would dominate the suite; tests check permissions, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(client, world):
    """A function giving a test client signed in as one of the world's principals."""

    def sign_in(principal: str):
        client.logout()
        user = world.user(principal)
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process in tests unless a test starts a real worker (tests/test_celery.py)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
