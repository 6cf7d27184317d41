"""The production settings, with bench/urls.py as the URLconf: the bare view that
bench/run.py compares every page with stays out of the production URLconf."""

from cities4csr.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
