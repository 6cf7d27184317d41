"""Files kept with interactions: uploaded and read by the city's staff only.

Both views fetch through `.for_user(request.user)`, so another city's file is a 404;
the download goes through `iap.downloads.attachment` (octet-stream, nosniff), never
through a media URL.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iap.downloads import attachment as file_download
from partnerships import services
from partnerships.models import Interaction, InteractionAttachment
from portal.workspace.views import form_refused, refused, workspace_view


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    personal = forms.BooleanField(
        label=gettext_lazy("It names or shows a person"),
        required=False,
        help_text=gettext_lazy("Then it goes with their data export and erasure."),
    )


@workspace_view
@require_POST
def interaction_attach(request: HttpRequest, pk: int) -> HttpResponse:
    interaction = get_object_or_404(
        Interaction.objects.for_user(request.user).select_related("stakeholder"), pk=pk
    )
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        form_refused(request, form)
    else:
        try:
            services.interaction_attach(
                interaction=interaction,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                personal=form.cleaned_data["personal"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            refused(request, error)
        else:
            messages.success(request, _("File attached."))
    return redirect("workspace:stakeholder-detail", pk=interaction.stakeholder_id)


@workspace_view
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(InteractionAttachment.objects.for_user(request.user), pk=pk)
    return file_download(attachment.file, slugify(attachment.title) or "attachment")
