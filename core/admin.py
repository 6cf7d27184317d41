"""The admin of what every project has: users, second-factor devices, API tokens, and the
admin's "view on site" redirect.

- Users: whoever is not a superuser grants nothing they do not hold. Superuser
  status, staff status and raw permissions are read-only to them, the groups they may
  give are those whose permissions they hold themselves, and superuser accounts are
  not even listed to them (no change, no password reset, no deletion). Otherwise a network
  administrator could make themselves superuser, and read everyone's data.
- Second-factor devices: never shown, as their keys would let anyone produce the
  codes. A lost phone is handled by the "reset second factor" action on users.
- API tokens: each user sees (and revokes) only their own; only superusers see all.
  Tokens are issued from /workspace/api-token/, in a session with a proved second factor.
- "View on site": answers 404 for an object the user may not see in the admin, so
  the redirect never reveals the public address (and title) of another city's draft.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, Permission
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import ManyToManyField, Q, QuerySet
from django.forms import ModelForm, ModelMultipleChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from core.twofactor import second_factor_reset

User = get_user_model()

# Only superusers decide who is a superuser, who reaches the admin at all
# (roles give staff status), and which single permissions someone holds.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "user_permissions")

for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


def grantable_groups(user: AbstractUser | AnonymousUser) -> QuerySet[Group]:
    """The groups whose every permission `user` holds: those they may give to others."""
    if user.is_superuser:
        return Group.objects.all()
    held = Permission.objects.filter(Q(user=user) | Q(group__user=user))
    return Group.objects.exclude(permissions__in=Permission.objects.exclude(pk__in=held))


admin.site.unregister(User)


@admin.register(User)
class LimitedUserAdmin(UserAdmin[AbstractUser]):
    actions = ["reset_second_factor"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: AbstractUser | None = None
    ) -> list[str] | tuple[str, ...]:
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *SUPERUSER_ONLY_FIELDS)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(
        self, request: HttpRequest, form: ModelForm[AbstractUser], formsets: Any, change: bool
    ) -> None:
        if not request.user.is_superuser and "groups" in form.cleaned_data:
            # Groups the editor may not give are kept as they were, not dropped:
            # the form only offered the grantable ones.
            kept = form.instance.groups.exclude(pk__in=grantable_groups(request.user))
            form.cleaned_data["groups"] = [*form.cleaned_data["groups"], *kept]
        super().save_related(request, form, formsets, change)

    def get_queryset(self, request: HttpRequest) -> QuerySet[AbstractUser]:
        users = super().get_queryset(request)
        # A superuser's account is out of everyone else's reach: not found, like a
        # record of another city.
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    @admin.action(description=_("Reset the second factor (lost phone)"), permissions=["change"])
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[AbstractUser]) -> None:
        for user in queryset:
            second_factor_reset(user=user, actor=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d user sets up a new second factor at next sign-in.",
                "%(count)d users set up a new second factor at next sign-in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class OwnTokenAdmin(TokenAdmin):
    """API tokens: one's own only, to look at or revoke; issued in the workspace only."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[TokenProxy]:
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TokenProxy | None = None) -> bool:
        # Moving a token to another user would let whoever knows its key act as them.
        return False


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The admin's "view on site", for objects the user may see in the admin only."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    model_admin = admin.site._registry.get(model) if model else None
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404(_("No such record among those you may see."))
    try:
        visible = model_admin.get_queryset(request).filter(pk=object_id).exists()
    except (ValueError, ValidationError):
        visible = False
    if not visible:
        raise Http404(_("No such record among those you may see."))
    return contenttype_views.shortcut(request, content_type_id, object_id)
