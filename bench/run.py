"""The cities4csr benchmark: `make bench` (PostgreSQL) or `make bench ARGS=--sqlite`.

Builds a database at `generate_demo_data --scale 1` plus the real data (and one at
scale 0.1 for the query counts), serves the app with gunicorn (2 workers) on
loopback with production settings, and measures:

- throughput (wrk) of anonymous public pages and API lists, and of a bare Django
  view served the same way in the same run, each page as a percentage of it;
- single-client p50/p95 latency of each page, cache cold and warm;
- SQL queries per page at scale 0.1 and 1;
- p95 of admin changelists and workspace views for a signed-in user;
- peak RSS of the workers after the run;
- EXPLAIN of the partnership list and the interactions changelist (PostgreSQL).

Prints a table and writes it as JSON under bench/results/, so runs can be compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "results"
PORT = 8790
BASE = f"http://127.0.0.1:{PORT}"
REDIS_DB = "redis://127.0.0.1:6379/9"

# Anonymous pages and API lists measured for throughput and latency.
PAGES = {
    "home": "/it/",
    "partnership list": "/it/partnerships/",
    "partnership list, filtered": "/it/partnerships/?status=active&kind=company",
    "partnership detail": "/it/partnerships/nutriamiamoci-a-ponte-lambro/",
    "city page": "/it/cities/milano/",
    "IAP page": "/it/cities/milano/iap/",
    "numbers page": "/it/numbers/",
    "needs board": "/it/needs/",
    "API partnerships": "/api/v1/partnerships/",
    "API stakeholders": "/api/v1/stakeholders/",
}
BARE = "/bench/bare/"
SIGNED_IN_PAGES = {
    "admin partnerships": "/admin/partnerships/partnership/",
    "admin stakeholders": "/admin/partnerships/stakeholder/",
    "admin interactions": "/admin/partnerships/interaction/",
    "workspace my stakeholders": "/workspace/",
    "workspace pipeline": "/workspace/pipeline/",
    # What a segment with three filters runs (portal/workspace/segments.py reads the
    # same filters on its city's stakeholders): stage, kind, no contact for 90 days.
    "workspace segment, 3 filters": "/workspace/?engagement_stage=prospect&kind=company"
    "&quiet_days=90",
}
TARGETS = {
    "warm throughput, % of bare view": 50,
    "cold p95 ms, pages": 50,
    "cold p95 ms, API": 60,
    "signed-in p95 ms": 150,
    "queries per page, max": 20,
    "worker RSS MB": 200,
}


def run(command: list[str], env: dict | None = None, quiet: bool = True) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    if not quiet:
        print(result.stdout, end="")
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


def database_url(sqlite: bool, scale: float) -> str:
    name = f"cities4csr_bench_{str(scale).replace('.', '_')}"
    if sqlite:
        return f"sqlite:///{RESULTS / (name + '.sqlite3')}"
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def build(env: dict, sqlite: bool, scale: float) -> None:
    url = env["DATABASE_URL"]
    if sqlite:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])
    started = time.perf_counter()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_cities4csr")
    manage(env, "generate_demo_data", "--scale", str(scale), "--no-progress")
    analyze(env)
    print(f"  database at scale {scale} built in {time.perf_counter() - started:.0f} s")


def analyze(env: dict) -> None:
    """Table statistics, as autovacuum keeps them in production: without them, the
    planner takes the freshly bulk-loaded tables for empty and picks nested loops."""
    manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
    )


def app_env(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "REDIS_URL": REDIS_DB,
        # The production settings with bench/urls.py: the bare view is added there.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "TWO_FACTOR_REQUIRED": "False",
        "CONN_MAX_AGE": "60",
        # The anonymous API throttle would answer 429s to wrk: measure the app.
        "API_ANONYMOUS_THROTTLE_RATE": "",
    }


def fetch(path: str, cookie: str = "") -> tuple[int, float]:
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def flush_cache() -> None:
    run(["redis-cli", "-n", "9", "flushdb"])


def latency(path: str, *, cold: bool, samples: int, cookie: str = "") -> dict:
    timings, statuses = [], set()
    if not cold:
        fetch(path, cookie)
    for _sample in range(samples):
        if cold:
            flush_cache()
        status, elapsed = fetch(path, cookie)
        statuses.add(status)
        timings.append(elapsed)
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "statuses": sorted(statuses),
    }


def throughput(wrk: str, path: str, seconds: int, connections: int) -> dict:
    fetch(path)  # warm the cache
    output = run([wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", BASE + path])
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {"req_per_s": round(rate, 1), "non_2xx": int(errors.group(1)) if errors else 0}


def static_headers() -> dict:
    """How the biggest stylesheet is served: compressed, with a far-future lifetime."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    name = manifest["paths"]["vendor/bootstrap-italia/css/bootstrap-italia.min.css"]
    request = urllib.request.Request(
        f"{BASE}/static/{name}", headers={"Accept-Encoding": "br, gzip"}, method="HEAD"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return {
            "path": f"/static/{name}",
            "Content-Encoding": response.headers.get("Content-Encoding", ""),
            "Cache-Control": response.headers.get("Cache-Control", ""),
        }


def worker_rss_mb(master_pid: int) -> list[float]:
    children = run(["pgrep", "-P", str(master_pid)]).split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peak = re.search(r"VmHWM:\s+(\d+) kB", status) or re.search(r"VmRSS:\s+(\d+) kB", status)
        sizes.append(round(int(peak.group(1)) / 1024, 1))
    return sizes


def query_counts(env: dict) -> dict:
    output = run(
        [PYTHON, str(ROOT / "bench" / "probe.py"), json.dumps(list(PAGES.values()))], env=env
    )
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--samples", type=int, default=30, help="single-client requests per page")
    parser.add_argument("--reuse", action="store_true", help="reuse the databases of a last run")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()

    envs = {scale: app_env(database_url(args.sqlite, scale)) for scale in (0.1, 1)}
    if not args.reuse:
        for scale, env in envs.items():
            build(env, args.sqlite, scale)
    else:
        # The code may have gained migrations (indexes) since the databases were built.
        for env in envs.values():
            manage(env, "migrate", "--no-input", "-v0")
            analyze(env)
    env = envs[1]
    manage(env, "collectstatic", "--no-input", "-v0")

    report: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": "sqlite" if args.sqlite else "postgresql",
        "queries": {str(scale): query_counts(scale_env) for scale, scale_env in envs.items()},
    }
    session_cookie = query_counts(env).get("__session_cookie__", "")

    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env={
            **env,
            "WEB_CONCURRENCY": "2",
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            # No restart after N requests: at these rates workers would restart every
            # second (skewing req/s), and the peak RSS must cover the whole run.
            "GUNICORN_MAX_REQUESTS": "0",
        },
    )
    try:
        for _attempt in range(100):
            try:
                fetch("/healthz")
                break
            except OSError:
                time.sleep(0.2)
        bare = throughput(wrk, BARE, args.seconds, args.connections)
        report["bare view"] = bare
        pages = {}
        for name, path in PAGES.items():
            measured = throughput(wrk, path, args.seconds, args.connections)
            measured["percent_of_bare"] = round(100 * measured["req_per_s"] / bare["req_per_s"], 1)
            measured["cold"] = latency(path, cold=True, samples=args.samples)
            measured["warm"] = latency(path, cold=False, samples=args.samples)
            pages[name] = measured
        report["pages"] = pages
        report["signed in"] = {
            name: latency(path, cold=False, samples=args.samples, cookie=session_cookie)
            for name, path in SIGNED_IN_PAGES.items()
        }
        report["static"] = static_headers()
        report["worker_rss_mb"] = worker_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print_table(report)
    path = RESULTS / f"bench-{report['database']}-{report['when'].replace(':', '')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {path.relative_to(ROOT)}")


def print_table(report: dict) -> None:
    queries = report["queries"]
    print(f"\ncities4csr benchmark — {report['database']}, {report['when']}")
    print(f"bare Django view: {report['bare view']['req_per_s']} req/s\n")
    header = (
        f"{'page':30} {'req/s':>8} {'% bare':>7} {'cold p50':>9} {'cold p95':>9} "
        f"{'warm p50':>9} {'warm p95':>9} {'q@0.1':>6} {'q@1':>5} {'non-2xx':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, page in report["pages"].items():
        path = PAGES[name]
        print(
            f"{name:30} {page['req_per_s']:>8} {page['percent_of_bare']:>7} "
            f"{page['cold']['p50_ms']:>9} {page['cold']['p95_ms']:>9} "
            f"{page['warm']['p50_ms']:>9} {page['warm']['p95_ms']:>9} "
            f"{queries['0.1'].get(path, '?'):>6} {queries['1'].get(path, '?'):>5} "
            f"{page['non_2xx']:>8}"
        )
    print(f"\n{'signed-in page':30} {'p50 ms':>8} {'p95 ms':>8} {'status':>8}")
    for name, measured in report["signed in"].items():
        print(
            f"{name:30} {measured['p50_ms']:>8} {measured['p95_ms']:>8} "
            f"{','.join(map(str, measured['statuses'])):>8}"
        )
    static = report["static"]
    print(
        f"\nstatic {static['path']}: Content-Encoding {static['Content-Encoding'] or 'none'}, "
        f"Cache-Control {static['Cache-Control'] or 'none'}"
    )
    print(f"\nworker peak RSS (MB): {report['worker_rss_mb']}")
    for name, plan in queries["1"].get("__explain__", {}).items():
        print(f"\nEXPLAIN {name}:\n{plan}")


if __name__ == "__main__":
    main()
