"""Lets the eligibility browser test use the project's Chromium fixtures from tests/browser."""

from tests.browser.conftest import browser, login, page, screenshot  # noqa: F401
