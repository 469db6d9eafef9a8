"""Several named users in one browser test, each in their own browser context (their own
cookies, as on their own machines), for the flow tests that pass work from role to role.

Every user logs in through the login form. Every page of every context is watched the way
conftest.py's `page` fixture watches its page, and more strictly: a JavaScript error, a
console error or a static file answered with 400 or more fails the test when the stage
closes. A phone copy of a page (390 × 844, touch) shows the same address with the same
session; its screenshots also check that the page does not scroll sideways.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from childwelfare.testing.people import DEMO_PASSWORD

from .conftest import SCREENSHOT_DIR, SIDEWAYS, TIMEOUT_MS, VIEWPORTS


def is_favicon(url: str) -> bool:
    """The site has no favicon and the base layout names none, so Chromium's own request for
    /favicon.ico is a 404 logged on the console of the first page of every context. That is
    the browser asking, not the page: not counted (the pages' own requests still are)."""
    return url.split("?")[0].endswith("/favicon.ico")


def watch(page: Page, problems: list[str]) -> None:
    """Record on `problems` what must not happen on a page: a JavaScript error, an error on
    the console, a static file that is missing or refused."""
    page.on("pageerror", lambda error: problems.append(f"{page.url}: JavaScript error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: console error: {message.text} ({message.location.get('url')})")
            if message.type == "error" and not is_favicon(message.location.get("url", ""))
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"HTTP {response.status} for {response.url}")
            if response.status >= 400 and "/static/" in response.url
            else None
        ),
    )


def overflow_px(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0 or less: no sideways scroll).
    Measured against the document's clientWidth: in a phone context `innerWidth` grows with
    a page that is too wide, so a difference with it is always 0."""
    return page.evaluate(SIDEWAYS)


def expect_message(page: Page, text: str | re.Pattern) -> None:
    """The flash message (role=status alert at the top of <main>) saying `text`."""
    expect(page.locator("main > .alert[role=status]").filter(has_text=text)).to_be_visible()


class Stage:
    """The browser contexts of one test. `as_user(name)` gives that user's page, logged in
    (through the form) on first use; `phone(page)` a phone-width copy of a page;
    `shot(page, step)` a full-page screenshot under test-output/screenshots/."""

    def __init__(self, browser: Browser, base_url: str, test_name: str):
        self.browser = browser
        self.base_url = base_url
        self.test_name = test_name
        self.problems: list[str] = []
        self._pages: dict[tuple[str, str], Page] = {}
        self._viewports: dict[Page, str] = {}
        self._contexts = []

    def _new_page(self, viewport: str, storage_state=None) -> Page:
        phone = viewport == "phone"
        context = self.browser.new_context(
            viewport=VIEWPORTS[viewport],
            base_url=self.base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            is_mobile=phone,
            has_touch=phone,
            storage_state=storage_state,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        self._contexts.append(context)
        page = context.new_page()
        watch(page, self.problems)
        self._viewports[page] = viewport
        return page

    def as_user(self, username: str, viewport: str = "desktop") -> Page:
        """The page of `username` at `viewport`, logged in through the login form."""
        key = (username, viewport)
        if key not in self._pages:
            page = self._new_page(viewport)
            page.goto("/login/")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="登录").click()
            expect(page).not_to_have_url(re.compile(r"/login/"))
            self._pages[key] = page
        return self._pages[key]

    def phone(self, page: Page) -> Page:
        """The same address, with the same session, on a phone (a new context each call)."""
        copy = self._new_page("phone", storage_state=page.context.storage_state())
        copy.goto(page.url)
        return copy

    def shot(self, page: Page, step: str) -> Path:
        """Save <test>-<viewport>-<step>.png; at phone width also fail if the page is wider
        than the screen."""
        viewport = self._viewports[page]
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{self.test_name}-{viewport}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        if viewport == "phone":
            overflow = overflow_px(page)
            assert overflow <= 0, f"{step}: the page is {overflow} px wider than a phone screen"
        return path

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        assert not self.problems, "\n".join(self.problems)
