from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site layer: no models of its own, so no name shown in the admin."""

    name = "portal"
