"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Without Chromium these tests skip, and the run ends with a loud notice; CI sets
TRUSTBEAT_REQUIRE_BROWSER=1, which turns that skip into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's guard against
# calling the ORM from async code would otherwise trip on our plain synchronous ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM_PATH", ""),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SKIPPED_BROWSER_TESTS: list[str] = []
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    return found


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        message = "Chromium not found: browser tests cannot run (apt-get install chromium)."
        if os.environ.get("TRUSTBEAT_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " TRUSTBEAT_REQUIRE_BROWSER=1 makes this a failure.")
        SKIPPED_BROWSER_TESTS.append(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh phone-sized page; `page.base_url` is the live server's address."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="en-US"
    )
    # No network beyond the live server: map tiles and anything external fail fast,
    # which is also how pages must behave when tiles are unreachable.
    context.route(
        "**/*",
        lambda route: route.continue_()
        if route.request.url.startswith(live_server.url)
        else route.abort(),
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    # The Content-Security-Policy has no unsafe-inline: anything it blocks (an inline
    # script or style that crept back) fails the test that loaded it.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: blocked.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    yield page
    context.close()
    assert not blocked, "the Content-Security-Policy blocked:\n" + "\n".join(blocked)


@pytest.fixture
def check_accessibility() -> Any:
    """Run axe-core (WCAG 2.2 A/AA rules) on the page and fail listing each violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Any) -> None:
        results = axe.run(
            page,
            options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
        )
        violations = results.response.get("violations", [])
        details = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
        ]
        assert not violations, f"axe found violations on {page.url}:\n" + "\n".join(details)

    return check
