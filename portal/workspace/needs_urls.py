from django.urls import path

from portal.workspace import needs_views as workspace_views

app_name = "needs-workspace"

urlpatterns = [
    path(
        "proposals/<int:pk>/link/",
        workspace_views.proposal_link_need,
        name="proposal-link",
    ),
    path("pledges/<int:pk>/delivery/", workspace_views.pledge_delivery, name="pledge-delivery"),
]
