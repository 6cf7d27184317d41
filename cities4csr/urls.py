from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView

from core import admin as core_admin
from core import api_tokens, password_reset, twofactor
from core.health import healthz
from partnerships.contact_point.views import AccessibilityView, PrivacyView
from portal import urls as portal_urls
from portal.sitemaps import SITEMAPS
from portal.views import HomeView, SearchView
from portal.workspace.calendar import follow_up_calendar

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("two-factor/setup/", twofactor.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", twofactor.two_factor_verify, name="two-factor-verify"),
    path(
        "two-factor/backup-codes/",
        twofactor.two_factor_backup_codes,
        name="two-factor-backup-codes",
    ),
    path("two-factor/replace/", twofactor.two_factor_replace, name="two-factor-replace"),
    # Before the admin's own "view on site", which redirects to any object's address.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(core_admin.view_on_site),
    ),
    # The SDGs moved from iap to partnerships: old admin bookmarks still arrive.
    re_path(
        r"^admin/iap/sustainabledevelopmentgoal/(?P<rest>.*)$",
        admin.site.admin_view(
            RedirectView.as_view(
                url="/admin/partnerships/sustainabledevelopmentgoal/%(rest)s", query_string=True
            )
        ),
    ),
    # Password reset: the admin's login page links to "admin_password_reset".
    path(
        "admin/password-reset/",
        password_reset.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password-reset/sent/",
        password_reset.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/password-reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/password-reset/done/",
        password_reset.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Fetched by calendar apps, without a session: the secret in the address is the
    # credential (core/calendar_feed.py).
    path("calendar/<str:token>.ics", follow_up_calendar, name="follow-up-calendar"),
    path("workspace/api-token/", api_tokens.api_token, name="api-token"),
    path("workspace/needs/", include("portal.workspace.needs_urls")),
    path("workspace/", include("portal.workspace.urls")),
    path("api/", include("cities4csr.api_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

# JSON on /api/ paths, Django's own pages elsewhere.
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("accessibility/", AccessibilityView.as_view(), name="accessibility"),
    path("cookies/", TemplateView.as_view(template_name="cookies.html"), name="cookies"),
    path("search/", SearchView.as_view(), name="search"),
    path("", include(portal_urls.partnerships_patterns)),
    path("", include("ulg.urls")),
    path("", include(portal_urls.iap_patterns)),
    path("", include(portal_urls.follow_patterns)),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
