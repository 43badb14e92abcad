"""Pytest plugin loaded before Django starts: test defaults for settings read from the environment."""

import os

# Tests run with the development defaults (no HTTPS redirect, plain static storage); the
# production settings are exercised by tests/test_security.py in a subprocess.
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# Production settings require the resident-ID keys; subprocesses that start the portal with
# DEBUG=0 inherit these test-only values.
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "dGVzdC1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcy1sb24=")
os.environ.setdefault("ID_HASH_KEY", "test-only-id-hash-key")
# Public certificate verification is limited per client address, counted in the cache (Redis in CI, shared by
# every test): off unless a test sets settings.VERIFY_LIMITS, so the matrix and the fuzzers are never refused.
os.environ.setdefault("VERIFY_LIMITS", "")
# The dashboards' figures and rendered panels are kept in that cache too: computed afresh in every test unless it
# sets settings.DASHBOARD_CACHE_SECONDS, so one test's figures never show on another test's page.
os.environ.setdefault("DASHBOARD_CACHE_SECONDS", "0")
# Likewise the pool's size estimate, kept in each process's memory: read afresh in every test.
os.environ.setdefault("POOL_ESTIMATE_SECONDS", "0")
