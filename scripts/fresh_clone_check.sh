#!/usr/bin/env bash
# The README's promise, "You need Python 3.11 and make": a clean clone's `make install`
# and `make run` serving its pages, on a PATH with no node or npm (nor anything else a
# fresh machine lacks). The clone uses the usual uv and npm caches in $HOME, so it
# downloads little. Exits non-zero on any failure.
set -euo pipefail
project="$(cd "$(dirname "$0")/.." && pwd)"
revision="$(git -C "$project" rev-parse HEAD)"
git="$(command -v git)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# python3.11 may be a shim (pyenv) that needs more than PATH holds: link the interpreter.
mkdir "$work/bin"
ln -s "$(python3.11 -c 'import sys; print(sys.executable)')" "$work/bin/python3.11"
for tool in make bash sh env cat cp mkdir rm touch id dirname ls head grep; do
  ln -s "$(command -v "$tool")" "$work/bin/$tool"
done
export PATH="$work/bin"
if command -v node || command -v npm; then
  echo "FAIL the crafted PATH has node or npm: it proves nothing" >&2
  exit 1
fi

# The committed revision being tested, whatever the clone's default branch would be.
"$git" clone -q --no-checkout "$project" "$work/clone"
cd "$work/clone"
"$git" checkout -q "$revision"
start=$SECONDS
make install
echo "ok make install in $((SECONDS - start)) s with no system node (Node.js $(.venv/bin/node --version))"

test -s static/vendor/bootstrap-italia/css/bootstrap-italia.min.css
test -s static/vendor/bootstrap-italia/js/public.min.js
test -s static/vendor/bootstrap-italia/svg/sprites.svg
test -s static/vendor/jquery-ui/jquery-ui.min.js
echo "ok Bootstrap Italia (trimmed: PurgeCSS, esbuild, sprite) and jQuery UI built into static/vendor/"

# `make run` as a newcomer types it: it must print where to go, then serve those pages.
set -m  # its own process group, so runserver and its autoreloader stop together
port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
start=$SECONDS
make run PORT="$port" > "$work/run.log" 2>&1 &
run_group=$!
set +m
trap 'kill -- -$run_group 2>/dev/null || true; rm -rf "$work"' EXIT
if ! .venv/bin/python - "$port" <<'PY'; then cat "$work/run.log"; exit 1; fi
import sys
import time
import urllib.error
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"
deadline = time.monotonic() + 300
while True:
    try:
        urllib.request.urlopen(f"{base}/it/", timeout=30)
        break
    except (urllib.error.URLError, ConnectionError):
        if time.monotonic() > deadline:
            sys.exit(f"FAIL make run did not serve {base}/it/ within 300 s")
        time.sleep(1)
for path in ("/it/", "/en/", "/admin/", "/api/docs/", "/static/vendor/bootstrap-italia/css/bootstrap-italia.min.css"):
    status = urllib.request.urlopen(base + path, timeout=30).status  # follows the admin's redirect
    print(f"ok {status} {path}")
PY
for shown in "/it/" "/en/" "/admin/" "/api/docs/" "manage.py createsuperuser"; do
  grep -q -- "$shown" "$work/run.log" || { echo "FAIL make run did not print $shown" >&2; exit 1; }
done
grep -A 11 "^=====" "$work/run.log" | head -n 12
echo "ok make run printed the addresses and the createsuperuser command, and served them" \
  "(all served $((SECONDS - start)) s after make run started)"
