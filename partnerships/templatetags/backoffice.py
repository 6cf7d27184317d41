from django import template

from partnerships.dashboard import dashboard_for

register = template.Library()


@register.simple_tag(takes_context=True)
def city_dashboard(context) -> dict:
    """The admin index dashboard of the signed-in user's cities."""
    return dashboard_for(context["request"].user)
