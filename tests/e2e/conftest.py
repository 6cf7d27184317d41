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


# Runs in every document before its own scripts (Playwright's init scripts are not
# subject to the page's CSP) and reports each Content-Security-Policy violation.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation(
        `${event.disposition} ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` on ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`
    );
});
"""


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, uncaught exceptions and CSP violations.

    The site's CSP is enforced (the live server runs the real middleware); a
    violation fails the test even if no test looks at `page.errors`.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations: list[str] = []
    context.expose_function("reportCspViolation", lambda text: violations.append(text))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.errors = []
    page.csp_violations = violations
    page.on(
        "console",
        lambda message: page.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture(scope="session")
def artifacts_dir():
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nScreenshots are written to {folder}")
    return folder


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page, one line each."""
    # Evaluated through the DevTools protocol: a <script> tag would be (rightly)
    # refused by the site's CSP.
    page.evaluate(AXE_SCRIPT.read_text())
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
