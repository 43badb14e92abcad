"""Pytest plugin loaded before Django starts: test defaults for settings read from the environment."""

import os

# Tests run with the development defaults (no HTTPS redirect, plain static storage); the
# production settings are exercised by tests/test_security.py in a subprocess.
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
