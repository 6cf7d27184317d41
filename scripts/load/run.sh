#!/usr/bin/env bash
# `make load`: 60 s of mixed traffic (public pages, API reads, proposal posts) with
# wrk against gunicorn as `make serve` runs it, on loopback, with the real
# CITIES4CSR data. Exits non-zero on any error (429s from the contact point's rate
# limit are expected, not errors).
#
# The set-up measured is the one the environment names, as for `make serve`: by
# default the embedded one (a throw-away SQLite database, the database cache);
# production's with DATABASE_URL (a PostgreSQL database the script may fill:
# migrate + load_cities4csr) and REDIS_URL:
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cities4csr_load \
#     REDIS_URL=redis://127.0.0.1:6379/12 make load
#   LOAD_SECONDS=60 LOAD_CONNECTIONS=16 LOAD_PORT=8799 WEB_CONCURRENCY=5 make load
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 2; }

SECONDS_=${LOAD_SECONDS:-60}
CONNECTIONS=${LOAD_CONNECTIONS:-16}
PORT=${LOAD_PORT:-8799}
work="$(mktemp -d)"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$work/load.sqlite3}"
export DEBUG=False ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=False \
  SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False GUNICORN_ACCESS_LOG=/dev/null \
  CONN_MAX_AGE="${CONN_MAX_AGE:-60}" \
  GUNICORN_BIND="127.0.0.1:$PORT" SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
# All the load comes from one address: the API's per-address throttle would
# answer almost every API read 429 and measure nothing. The contact point's
# rate limit stays on.
export API_ANONYMOUS_THROTTLE_RATE=""

.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_cities4csr > /dev/null
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/gunicorn -c gunicorn.conf.py > "$work/gunicorn.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
# Up to a minute: on a busy machine gunicorn takes a while to import the app.
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null && break
  sleep 0.2
done

curl -fs --retry 5 --retry-all-errors -c "$work/cookies" "http://127.0.0.1:$PORT/it/propose/" > "$work/propose.html"
LOAD_CSRF_TOKEN="$(awk '$6 == "csrftoken" {print $7}' "$work/cookies")"
# A valid proposal: the first city, organisation kind and resource kind the form offers.
LOAD_FORM_BODY="$(.venv/bin/python scripts/load/form_body.py "$work/propose.html" "$LOAD_CSRF_TOKEN")"
export LOAD_CSRF_TOKEN LOAD_FORM_BODY

setup="$(.venv/bin/python manage.py shell -c '
from django.conf import settings
database = settings.DATABASES["default"]
print(database["ENGINE"].rsplit(".", 1)[1], "database", database["NAME"].rsplit("/", 1)[-1], end=", ")
print("cache", settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1], end=", ")
print("page cache", settings.PAGE_CACHE_SECONDS, "s")')"
gunicorn="$(.venv/bin/python -c '
import runpy
conf = runpy.run_path("gunicorn.conf.py")
print(conf["workers"], "workers,", conf["threads"], "threads,", conf["worker_class"] if "worker_class" in conf else "sync")')"
echo "== set-up: $setup; gunicorn $gunicorn; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) =="
echo "== wrk: $CONNECTIONS connections for $SECONDS_ s on 127.0.0.1:$PORT =="
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --timeout 10s --latency \
  -s scripts/load/mix.lua "http://127.0.0.1:$PORT" | tee "$work/report"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg) =="
grep -q "^errors: 0$" "$work/report"
