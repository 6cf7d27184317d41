"""Where a page's time goes: `DATABASE_URL=… .venv/bin/python bench/profile.py /it/numbers/`.

Builds the page a few times with the cache off (what a cold request costs) under
pyinstrument and prints the call tree of the last build; `--session` signs in as
the benchmark's user (run bench/run.py once first). Production settings apart
from DEBUG-only static storage, so the figures match the benchmark's cold ones.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cities4csr.settings")
os.environ.setdefault("DEBUG", "True")
os.environ.setdefault("API_ANONYMOUS_THROTTLE_RATE", "")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "False")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from pyinstrument import Profiler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", help="sign in as this username (admin, workspace)")
    args = parser.parse_args()
    client = Client(raise_request_exception=False)
    if args.user:
        client.force_login(get_user_model().objects.get(username=args.user))
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        ALLOWED_HOSTS=["*"],
    ):
        client.get(args.path)  # imports, template loading, connection
        profiler = Profiler(interval=0.0005)
        for _build in range(args.repeat):
            with profiler:
                response = client.get(args.path)
    print(f"HTTP {response.status_code}, {args.repeat} builds")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
