"""gunicorn settings for `make serve` and production; each overridable from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# The app is imported once, in the master, and each worker is a fork of it. Importing
# it takes seconds of CPU (3.5 s measured on a busy 2-core machine): without this every
# worker pays it again at each recycling below, which at `make load`'s 500 requests/s
# would be a worker starting every few seconds, with the requests queued behind it in
# the p99. The price: `kill -HUP` re-forks the code already loaded, so a deployment
# restarts gunicorn instead (docs/deploy.md).
preload_app = os.environ.get("GUNICORN_PRELOAD", "True") == "True"
# Recycle workers now and then so a slow leak never grows; the jitter keeps them
# from all restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "1000"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Request line and headers are capped here; request *bodies* are capped by the
# proxy (client_max_body_size, docs/deploy.md) and by the app before it reads them
# (core/request_guard.py), as gunicorn itself has no body limit.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "8190"))
limit_request_fields = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELDS", "100"))
limit_request_field_size = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", "8190"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
wsgi_app = "cities4csr.wsgi:application"

# gunicorn writes nothing outside the project's folder. Its control socket (for
# `gunicornc`, which we do not use) would otherwise land in $HOME or $XDG_RUNTIME_DIR,
# and two nodes on one machine (scripts/two_node_check.py) would share it.
control_socket_disable = True
# Each worker's heartbeat file (created and at once unlinked) goes in var/gunicorn/
# instead of /tmp; a node whose project folder is read-only points
# GUNICORN_WORKER_TMP_DIR at /dev/shm.
project_dir = os.path.dirname(os.path.abspath(__file__))
worker_tmp_dir = os.environ.get(
    "GUNICORN_WORKER_TMP_DIR", os.path.join(project_dir, "var", "gunicorn")
)
os.makedirs(worker_tmp_dir, exist_ok=True)

# No client or proxy sets SCRIPT_NAME or PATH_INFO: gunicorn would take them from a
# request header (by default from any peer in forwarded_allow_ips, loopback included),
# and a chosen SCRIPT_NAME moves where Django thinks a path starts. A deployment under
# a prefix sets SCRIPT_NAME in gunicorn's own environment (read at start-up) instead.
forwarder_headers = ""
# Other header names with underscores (X_Forwarded_For…) are dropped, never mapped.
header_map = "drop"


def post_fork(server, worker):
    """No worker inherits a database connection from the master: two processes on one
    socket mix their answers. Importing the app opens none today; this keeps it so."""
    from django.conf import settings

    if settings.configured:  # the app is preloaded (not with GUNICORN_PRELOAD=False)
        from django.db import connections

        connections.close_all()
