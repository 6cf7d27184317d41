"""The app as production runs it (gunicorn, DEBUG off), on loopback, for the fault checks.

Every check in scripts/ uses it: a throw-away database (SQLite in a temporary folder,
or a fresh PostgreSQL one), migrated and loaded with the CITIES4CSR data, then
gunicorn with the environment each check needs.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import secrets
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CACHE_URL", "PAGE_CACHE_SECONDS", "DATABASE_URL")
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *command: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *command],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@contextlib.contextmanager
def loaded_database() -> Iterator[str]:
    """A SQLite database URL, migrated and holding the CITIES4CSR data."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/check.sqlite3"
        env = production_env(url)
        load(env)
        yield url


def load(env: dict[str, str]) -> None:
    """Migrate the environment's database, load the CITIES4CSR data, collect static files."""
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_cities4csr")
    # Compressing every static file takes minutes on a busy machine: once per
    # working copy (CI's fresh clone collects; delete staticfiles/ to redo it).
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--no-input", "-v0")


@contextlib.contextmanager
def postgres_database(name: str, host: str = "127.0.0.1") -> Iterator[None]:
    """A fresh, empty PostgreSQL database `name`, dropped afterwards."""
    server = ["-h", host, "-U", "postgres"]
    subprocess.run(["dropdb", *server, "--if-exists", name], check=True)
    subprocess.run(["createdb", *server, name], check=True)
    try:
        yield
    finally:
        subprocess.run(["dropdb", *server, "--if-exists", name], check=False)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int) -> Iterator[None]:
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        cwd=ROOT,
    )
    try:
        for _attempt in range(150):
            if server.poll() is not None:
                raise SystemExit(f"gunicorn did not start (is port {port} taken?)")
            with contextlib.suppress(OSError):
                request(port, "/robots.txt")
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn on port {port} did not start")
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


class Visitor:
    """One browser: keeps its cookies (session, CSRF) between requests."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def cookie(self, name: str) -> str:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), "")

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        form=None,
        body=None,
        token: str = "",
        session: str = "",
    ) -> tuple[int, str]:
        """`session`: the key of a session made on the server (a signed-in user without
        a sign-in); it replaces the cookies this visitor holds."""
        headers = {"Accept-Language": "it", "Referer": f"http://127.0.0.1:{self.port}/"}
        data = None
        if token:
            headers["Authorization"] = f"Token {token}"
        if session:
            headers["Cookie"] = f"sessionid={session}"
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        call = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, headers=headers, method=method
        )
        try:
            with self.opener.open(call, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def request(port: int, path: str, **options) -> tuple[int, str]:
    return Visitor(port).request(path, **options)


def report(name: str, checks: list[tuple[str, bool, object]]) -> int:
    failures = [label for label, passed, _found in checks if not passed]
    for label, passed, found in checks:
        print(f"{'ok  ' if passed else 'FAIL'} {label}: {found}")
    print(f"{name}: {len(checks) - len(failures)} of {len(checks)} checks ok")
    return 1 if failures or not checks else 0
