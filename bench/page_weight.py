"""What a first visit to a public page costs the browser: bytes transferred, requests.

Drives Debian's chromium with Playwright against a running server (production-like:
DEBUG off, whitenoise serving compressed static files; see bench/README.md), one fresh
browser context per page, so nothing is cached. Bytes are chromium's own count of what
crossed the wire (headers included, after brotli/gzip), as DevTools shows "transferred".

    .venv/bin/python bench/page_weight.py http://127.0.0.1:8791 /it/ /it/partnerships/
    .venv/bin/python bench/page_weight.py URL PATH... --screenshots DIR   # 1366 and 390 px
"""

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"

# A classic <script> with neither defer nor async stops the parser until it has been
# downloaded and run: what Lighthouse calls render-blocking.
BLOCKING_SCRIPTS = """
[...document.querySelectorAll("script[src]")]
  .filter((s) => !s.defer && !s.async && s.type !== "module")
  .map((s) => s.getAttribute("src"))
"""


def measure(browser: Browser, url: str, *, width: int = 1366) -> dict:
    """Bytes and requests of one cold load of `url`, by resource type."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    types: dict[str, str] = {}
    urls: dict[str, str] = {}
    transferred: dict[str, int] = {}

    def received(event: dict) -> None:
        types[event["requestId"]] = event["type"]
        urls[event["requestId"]] = event["response"]["url"]

    cdp.on("Network.responseReceived", received)
    cdp.on(
        "Network.loadingFinished",
        lambda e: transferred.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    page.goto(url, wait_until="networkidle")
    blocking = page.evaluate(BLOCKING_SCRIPTS)
    context.close()
    by_type: dict[str, int] = defaultdict(int)
    for request_id, size in transferred.items():
        by_type[types.get(request_id, "Other")] += size
    return {
        "bytes": sum(transferred.values()),
        "requests": len(transferred),
        "by_type": dict(by_type),
        "blocking_scripts": blocking,
        "files": {urls.get(r, r): size for r, size in transferred.items()},
    }


def screenshots(browser: Browser, url: str, folder: Path, name: str) -> list[Path]:
    """Full-page screenshots at desktop and phone widths, plus the phone menu opened."""
    taken = []
    for width in (1366, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        path = folder / f"{name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        taken.append(path)
        if width < 992:  # Bootstrap Italia's lg breakpoint: the menu is behind the toggler
            page.click(".custom-navbar-toggler")
            page.wait_for_selector("#main-nav .navbar-nav", state="visible")
            path = folder / f"{name}-{width}-menu.png"
            page.screenshot(path=path)
            taken.append(path)
        context.close()
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="server root, e.g. http://127.0.0.1:8791")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--screenshots", type=Path, help="folder for PNG screenshots")
    parser.add_argument("--files", action="store_true", help="list every request's size")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        print(f"{'page':40} {'KB':>7} {'req':>4}  by type (KB)")
        for path in args.paths:
            result = measure(browser, args.base + path)
            kinds = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(result["by_type"].items()))
            print(f"{path:40} {result['bytes'] / 1024:7.1f} {result['requests']:4}  {kinds}")
            if args.files:
                for url, size in sorted(result["files"].items(), key=lambda item: -item[1]):
                    print(f"{'':40} {size / 1024:7.1f} {url.removeprefix(args.base)}")
            if result["blocking_scripts"]:
                print(f"{'':40} render-blocking: {', '.join(result['blocking_scripts'])}")
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
                name = path.strip("/").replace("/", "_") or "root"
                for shot in screenshots(browser, args.base + path, args.screenshots, name):
                    print(f"{'':40} {shot}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
