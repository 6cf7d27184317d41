from django.urls import path

from portal.workspace import (
    agreements,
    attachments,
    calendar,
    merge_views,
    notifications,
    segments,
    views,
)

app_name = "workspace"

urlpatterns = [
    path("", views.stakeholder_list, name="stakeholder-list"),
    path("stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder-detail"),
    path("stakeholders/assign/", views.stakeholders_assign, name="stakeholders-assign"),
    path("stakeholders/<int:pk>/interactions/", views.interaction_log, name="interaction-log"),
    path("stakeholders/<int:pk>/stage/", views.stakeholder_move, name="stakeholder-move"),
    path("segments/", segments.segment_list, name="segment-list"),
    path("segments/new/", segments.segment_create, name="segment-create"),
    path("segments/<int:pk>/", segments.segment_detail, name="segment-detail"),
    path(
        "segments/<int:pk>/<slug:what>.<slug:fmt>",
        segments.segment_export,
        name="segment-export",
    ),
    path("views/", views.saved_view_create, name="saved-view-create"),
    path("views/<int:pk>/delete/", views.saved_view_delete, name="saved-view-delete"),
    path("stakeholders/duplicates/", merge_views.duplicates, name="duplicates"),
    path(
        "stakeholders/merge/<int:first>/<int:second>/",
        merge_views.stakeholders_merge_view,
        name="stakeholders-merge",
    ),
    path("merges/<int:pk>/undo/", merge_views.merge_undo, name="merge-undo"),
    path(
        "interactions/<int:pk>/attachments/",
        attachments.interaction_attach,
        name="interaction-attach",
    ),
    path("attachments/<int:pk>/", attachments.attachment_download, name="attachment-download"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification-open"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path(
        "notifications/preference/",
        notifications.notification_preference,
        name="notification-preference",
    ),
    path(
        "partnerships/<int:pk>/agreement/",
        agreements.partnership_agreement,
        name="partnership-agreement",
    ),
    path(
        "agreements/placeholders/",
        agreements.agreement_placeholders,
        name="agreement-placeholders",
    ),
    path(
        "agreements/neutral-template-<slug:language>.docx",
        agreements.agreement_neutral_template,
        name="agreement-neutral-template",
    ),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("follow-ups/", views.follow_ups, name="follow-ups"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow-up-done"),
    path("follow-ups/done/", views.follow_ups_done, name="follow-ups-done"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/assign/", views.proposal_assign, name="proposal-assign"),
    path("proposals/<int:pk>/accept/", views.proposal_accept, name="proposal-accept"),
    path("proposals/<int:pk>/decline/", views.proposal_decline, name="proposal-decline"),
    path("contacts/<int:pk>/export/", views.contact_export, name="contact-export"),
    path("contacts/<int:pk>/erase/", views.contact_erase, name="contact-erase"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/", calendar.account, name="account"),
    path("account/calendar/", calendar.calendar_address, name="calendar-address"),
    path("people/", views.people, name="people"),
    path(
        "people/<int:pk>/reset-second-factor/",
        views.person_reset_second_factor,
        name="person-reset-second-factor",
    ),
]
