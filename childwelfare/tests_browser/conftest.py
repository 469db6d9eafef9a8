"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

The browser is started once per test module. Screenshots go to test-output/screenshots/
(gitignored) so that a person can look at what the pages show at desktop and phone width.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-output" / "screenshots"
# The flags Chromium needs here: root (no sandbox), no GPU, small /dev/shm in containers,
# and no calls home (the machine's closed network refuses them, slowly).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TIMEOUT_MS = 20_000


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium (playwright Browser), one per test module, so that Playwright's
    event loop and the flag below end with the browser tests even in a plain `pytest` run
    of everything. Skips when there is no Chromium, unless REQUIRE_BROWSER=1 makes that a
    failure."""
    path = chromium_path()
    if path is None:
        message = "Chromium not found (/usr/bin/chromium or CHROMIUM_PATH)"
        if os.environ.get("REQUIRE_BROWSER", "").lower() in {"1", "true", "yes", "on"}:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    # The sync API keeps an asyncio loop in this thread; Django would then refuse ORM calls
    # made by the test itself (setting up data) as "async unsafe". They are not: the loop
    # only drives the browser. Only for the browser tests, and restored afterwards.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    """Each browser test runs once at desktop width and once at phone width."""
    return request.param


@pytest.fixture
def page(chromium, live_server, viewport):
    """A fresh browser context (no cookies) at the viewport's size, its base URL the live
    server. Fails the test on a JavaScript error or a missing static file."""
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport],
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"HTTP {response.status} for {response.url}")
            if response.status >= 400 and "/static/" in response.url
            else None
        ),
    )
    yield page
    context.close()
    assert not problems, "\n".join(problems)


# How many CSS pixels the page is wider than the window, against the document's clientWidth
# (a phone context's innerWidth grows with a page that is too wide).
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def screenshot(page, viewport, request):
    """screenshot("child-file") saves test-output/screenshots/<test>-<viewport>-child-file.png.
    At phone width it also checks that the page does not scroll sideways."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    test_name = request.node.originalname.removeprefix("test_")

    def take(step: str) -> Path:
        path = SCREENSHOT_DIR / f"{test_name}-{viewport}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        if viewport == "phone":
            overflow = page.evaluate(SIDEWAYS)
            assert overflow <= 0, f"{step}: the page is {overflow} px wider than a phone screen"
        return path

    return take
