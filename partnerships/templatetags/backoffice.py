from django import template
from django.utils.translation import gettext_lazy as _

from core.notifications import unread_count
from core.people import full_name
from core.personal_data import erased_in_words
from partnerships.dashboard import dashboard_for
from partnerships.models import CityRole

register = template.Library()


@register.simple_tag(takes_context=True)
def city_dashboard(context) -> dict:
    """The admin index dashboard of the signed-in user's cities."""
    return dashboard_for(context["request"].user)


@register.simple_tag(takes_context=True)
def signed_in_as(context) -> dict:
    """Who is signed in on a staff page: full name, and each city with the role held there."""
    user = context["request"].user
    roles = [
        str(role.get_role_display())
        if role.city is None
        else f"{role.get_role_display()} – {role.city.name}"
        for role in CityRole.objects.filter(user=user).select_related("city").order_by("city__name")
    ]
    if not roles and user.is_superuser:
        roles = [str(_("Superuser (all cities)"))]
    return {"name": full_name(user), "roles": roles}


# The bell of the staff layout: one COUNT query per page (core.notifications).
register.simple_tag(takes_context=True, name="unread_notifications")(
    lambda context: unread_count(context["request"].user)
)

# A person as the back-office names them: "Lucia Ferri", not "lferri" (core.people).
register.filter("full_name", full_name)

# "[erased]" in the reader's language (core.personal_data).
register.filter("erased", erased_in_words)
