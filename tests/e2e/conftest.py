"""Browser tests: Playwright for Python driving Debian's chromium against live_server.

No browser is downloaded: chromium comes from apt (`apt-get install chromium`).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# live_server runs Django in a thread while Playwright's sync API keeps an event
# loop in this one; Django's async-safety check would otherwise refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts"
# Screenshots written during this run, for the terminal summary.
TAKEN: list[Path] = []


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on(
        "console",
        lambda message: page.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir():
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nScreenshots are written to {folder}")
    return folder


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page, one line each."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            });
            return result.violations.map(
                (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`
            );
        }"""
    )
    return result


def pytest_terminal_summary(terminalreporter):
    """Say where this run's screenshots are, so a person can look at them."""
    if TAKEN:
        terminalreporter.write_sep("-", "screenshots")
        terminalreporter.write_line(f"{len(TAKEN)} screenshots in {TAKEN[0].parent}")
