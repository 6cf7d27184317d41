from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.history import register_history
        from partnerships.roles import sync_role_groups

        # A digest log is itself a record of what was sent, a merge log a record of
        # what moved, and the SDGs are the UN's fixed list: none needs history; nor does
        # a user's own saved view of a list.
        register_history(
            self,
            exclude=(
                "FollowUpDigest",
                "StakeholderMerge",
                "SustainableDevelopmentGoal",
                "SavedView",
            ),
        )
        # Models added after the roles migration get their role permissions too.
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="sync_role_groups")
