from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        import cities4csr.audit  # noqa: F401 — connects the sign-in audit receivers
        from cities4csr.page_cache import connect_invalidation
        from partnerships.history import register_history
        from partnerships.roles import sync_role_groups

        # A digest log is itself a record of what was sent; it needs no history.
        register_history(self, exclude=("FollowUpDigest",))
        # Models added after the roles migration get their role permissions too.
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="sync_role_groups")
        # Every app's open datasets (<app>/api/open_data.py), in INSTALLED_APPS order.
        autodiscover_modules("api.open_data")
        # A change to a record a public page shows empties the page cache.
        connect_invalidation()
