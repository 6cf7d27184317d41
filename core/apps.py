from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The infrastructure below the domain apps: it imports none of them."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        import core.audit  # noqa: F401 — connects the sign-in audit receivers
        import core.unaccent  # noqa: F401 — the `unaccent` lookup, and SQLite's function
        from core.page_cache import connect_invalidation

        # Every app's open datasets (<app>/api/open_data.py), in INSTALLED_APPS order.
        # Runs once every app is loaded (core's ready() is last: see INSTALLED_APPS).
        autodiscover_modules("api.open_data")
        # A change to a record a public page shows empties the page cache.
        connect_invalidation()
