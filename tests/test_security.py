"""Production settings pass Django's deploy checks; pages carry a CSP with no inline scripts."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests and is itself a deploy warning.
    dropped = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-production-like-secret-key-with-enough-length-and-variety-8f19c9133cd88d6f",
        ALLOWED_HOSTS="cqo.example.gov.cn",
    )
    env.update(extra)
    return env


def test_check_deploy_reports_no_warnings():
    """`manage.py check --deploy --fail-level WARNING` passes under production settings."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


DEVELOPMENT_KEYS = {
    "SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production",
    "FIELD_ENCRYPTION_KEY": "ZGV2LW9ubHktZmllbGQta2V5LW5ldmVyLWluLXByb2Q=",
    "ID_HASH_KEY": "dev-only-id-hash-key-do-not-use-in-production",
}


@pytest.mark.parametrize("name", list(DEVELOPMENT_KEYS))
@pytest.mark.parametrize(
    "command",
    [
        ["manage.py", "check", "--deploy"],
        ["-c", "import cqo_portal.wsgi"],  # gunicorn's entry point
        ["-m", "celery", "-A", "cqo_portal", "report"],  # the Celery worker and beat load the same app
    ],
    ids=["check-deploy", "web", "celery"],
)
def test_production_refuses_to_start_on_a_development_key(name, command):
    """A key copied from the defaults printed in settings.py into the production environment stops every process."""
    value = DEVELOPMENT_KEYS[name]
    if name == "FIELD_ENCRYPTION_KEY":
        value = "dGVzdC1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcy1sb24=," + value  # even as an old decryption key
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=production_env(**{name: value}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr


def test_check_deploy_reports_development_keys_in_debug(settings):
    """A deploy check run where the keys are the development defaults (DEBUG on) fails with their ids."""
    from django.core.checks import run_checks

    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.FIELD_ENCRYPTION_KEYS = ["another-key", settings.DEVELOPMENT_FIELD_ENCRYPTION_KEY]
    settings.ID_HASH_KEY = settings.DEVELOPMENT_ID_HASH_KEY
    errors = {e.id for e in run_checks(include_deployment_checks=True) if e.is_serious()}
    assert {"cqo_portal.E001", "cqo_portal.E002", "cqo_portal.E003"} <= errors
    settings.SECRET_KEY = "a-production-like-secret-key-with-enough-length-and-variety-8f19c9133cd88d6f"
    settings.FIELD_ENCRYPTION_KEYS = ["another-key"]
    settings.ID_HASH_KEY = "another-hash-key"
    errors = {e.id for e in run_checks(include_deployment_checks=True)}
    assert not errors & {"cqo_portal.E001", "cqo_portal.E002", "cqo_portal.E003"}


def test_production_cookies_are_secure_and_http_only():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=production_env(DJANGO_SETTINGS_MODULE="cqo_portal.settings"),
    )
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("principal", ["anonymous", "province", "enterprise_a"])
def test_pages_send_a_csp_without_inline_scripts(client_for, principal):
    client = client_for(principal)
    response = client.get(reverse("home"), follow=True)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.content.decode()
    # A data block ({{ ...|json_script }}: type="application/json") is never executed; any other inline script is.
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", html), "inline <script> found"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler found"


def test_command_line_uses_development_defaults_when_debug_is_unset():
    """Scripts in a checkout (check_eligibility, seed_demo) run without any environment; production sets DEBUG=0."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "ID_HASH_KEY")
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    wsgi = subprocess.run(
        [sys.executable, "-c", "import cqo_portal.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert wsgi.returncode != 0 and "SECRET_KEY" in wsgi.stderr, "the web entry point must not default to DEBUG"
