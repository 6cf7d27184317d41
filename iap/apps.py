from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IapConfig(AppConfig):
    name = "iap"
    verbose_name = _("Integrated Action Plans")

    def ready(self) -> None:
        from core.history import register_history

        register_history(self)
