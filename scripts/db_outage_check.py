"""Show that a PostgreSQL outage gives clean 503s and that the app recovers by itself.

Serves the app with gunicorn (production settings) against PostgreSQL reached
through a small TCP relay on loopback. Cutting the relay is the outage: every
connection drops and new ones are refused. The script checks a page before, during
and after the outage, without restarting the app, and exits non-zero on failure.

    .venv/bin/python scripts/db_outage_check.py
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_HOST, PG_PORT = "127.0.0.1", 5432
DATABASE = "cities4csr_outage_check"
APP_PORT = 8765


class Relay:
    """Forwards loopback TCP connections to PostgreSQL until it is cut."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.up = threading.Event()
        self.up.set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            if not self.up.is_set():
                client.close()
                continue
            upstream = socket.create_connection((PG_HOST, PG_PORT))
            self.connections += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up.clear()
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.connections.clear()

    def restore(self) -> None:
        self.up.set()


def fetch(path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}{path}", timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main() -> int:
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(["dropdb", "-h", PG_HOST, "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", PG_HOST, "-U", "postgres", DATABASE], check=True)
    relay = Relay()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{relay.port}/{DATABASE}",
        "CONN_MAX_AGE": "60",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_cities4csr"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run(
            [python, "manage.py", *command],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"], env=env, cwd=ROOT
    )
    failures = []
    try:
        for _attempt in range(50):
            try:
                fetch("/healthz")
                break
            except OSError:
                time.sleep(0.2)
        checks = []
        status, body = fetch("/it/")
        checks.append(("before the outage, the home page", status == 200, status))
        relay.cut()
        for path in ("/it/", "/it/partnerships/", "/healthz"):
            status, body = fetch(path)
            clean = status == 503 and "Traceback" not in body
            checks.append((f"during the outage, {path} answers a clean 503", clean, status))
        relay.restore()
        status, body = fetch("/it/")
        checks.append(("after the outage, without restart, the home page", status == 200, status))
        status, _ = fetch("/healthz")
        checks.append(("after the outage, /healthz", status == 200, status))
        for label, passed, status in checks:
            print(f"{'ok  ' if passed else 'FAIL'} {label}: {status}")
            if not passed:
                failures.append(label)
    finally:
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(
            ["dropdb", "-h", PG_HOST, "-U", "postgres", "--if-exists", DATABASE], check=False
        )
    print(f"outage check: {len(checks) - len(failures)} of {len(checks)} checks ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
