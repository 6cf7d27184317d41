"""Show that a PostgreSQL outage gives clean 503s and that the app recovers by itself.

Serves the app with gunicorn (production settings) against PostgreSQL reached
through a small TCP relay on loopback. Cutting the relay is the outage: every
connection drops and new ones are refused. Then the relay *hangs*: it accepts
connections and never answers, as a database that is overloaded or half-dead does;
requests must end with the 503 within the connect timeout, not hold the worker.
The script checks pages, for an anonymous and a signed-in visitor, before, during
and after each outage, without restarting the app, and exits non-zero on failure.

    .venv/bin/python scripts/db_outage_check.py
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time

from app_server import gunicorn, load, manage, postgres_database, production_env, report, request

PG_HOST, PG_PORT = "127.0.0.1", 5432
DATABASE = "cities4csr_outage_check"
# Another app on this port would answer instead: OUTAGE_CHECK_PORT moves it.
APP_PORT = int(os.environ.get("OUTAGE_CHECK_PORT", "8765"))


class Relay:
    """Forwards loopback TCP connections to PostgreSQL until it is cut."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.up = threading.Event()
        self.up.set()
        self.hanging = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            if self.hanging:
                self.connections.append(client)  # held open, never answered
                continue
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

    def hang(self) -> None:
        self.cut()
        self.hanging = True

    def restore(self) -> None:
        self.hanging = False
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.close()
        self.connections.clear()
        self.up.set()


SIGNED_IN_SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_user("outage-check", password=None, is_staff=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def fetch(path: str, session: str = "") -> tuple[int, str]:
    return request(APP_PORT, path, session=session)


def main() -> int:
    with postgres_database(DATABASE, host=PG_HOST):
        relay = Relay()
        env = production_env(
            f"postgres://postgres@127.0.0.1:{relay.port}/{DATABASE}",
            CONN_MAX_AGE="60",
            # libpq's smallest: the hanging database must cost a request about this.
            DATABASE_CONNECT_TIMEOUT="2",
            WEB_CONCURRENCY="1",
        )
        load(env)
        session = manage(env, "shell", "-c", SIGNED_IN_SESSION).splitlines()[-1].strip()
        with gunicorn(env, APP_PORT):
            return outage_checks(relay, session)


def outage_checks(relay: Relay, session: str) -> int:
    checks = []
    status, body = fetch("/it/")
    checks.append(("before the outage, the home page", status == 200, status))
    status, body = fetch("/it/", session)
    checks.append(("before the outage, the home page, signed in", status == 200, status))
    relay.cut()
    for path in ("/it/", "/it/partnerships/", "/healthz"):
        status, body = fetch(path)
        clean = status == 503 and "Traceback" not in body
        checks.append((f"during the outage, {path} answers a clean 503", clean, status))
    for path in ("/it/", "/workspace/", "/api/v1/partnerships/"):
        status, body = fetch(path, session)
        clean = status == 503 and "Traceback" not in body
        checks.append((f"during the outage, signed in, {path} answers 503", clean, status))
    relay.hang()
    for path, visitor in (("/it/partnerships/", ""), ("/workspace/", session)):
        started = time.perf_counter()
        status, body = fetch(path, visitor)
        took = time.perf_counter() - started
        label = f"database hanging, {path}{' signed in' if visitor else ''}"
        checks.append((f"{label} answers 503", status == 503, status))
        checks.append((f"{label} within the connect timeout", took < 8, f"{took:.1f} s"))
    relay.restore()
    status, body = fetch("/it/")
    checks.append(("after the outage, without restart, the home page", status == 200, status))
    status, body = fetch("/it/", session)
    checks.append(("after the outage, signed in, the home page", status == 200, status))
    status, _ = fetch("/healthz")
    checks.append(("after the outage, /healthz", status == 200, status))
    return report("outage check", checks)


if __name__ == "__main__":
    sys.exit(main())
