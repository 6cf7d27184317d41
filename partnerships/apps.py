from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        import cities4csr.audit  # noqa: F401 — connects the sign-in audit receivers
        from partnerships.history import register_history

        register_history(self)
