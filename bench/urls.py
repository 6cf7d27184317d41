"""The project's URLs plus `/bench/bare/`, the bare view bench/run.py measures."""

from django.http import HttpResponse
from django.urls import path

from cities4csr.urls import handler404, handler500, urlpatterns

urlpatterns = [
    *urlpatterns,
    path("bench/bare/", lambda request: HttpResponse("ok"), name="bench-bare"),
]

__all__ = ["handler404", "handler500", "urlpatterns"]
