"""Fixtures shared by every app's tests: a real headless Chromium, and axe-core in it."""

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ARTIFACTS = Path(__file__).parent / "test-artifacts"
AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"

# Random-example tests: CI gives the same examples on every run (and more of them); developers'
# machines explore new ones. Every failure either ever found is pinned with @example in its test.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be allowed there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose, and the tests make thousands of accounts: they hash with MD5.
    The test that checks production's hasher sets PASSWORD_HASHERS back itself."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def searches_unlimited(settings):
    """Hundreds of random searches from one address: lift the search rate limit."""
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "search": {"per_address": 10**6, "per_account": 10**6, "minutes": 1},
    }


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (Debian package 'chromium')."
        if os.environ.get("FAMILYHUBS_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab, phone-sized (mobile first), with JavaScript on."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Call screenshot('name') to save a full-page PNG in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe_violations(page):
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the current page; returns the violations."""

    # Loaded into each page before the page's own scripts: the content security policy blocks a
    # <script> tag added afterwards.
    page.add_init_script(path=str(AXE_SCRIPT))

    def run() -> list[dict]:
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
        )
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]

    return run


@pytest.fixture(autouse=True)
def rate_limits_counted_in_the_database():
    """The suite's own sign-ins and searches count against the rate limits in the database, where
    each test's counts go with it, even when REDIS_URL is set (Redis tests switch themselves)."""
    from django.test import override_settings

    with override_settings(RATE_LIMIT_STORE="database"):
        yield


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, signed in with both steps: the back office needs two-factor."""
    from accounts.tests.factories import sign_in_with_two_factor

    sign_in_with_two_factor(client, admin_user)
    return client
