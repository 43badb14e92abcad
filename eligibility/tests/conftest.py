"""A Chromium page for the eligibility browser test, driven from its own thread.

tests/browser keeps one Playwright session open for its whole run; a second sync session in
the same thread is refused, so this one runs in a worker thread and closes when the test ends.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture
def in_chromium():
    """Run `script(page)` in a fresh headless Chromium on a worker thread and return its result."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is absent: browser tests skipped (apt-get install chromium fonts-wqy-microhei)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("REQUIRE_BROWSER"):
            raise
        pytest.skip("playwright is not installed: browser tests skipped")

    def drive(script):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
            )
            try:
                context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.set_default_timeout(15_000)
                return script(page)
            finally:
                browser.close()

    def run(script):
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(drive, script).result()

    return run


@pytest.fixture
def save_screenshot():
    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
