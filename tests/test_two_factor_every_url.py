"""Every URL of the project, walked with a session that proved only the password.

The URLs come from the resolver, so a page or endpoint added later is walked too.
The signed-in user is a superuser with a confirmed authenticator that this session
has not used: on the admin and the workspace they must be sent to verify; everywhere
else they must get exactly what an anonymous visitor gets.
"""

import json
import re

import pytest
from django.contrib import admin
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.test import Client
from django.urls import get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.twofactor import OPEN_PATHS, PROTECTED_PREFIXES
from partnerships.scoping import NOT_CITY_DATA, city_path_of
from portal.demo.factories import PartnershipFactory, UserFactory
from tests.admin_support import admin_url, factory_for, in_city, network_wide_record
from tests.api_support import DRAFT, ENDPOINTS

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
SLUG = "walk"
MODEL_VIEWS = ("changelist", "add")
RECORD_VIEWS = ("change", "history", "delete")
API_WRITES = ("post", "put", "patch", "delete")
PARAMETER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")


def resolver_paths(sample_pk: int) -> set[str]:
    """Each URL pattern, its parameters filled with a draft's slug or primary key."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "format":
            return "json"
        if name == "file_format":
            return "csv"
        return str(sample_pk) if name in ("pk", "id", "object_id", "content_type_id") else SLUG

    patterns = extract_views_from_urlpatterns(get_resolver().url_patterns)
    return {
        PARAMETER.sub(value, simplify_regex(regex)).replace("\\.", ".")
        for _view, regex, _namespace, _name in patterns
    }


def admin_paths(city) -> set[str]:
    paths = set()
    for model in admin.site._registry:
        path = city_path_of(model)
        if factory_for(model) is None or path is NOT_CITY_DATA:
            record = model._default_manager.first()
        else:
            record = network_wide_record(model) if path is None else in_city(model, city, new=False)
        paths |= {admin_url(model, view) for view in MODEL_VIEWS}
        if record is not None:
            paths |= {admin_url(record, view) for view in RECORD_VIEWS}
    return paths


def response_summary(response) -> tuple:
    body = None
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.loads(response.content or b"null")
    return response.status_code, response.get("Location"), body


def test_a_password_only_session_gets_nothing_an_anonymous_visitor_would_not(milan, settings):
    settings.API_ANONYMOUS_THROTTLE_RATE = None
    superuser = UserFactory(username="root-walker", is_superuser=True)
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    draft = PartnershipFactory(city=milan, slug=SLUG, publication_status=DRAFT)
    api_paths = {endpoint.detail(endpoint.make(milan, DRAFT)) for endpoint in ENDPOINTS}
    paths = resolver_paths(draft.pk) | admin_paths(milan) | api_paths
    anonymous = Client(raise_request_exception=False)
    password_only = Client(raise_request_exception=False)
    password_only.force_login(superuser)

    leaks = []
    for path in sorted(paths):
        if path.startswith(OPEN_PATHS):
            continue
        methods = ("get", "post", *(API_WRITES if path.startswith("/api/") else ()))
        for method in methods:
            response = getattr(password_only, method)(path, content_type="application/json")
            if path.startswith(PROTECTED_PREFIXES):
                if not response.get("Location", "").startswith("/two-factor/verify/"):
                    leaks.append((method, path, response.status_code))
                continue
            public = getattr(anonymous, method)(path, content_type="application/json")
            if response_summary(response) != response_summary(public) or (
                response.status_code == 200 and superuser.username.encode() in response.content
            ):
                leaks.append((method, path, response.status_code, public.status_code))

    assert len(paths) > 100  # the walk found the project's URLs
    assert leaks == []
