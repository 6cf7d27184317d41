"""The cities4csr benchmark: `make bench` measures every target of issue 15 in one run.

    make bench                                   # quick: short runs, every target once
    make bench ARGS="--full"                     # longer runs, plus load mix and page weight
    make bench ARGS="--scale 10 --reuse"         # another scale; reuse a built database
    make bench ARGS="--sqlite"                   # without PostgreSQL
    make bench ARGS="--only digest,bell"         # some steps alone (see STEPS)

Builds (or reuses) a database at `generate_demo_data --scale S` plus the real data
(timing the build and its peak memory), and one at scale 0.1 to compare queries per
page; serves the app with gunicorn (2 workers, production settings) on loopback twice,
with Redis and with the database cache (the embedded default), and measures in each:

- req/s (wrk) of a bare Django view, then of every public page and API list, warm
  (served from the page cache), each as a % of the bare view of the same server;
- single-client p50/p95 cold (the cache cleared before each request), for public pages
  also with only the page entries deleted (fragments warm), and warm;
- a conditional GET of the API (304 on its ETag).

With Redis it also measures the signed-in admin changelists and workspace views, the
workers' peak RSS, the static files' headers and, in --full, `make load`'s mixed traffic
and a first visit's transfer size (chromium). Outside the servers: what the
notification bell adds to each workspace page's queries, and the subscription digest
for 10,000 subscribers (time and peak memory, bench/follow_digest.py on its own
database). Prints a table of the targets, pass or not, and writes everything to
bench/results/<date>-<label>.json, kept in git so later runs can be compared. The
machine's load average is recorded beside the figures: on a shared machine, compare
ratios to the bare view, not absolute times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "results"
SMALL_SCALE = 0.1

# Anonymous public pages: the "home, lists, details, city, plan, needs, numbers".
PAGES = {
    "home": "/it/",
    "partnership list": "/it/partnerships/",
    "partnership list, filtered": "/it/partnerships/?status=active&kind=company",
    "partnership list, page 2": "/it/partnerships/?page=2",
    "stakeholder directory": "/it/stakeholders/",
    "partnership detail": "/it/partnerships/nutriamiamoci-a-ponte-lambro/",
    "city page": "/it/cities/milano/",
    "IAP page": "/it/cities/milano/iap/",
    "needs board": "/it/needs/",
    "numbers page": "/it/numbers/",
}
# Every list endpoint of the API (cities4csr/api_urls.py), and one detail.
API = {
    f"API {name}": f"/api/v1/{name}/"
    for name in (
        "partnerships",
        "stakeholders",
        "cities",
        "themes",
        "participations",
        "network-events",
        "ulgs",
        "ulg-memberships",
        "small-scale-actions",
        "iaps",
        "iap-actions",
        "indicators",
        "measurements",
        "toolbox-resources",
        "needs",
        "pledges",
    )
} | {"API partnership detail": "/api/v1/partnerships/nutriamiamoci-a-ponte-lambro/"}
# Cold and warm latency in quick mode: the API's heaviest lists only.
QUICK_API_LATENCY = ("API partnerships", "API stakeholders", "API partnership detail")
BARE = "/bench/bare/"
BARE_EVERY = 5  # pages between two measures of the bare view
SIGNED_IN_PAGES = {
    "admin partnerships": "/admin/partnerships/partnership/",
    "admin stakeholders": "/admin/partnerships/stakeholder/",
    "admin interactions": "/admin/partnerships/interaction/",
    "admin contacts": "/admin/partnerships/contact/",
    "workspace my stakeholders": "/workspace/",
    "workspace pipeline": "/workspace/pipeline/",
    "workspace follow-ups": "/workspace/follow-ups/",
    # What a segment with three filters runs (portal/workspace/segments.py reads the
    # same filters on its city's stakeholders): stage, kind, no contact for 90 days.
    "workspace segment, 3 filters": "/workspace/?engagement_stage=prospect&kind=company"
    "&quiet_days=90",
}
# Two words both the real and the demo data contain; cache cold, so every request runs
# the search (issue 18: p95 under 100 ms on PostgreSQL at scale 1).
SEARCHES = {
    "search page, two words": "/it/search/?q=scuola+comune",
    "API search, two words": "/api/v1/search/?q=scuola+comune",
}
# The workspace pages whose queries are counted with and without the bell (issue 21:
# the bell adds at most one query a page).
BELL_PAGES = [path for name, path in SIGNED_IN_PAGES.items() if name.startswith("workspace")]
# What `--only` can run alone: "pages" is everything measured through the servers.
STEPS = ("pages", "bell", "digest")
FIRST_VISIT_PAGES = ("/it/", "/it/partnerships/", "/it/partnerships/nutriamiamoci-a-ponte-lambro/")


def run(command: list[str], env: dict | None = None) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def manage(env: dict, *args: str) -> str:
    return run([PYTHON, "manage.py", *args], env=env)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print("Installing wrk from Debian's packages…")
    run(["apt-get", "update", "-qq"])
    run(["apt-get", "install", "-y", "-qq", "wrk"])
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def database_url(args: argparse.Namespace, scale: float) -> str:
    name = f"{args.db_prefix}_{str(scale).replace('.', '_')}"
    if args.sqlite:
        return f"sqlite:///{RESULTS / (name + '.sqlite3')}"
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def timed_command(command: list[str], env: dict) -> dict:
    """Run `command`; its wall time, peak memory (the child's maximum RSS) and output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        _pid, status, usage = os.wait4(process.pid, 0)
        output.seek(0)
        text = output.read().decode()
        if status != 0:
            sys.exit(f"{' '.join(command)} failed:\n{text[-2000:]}")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "output": text,
    }


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])


def build(env: dict, args: argparse.Namespace, scale: float) -> dict:
    fresh_database(env["DATABASE_URL"])
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_cities4csr")
    generated = timed_command(
        [PYTHON, "manage.py", "generate_demo_data", "--scale", str(scale), "--no-progress"], env
    )
    analyze(env)
    generated.pop("output")
    seconds, memory = generated["seconds"], generated["peak_rss_mb"]
    print(f"  scale {scale}: generate_demo_data {seconds} s, {memory} MB")
    return generated


def analyze(env: dict) -> None:
    """Table statistics, as autovacuum keeps them in production: without them, the
    planner takes the freshly bulk-loaded tables for empty and picks nested loops."""
    manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
    )


def app_env(url: str, redis_db: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        # The production settings with bench/urls.py: the bare view is added there.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "TWO_FACTOR_REQUIRED": "False",
        "CONN_MAX_AGE": "60",
        # The anonymous API throttle would answer 429s to wrk: measure the app.
        "API_ANONYMOUS_THROTTLE_RATE": "",
    }


class Server:
    """gunicorn (2 workers) with one cache: "redis" or "database" (no REDIS_URL)."""

    def __init__(self, env: dict, cache: str, args: argparse.Namespace) -> None:
        self.cache = cache
        self.args = args
        self.base = f"http://127.0.0.1:{args.port}"
        self.env = dict(env)
        if cache == "database":
            self.env.pop("REDIS_URL")
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={
                **self.env,
                "WEB_CONCURRENCY": "2",
                "GUNICORN_BIND": f"127.0.0.1:{self.args.port}",
                "GUNICORN_ACCESS_LOG": "/dev/null",
                # No restart after N requests: at these rates workers would restart every
                # second (skewing req/s), and the peak RSS must cover the whole run.
                "GUNICORN_MAX_REQUESTS": "0",
            },
        )
        for _attempt in range(150):
            try:
                self.fetch("/healthz")
                break
            except OSError:
                time.sleep(0.2)
        self.clear_cache()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def fetch(self, path: str, headers: dict | None = None) -> tuple[int, float, dict]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                status, answer = response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            status, answer = error.code, dict(error.headers)
        return status, (time.perf_counter() - started) * 1000, answer

    def clear_cache(self) -> None:
        """Empty the cache the server uses (pages, fragments, version), as after a restart."""
        if self.cache == "redis":
            run(["redis-cli", "-n", str(self.args.redis_db), "flushdb"])
        elif self.args.sqlite:
            path = self.env["DATABASE_URL"].removeprefix("sqlite:///")
            with sqlite3.connect(path) as connection:
                connection.execute("DELETE FROM core_cache")
        else:
            run(["psql", self.env["DATABASE_URL"], "-qc", "DELETE FROM core_cache"])

    def clear_pages(self) -> None:
        """Delete only the stored pages: the fragments and the version stay, as when a
        page's entry expired, or a new query string asks for a list, with no record
        changed meanwhile (core/page_cache.py; "page-cache:version" is not a hex digest)."""
        if self.cache == "redis":
            script = "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end"
            pattern = "*page-cache:[0-9a-f]*"
            run(["redis-cli", "-n", str(self.args.redis_db), "EVAL", script, "0", pattern])
            return
        statement = (
            "DELETE FROM core_cache WHERE cache_key LIKE '%page-cache:%' "
            "AND cache_key NOT LIKE '%page-cache:version'"
        )
        if self.args.sqlite:
            path = self.env["DATABASE_URL"].removeprefix("sqlite:///")
            with sqlite3.connect(path) as connection:
                connection.execute(statement)
        else:
            run(["psql", self.env["DATABASE_URL"], "-qc", statement])

    def latency(
        self, path: str, *, cold: bool, samples: int, cookie: str = "", pages_only: bool = False
    ) -> dict:
        """Single-client p50/p95; `cold`: the cache emptied before each request (with
        `pages_only`, only the pages: fragments warm)."""
        headers = {"Cookie": cookie} if cookie else {}
        timings, statuses = [], set()
        if not cold or pages_only:
            self.fetch(path, headers)
        for _sample in range(samples):
            if cold and pages_only:
                self.clear_pages()
            elif cold:
                self.clear_cache()
            status, elapsed, _headers = self.fetch(path, headers)
            statuses.add(status)
            timings.append(elapsed)
        return {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "statuses": sorted(statuses),
        }

    def throughput(self, wrk: str, path: str, seconds: int, connections: int) -> dict:
        self.fetch(path)  # warm the cache
        output = run(
            [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", self.base + path]
        )
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        return {"req_per_s": round(rate, 1), "non_2xx": int(errors.group(1)) if errors else 0}

    def conditional_get(self, path: str) -> int:
        """The status of a GET carrying the ETag of the previous answer (304 expected)."""
        _status, _elapsed, headers = self.fetch(path)
        status, _elapsed, _headers = self.fetch(path, {"If-None-Match": headers.get("ETag", "")})
        return status

    def static_headers(self) -> dict:
        """How the biggest stylesheet is served: compressed, with a far-future lifetime."""
        manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
        name = manifest["paths"]["vendor/bootstrap-italia/css/bootstrap-italia.min.css"]
        _status, _elapsed, headers = self.fetch(f"/static/{name}", {"Accept-Encoding": "br, gzip"})
        return {
            "path": f"/static/{name}",
            "Content-Encoding": headers.get("Content-Encoding", ""),
            "Cache-Control": headers.get("Cache-Control", ""),
        }

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        master = self.process.pid if self.process else 0
        for pid in run(["pgrep", "-P", str(master)]).split():
            status = Path(f"/proc/{pid}/status").read_text()
            peak = re.search(r"VmHWM:\s+(\d+) kB", status) or re.search(
                r"VmRSS:\s+(\d+) kB", status
            )
            sizes.append(round(int(peak.group(1)) / 1024, 1))
        return sizes

    def load_mix(self, wrk: str, seconds: int, connections: int) -> dict:
        """`make load`'s traffic (scripts/load/mix.lua) against this server."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = ROOT / "bench" / "results" / ".propose.html"
        form.write_bytes(opener.open(self.base + "/it/propose/", timeout=30).read())
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        body = run([PYTHON, "scripts/load/form_body.py", str(form), token]).strip()
        form.unlink()
        output = run(
            [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
             "-s", "scripts/load/mix.lua", self.base],
            env={**os.environ, "LOAD_CSRF_TOKEN": token, "LOAD_FORM_BODY": body},
        )  # fmt: skip

        def figure(label: str) -> float:
            return float(re.search(rf"^{label}: ([\d.]+)", output, re.M).group(1))

        return {
            "seconds": seconds,
            "connections": connections,
            "req_per_s": figure("requests/s"),
            "p50_ms": figure("p50"),
            "p95_ms": figure("p95"),
            "p99_ms": figure("p99"),
            "errors": int(figure("errors")),
            "rate_limited_429": int(figure(r"rate-limited \(429, expected\)")),
        }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def probe(env: dict, paths: list[str]) -> dict:
    output = run([PYTHON, str(ROOT / "bench" / "probe.py"), json.dumps(paths)], env=env)
    return json.loads(output.strip().splitlines()[-1])


def bell(env: dict) -> dict:
    """Each workspace page's SQL queries with and without the notification bell."""
    output = run([PYTHON, str(ROOT / "bench" / "probe.py"), "--bell", json.dumps(BELL_PAGES)], env)
    return json.loads(output.strip().splitlines()[-1])


def follow_digest(args: argparse.Namespace) -> dict:
    """The subscription digest for `--subscribers` confirmed subscribers: bench/follow_digest.py
    on a database of its own (rebuilt each time), with production settings. Its first
    run of a day, a second run of the same day (which sends nothing), and the process's
    peak RSS, as cron would run `send_subscription_digest`."""
    name = f"{args.db_prefix}_follow"
    url = (
        f"sqlite:///{RESULTS / (name + '.sqlite3')}"
        if args.sqlite
        else (f"postgres://postgres@127.0.0.1:5432/{name}")
    )
    fresh_database(url)
    # Migrated apart: the migrations' memory is not the digest's.
    manage(app_env(url, args.redis_db), "migrate", "--no-input", "-v0")
    print(f"  subscription digest, {args.subscribers} subscribers…")
    measured = timed_command(
        [PYTHON, str(ROOT / "bench" / "follow_digest.py"), "--subscribers", str(args.subscribers)],
        {**os.environ, "DATABASE_URL": url},
    )
    result = json.loads(measured.pop("output").strip().splitlines()[-1])
    result["whole_process"] = measured  # build included
    return result


def documents(env: dict) -> dict:
    """How long each generated PDF takes to build, in process (bench/documents.py)."""
    output = run([PYTHON, str(ROOT / "bench" / "documents.py")], env=env)
    return json.loads(output.strip().splitlines()[-1])


def first_visit(base: str) -> dict:
    """Bytes a first visit transfers (bench/page_weight.py), if chromium is there."""
    if not Path("/usr/bin/chromium").exists():
        return {"skipped": "no /usr/bin/chromium"}
    sys.path.insert(0, str(ROOT / "bench"))
    from page_weight import CHROMIUM, measure
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pages = {}
        for path in FIRST_VISIT_PAGES:
            result = measure(browser, base + path)
            pages[path] = {
                "kb": round(result["bytes"] / 1024, 1),
                "requests": result["requests"],
                "blocking_scripts": result["blocking_scripts"],
            }
        browser.close()
    return pages


def measure_server(server: Server, wrk: str, args: argparse.Namespace, cookie: str) -> dict:
    """Everything one server (one cache) is measured for."""

    # The bare view is measured again every few pages, and each page is compared with
    # the mean of the two measures around it: on a shared machine the load drifts
    # within a run, and one bare figure at the start would skew the later ratios.
    def bare() -> float:
        return server.throughput(wrk, BARE, args.seconds, args.connections)["req_per_s"]

    names = list(PAGES | API)
    groups = [names[start : start + BARE_EVERY] for start in range(0, len(names), BARE_EVERY)]
    bare_measures = [bare()]
    pages = {}
    for group in groups:
        throughputs = {
            name: server.throughput(wrk, (PAGES | API)[name], args.seconds, args.connections)
            for name in group
        }
        bare_measures.append(bare())
        reference = (bare_measures[-2] + bare_measures[-1]) / 2
        for name, page in throughputs.items():
            page["bare_req_per_s"] = round(reference, 1)
            page["percent_of_bare"] = round(100 * page["req_per_s"] / reference, 1)
            pages[name] = page
    for name, page in pages.items():
        if args.full or not name.startswith("API") or name in QUICK_API_LATENCY:
            path = (PAGES | API)[name]
            page["cold"] = server.latency(path, cold=True, samples=args.samples)
            if name in PAGES:
                page["fragments_warm"] = server.latency(
                    path, cold=True, pages_only=True, samples=args.samples
                )
            page["warm"] = server.latency(path, cold=False, samples=args.samples)
    measured: dict = {
        "bare view": {
            "req_per_s": round(statistics.mean(bare_measures), 1),
            "measures": bare_measures,
            # What one request costs on this machine now: the yardstick for the latencies.
            "latency": server.latency(BARE, cold=False, samples=args.samples),
        },
        "pages": pages,
    }
    measured["API 304 on a matching ETag"] = server.conditional_get(API["API partnerships"])
    measured["search"] = {
        name: server.latency(path, cold=True, samples=args.samples)
        for name, path in SEARCHES.items()
    }
    if server.cache == "redis":
        measured["signed in"] = {
            name: server.latency(path, cold=False, samples=args.samples, cookie=cookie)
            for name, path in SIGNED_IN_PAGES.items()
        }
        measured["static"] = server.static_headers()
        if args.full:
            measured["load mix"] = server.load_mix(wrk, args.load_seconds, 16)
            measured["first visit"] = first_visit(server.base)
        measured["worker_rss_mb"] = server.worker_rss_mb()
    return measured


# -- the targets of issue 15 ------------------------------------------------------------


def targets(report: dict) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, limit, met): None where this run did not measure it."""
    rows: list[tuple[str, str, str, bool | None]] = []

    def add(
        name: str,
        value: float | None,
        limit: float,
        *,
        at_least: bool,
        unit: str = "",
        or_equal: bool = False,
    ) -> None:
        sign = "≥" if at_least else ("≤" if or_equal else "<")
        if value is None:
            rows.append((name, "not measured", f"{sign} {limit}{unit}", None))
            return
        met = value >= limit if at_least else (value <= limit if or_equal else value < limit)
        rows.append((name, f"{value:g}{unit}", f"{sign} {limit}{unit}", met))

    servers = report.get("servers", {})
    for cache, measured in servers.items():
        pages = measured["pages"]
        public = [pages[name]["percent_of_bare"] for name in PAGES]
        add(
            f"[{cache}] cached public pages, lowest % of bare",
            min(public),
            50,
            at_least=True,
            unit="%",
        )
        api_lists = [page["percent_of_bare"] for name, page in pages.items() if name in API]
        add(
            f"[{cache}] cached API lists, lowest % of bare",
            min(api_lists),
            25,
            at_least=True,
            unit="%",
        )
        add(
            f"[{cache}] API 304 on a matching ETag",
            measured["API 304 on a matching ETag"],
            304,
            at_least=True,
        )
    database = report["database"]
    for cache, measured in servers.items():
        pages = measured["pages"]
        cold = [pages[name]["cold"]["p95_ms"] for name in PAGES]
        if database == "postgresql":
            worst = max(PAGES, key=lambda name: pages[name]["cold"]["p95_ms"])
            add(
                f"[{cache}] uncached pages p95, worst ({worst})",
                max(cold),
                25,
                at_least=False,
                unit=" ms",
            )
        api_cold = pages["API partnerships"].get("cold")
        add(
            f"[{cache}] uncached API partnerships list p95",
            api_cold["p95_ms"] if api_cold else None,
            30,
            at_least=False,
            unit=" ms",
        )
        searches = measured.get("search", {})
        if searches:
            slowest = max(searches, key=lambda name: searches[name]["p95_ms"])
            add(
                f"[{cache}] search p95, two words ({slowest})",
                searches[slowest]["p95_ms"],
                100,
                at_least=False,
                unit=" ms",
            )
    redis = servers.get("redis", {})
    signed_in = redis.get("signed in", {})
    if signed_in:
        worst = max(signed_in, key=lambda name: signed_in[name]["p95_ms"])
        limit = 150 if report["scale"] >= 10 else 100
        add(
            f"signed-in p95, worst ({worst})",
            signed_in[worst]["p95_ms"],
            limit,
            at_least=False,
            unit=" ms",
        )
        segment = signed_in["workspace segment, 3 filters"]
        add(
            "workspace segment with 3 filters p95",
            segment["p95_ms"],
            150,
            at_least=False,
            unit=" ms",
        )
    bell_counts = report.get("bell")
    if bell_counts:
        extras = [page["extra"] for page in bell_counts.values()]
        add(
            "notification bell, extra queries per workspace page (most)",
            None if None in extras else max(extras),
            1,
            at_least=False,
            or_equal=True,
        )
    digest = report.get("follow digest")
    if digest:
        subscribers = f"{digest['subscribers']:,}"
        first = digest["first_run"]
        again = digest["second_run_same_day"]
        add(
            f"subscription digest, {subscribers} subscribers, time",
            first["seconds"],
            300,
            at_least=False,
            unit=" s",
        )
        add(
            f"subscription digest, {subscribers} subscribers, peak RSS",
            first["peak_rss_mib_after"],
            500,
            at_least=False,
            unit=" MB",
        )
        add(
            "subscription digest, sent again the same day",
            again["sent"],
            0,
            at_least=False,
            or_equal=True,
        )
    if not servers:
        return rows
    load = redis.get("load mix")
    add("load mix req/s", load["req_per_s"] if load else None, 500, at_least=True)
    add("load mix p99", load["p99_ms"] if load else None, 200, at_least=False, unit=" ms")
    add("load mix errors", load["errors"] if load else None, 1, at_least=False)
    built = report.get("build")
    if built:
        add("generate_demo_data time", built["seconds"], 300, at_least=False, unit=" s")
        add("generate_demo_data peak memory", built["peak_rss_mb"], 500, at_least=False, unit=" MB")
    queries = report.get("queries", {})
    if len(queries) == 2:
        small, large = queries.values()
        differing = [path for path in PAGES.values() if small.get(path) != large.get(path)]
        add("pages whose query count grows with the data", len(differing), 1, at_least=False)
    for name, document in report.get("documents", {}).items():
        add(f"{name}, build p50", document.get("p50_ms"), 2000, at_least=False, unit=" ms")
    visit = redis.get("first visit", {})
    sizes = [page["kb"] for page in visit.values() if isinstance(page, dict)]
    add(
        "first visit transfer, largest",
        max(sizes) if sizes else None,
        150,
        at_least=False,
        unit=" KB",
    )
    return rows


def print_table(report: dict) -> None:
    print(
        f"\ncities4csr benchmark — {report['label']}: {report['database']}, "
        f"scale {report['scale']}, {report['mode']} mode, {report['when']}; load average "
        f"before/after {report['load_average']['before']} / {report['load_average']['after']}"
    )
    queries = report.get("queries", {})
    scales = list(queries)
    for cache, measured in report.get("servers", {}).items():
        bare = measured["bare view"]
        print(
            f"\n== {cache} cache: bare Django view {bare['req_per_s']} req/s on average "
            f"(measured {', '.join(f'{value:g}' for value in bare['measures'])}); "
            f"single client p50 {bare['latency']['p50_ms']} ms, p95 {bare['latency']['p95_ms']} ms"
        )
        header = (
            f"{'page':30} {'req/s':>8} {'% bare':>7} {'cold p50':>9} {'cold p95':>9} "
            f"{'frag p50':>9} {'frag p95':>9} {'warm p50':>9} {'warm p95':>9} "
            + " ".join(f"{'q@' + s:>6}" for s in scales)
        )
        print(header)
        print("-" * len(header))
        for name, page in measured["pages"].items():
            path = (PAGES | API)[name]
            cold, warm = page.get("cold", {}), page.get("warm", {})
            fragments_warm = page.get("fragments_warm", {})
            print(
                f"{name:30} {page['req_per_s']:>8} {page['percent_of_bare']:>7} "
                f"{cold.get('p50_ms', '-'):>9} {cold.get('p95_ms', '-'):>9} "
                f"{fragments_warm.get('p50_ms', '-'):>9} {fragments_warm.get('p95_ms', '-'):>9} "
                f"{warm.get('p50_ms', '-'):>9} {warm.get('p95_ms', '-'):>9} "
                + " ".join(f"{queries[s].get(path, '-'):>6}" for s in scales)
            )
        if "signed in" in measured:
            print(f"\n{'signed-in page':30} {'p50 ms':>8} {'p95 ms':>8} {'status':>8}")
            for name, page in measured["signed in"].items():
                statuses = ",".join(map(str, page["statuses"]))
                print(f"{name:30} {page['p50_ms']:>8} {page['p95_ms']:>8} {statuses:>8}")
            print(f"worker peak RSS (MB): {measured['worker_rss_mb']}")
    if "bell" in report:
        print(f"\n{'workspace page (queries)':72} {'bell':>6} {'no bell':>8} {'extra':>6}")
        for path, page in report["bell"].items():
            print(
                f"{path:72} {page['with_bell']:>6} {page['without_bell']:>8} "
                f"{page['extra'] if page['extra'] is not None else '-':>6}"
            )
    if "follow digest" in report:
        digest = report["follow digest"]
        first, second = digest["first_run"], digest["second_run_same_day"]
        print(
            f"\nsubscription digest, {digest['subscribers']:,} subscribers "
            f"({digest['database']}): {first['sent']} sent in {first['seconds']} s, "
            f"peak RSS {first['peak_rss_mib_before']} → {first['peak_rss_mib_after']} MB "
            f"(Python's peak {digest['traced_run']['python_peak_mib']} MiB); same day again: "
            f"{second['sent']} sent in {second['seconds']} s"
        )
    print(f"\n{'target':62} {'measured':>16} {'limit':>10}  met")
    for name, value, limit, met in report["targets"]:
        verdict = {True: "yes", False: "NO", None: "-"}[met]
        print(f"{name:62} {value:>16} {limit:>10}  {verdict}")


def parse_steps(value: str) -> list[str]:
    steps = [step.strip() for step in value.split(",") if step.strip()]
    unknown = set(steps) - set(STEPS)
    if unknown or not steps:
        raise argparse.ArgumentTypeError(f"steps are among {', '.join(STEPS)}")
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="longer runs, load mix, page weight")
    parser.add_argument("--scale", type=float, default=1.0, help="generate_demo_data scale")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--reuse", action="store_true", help="reuse the databases of a last run")
    parser.add_argument("--label", help="name of the results file (default: scale and mode)")
    parser.add_argument("--seconds", type=int, help="wrk duration per page (3; full 10)")
    parser.add_argument("--samples", type=int, help="single-client requests per page (15; full 40)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--load-seconds", type=int, default=30, help="load mix duration (full)")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument("--db-prefix", default="cities4csr_bench", help="database names' start")
    parser.add_argument(
        "--subscribers", type=int, default=10_000, help="subscription digest's subscribers"
    )
    parser.add_argument(
        "--only",
        type=parse_steps,
        default=list(STEPS),
        help=f"comma-separated steps to run alone, among {', '.join(STEPS)} (default: all)",
    )
    args = parser.parse_args()
    args.seconds = args.seconds or (10 if args.full else 3)
    args.samples = args.samples or (40 if args.full else 15)
    mode = "full" if args.full else "quick"
    database = "sqlite" if args.sqlite else "postgresql"
    label = args.label or f"scale{args.scale:g}-{database}-{mode}"
    if args.only != list(STEPS):
        label += "-only-" + "-".join(args.only)
    RESULTS.mkdir(parents=True, exist_ok=True)
    load_before = round(os.getloadavg()[0], 2)
    report: dict = {
        "label": label,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": database,
        "scale": args.scale,
        "mode": mode,
        "steps": args.only,
        "settings": {key: getattr(args, key) for key in ("seconds", "samples", "connections")},
    }

    if "pages" in args.only or "bell" in args.only:
        scales = (
            [args.scale]
            if not args.full or args.scale == SMALL_SCALE or "pages" not in args.only
            else [SMALL_SCALE, args.scale]
        )
        envs = {scale: app_env(database_url(args, scale), args.redis_db) for scale in scales}
        for scale, env in envs.items():
            if args.reuse:
                # The code may have gained migrations (indexes) since the databases were built.
                manage(env, "migrate", "--no-input", "-v0")
                analyze(env)
                continue
            built = build(env, args, scale)
            if scale == args.scale:
                report["build"] = built
        env = envs[args.scale]
        # Production settings serve pages only with the static files' manifest.
        manage(env, "collectstatic", "--no-input", "-v0")
    if "bell" in args.only:
        report["bell"] = bell(env)
    if "pages" in args.only:
        wrk = ensure_wrk()
        paths = list((PAGES | API).values())
        probes = {f"{scale:g}": probe(scale_env, paths) for scale, scale_env in envs.items()}
        report["explain"] = probes[f"{args.scale:g}"].pop("__explain__")
        cookie = probes[f"{args.scale:g}"].pop("__session_cookie__")
        for measured in probes.values():
            measured.pop("__explain__", None)
            measured.pop("__session_cookie__", None)
        report["queries"] = probes
        report["documents"] = documents(env)

        report["servers"] = {}
        for cache in ("redis", "database"):
            print(f"measuring with the {cache} cache…")
            with Server(env, cache, args) as server:
                report["servers"][cache] = measure_server(server, wrk, args, cookie)
    # Last: its database and its minutes are its own, and it needs no server.
    if "digest" in args.only:
        report["follow digest"] = follow_digest(args)
    report["load_average"] = {"before": load_before, "after": round(os.getloadavg()[0], 2)}
    report["targets"] = targets(report)

    print_table(report)
    day = report["when"][:10]
    path = RESULTS / f"{day}-{label}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
