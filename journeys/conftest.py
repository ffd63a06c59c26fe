"""Real-browser journeys: Playwright drives Debian's Chromium against a live server.

Screenshots of each step go to var/screenshots/<journey>/ (the README shows the key ones).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # The hook sees the whole session's items: only the journeys here are browser tests.
    journeys = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (.ci/run installs Debian's chromium)")
        for item in journeys:
            item.add_marker(skip)
    for item in journeys:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


def _page(browser, live_server, **options):
    """A page of a new browser context; the JavaScript errors it meets are kept on `page.js_errors`."""
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **options)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    return context, page


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized page in Chinese, as most residents use the platform, with Binzhou as its location."""
    context, page = _page(browser, live_server, viewport={"width": 390, "height": 844}, device_scale_factor=1,
                          geolocation={"latitude": 37.3835, "longitude": 117.9707}, permissions=["geolocation"])
    yield page
    context.close()


@pytest.fixture
def desk_page(browser, live_server):
    context, page = _page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


class Shots:
    def __init__(self, journey: str):
        self.folder = SHOTS / journey
        self.folder.mkdir(parents=True, exist_ok=True)
        self.n = 0

    def __call__(self, page, step: str) -> Path:
        self.n += 1
        path = self.folder / f"{self.n:02d}-{re.sub(r'[^a-z0-9-]+', '-', step.lower())}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(request):
    return Shots(request.node.name.removeprefix("test_"))


def sign_in(page, phone: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", phone)
    page.fill("#id_password", password)
    page.click("#login-form button[type=submit]")
