"""Writes of the engagement work that span several models.

Keyword-only, typed and atomic. Each service checks that the actor may touch the
record (through `partnerships.scoping`) and raises `PermissionDenied` if not, or
`ValidationError` with a message a person can act on when the request makes no
sense. Views and commands call these; forms only validate input.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import personal_data
from core.audit import audit
from core.models import Notification
from core.notifications import notify
from core.outbox import queue_email
from core.people import full_name
from core.personal_data import ERASED
from partnerships.models import (
    City,
    CityRole,
    Contact,
    Interaction,
    InteractionAttachment,
    InteractionQuerySet,
    Participation,
    Partnership,
    Proposal,
    PublicationStatus,
    ResourceKind,
    Stakeholder,
)
from partnerships.scoping import (
    EDITORS,
    ENGAGEMENT,
    city_path_of,
    in_city,
    may_change_network_data,
    require_city_role,
    scope_to_user,
    user_city_ids,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

logger = logging.getLogger(__name__)

ANONYMISED = "[anonymised]"
OPEN_PROPOSAL_STATUSES = (Proposal.Status.NEW, Proposal.Status.TRIAGE, Proposal.Status.ASSIGNED)


def assignable_users(cities: City | models.QuerySet[City]) -> models.QuerySet[User]:
    """The people who work on `cities` (one city or a queryset): proposals' assignees."""
    from django.contrib.auth import get_user_model

    where: dict[str, Any] = (
        {"city_roles__city__in": cities}
        if isinstance(cities, models.QuerySet)
        else {"city_roles__city": cities}
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, city_roles__role__in=ENGAGEMENT, **where)
        .distinct()
        .order_by("username")
    )


def notify_city_staff(
    *, users: list[User | None], city_id: int, actor: User | None, **event: str
) -> int:
    """Notify (core.notifications) those of `users` who work on the city, never the
    actor about their own act: a notification never reaches another city's staff."""
    ids = [user.pk for user in users if user is not None and user != actor]
    staff = assignable_users(City.objects.filter(pk=city_id)).filter(pk__in=ids)
    return notify(users=staff, **event)


# --- e-mail -------------------------------------------------------------------


def render_email(*, template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """The subject (the template's first line) and body of an e-mail, in `language`."""
    with translation.override(language):
        subject, _newline, body = render_to_string(template, context).strip().partition("\n")
    return subject, body.strip()


def _send(
    *,
    template: str,
    context: dict[str, Any],
    recipients: list[str],
    language: str = settings.LANGUAGE_CODE,
) -> None:
    """Render `template` in `language` and queue it in the outbox.

    Queued in the caller's transaction: the record and its e-mail are saved together,
    and a mail outage only delays the message (core/outbox.py retries it). The
    language is the recipient's (a proposer's, stored with the proposal), never the
    one of whoever's request happens to send it; staff get the site's language.
    """
    subject, body = render_email(template=template, context=context, language=language)
    queue_email(to=recipients, subject=subject, body=body)


def site_url(path: str) -> str:
    """The absolute address of `path` for e-mails sent outside a request (commands)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def proposal_notify_received(*, proposal: Proposal, proposal_url: str) -> None:
    """Confirm receipt to the proposer and tell the city's coordinators.

    `proposal_url`: the proposal's absolute workspace address, for the coordinators.
    """
    _send(
        template="partnerships/email/proposal_received.txt",
        context={"proposal": proposal},
        recipients=[proposal.email],
        language=proposal.language,
    )
    coordinators = CityRole.objects.filter(
        city=proposal.city, role=CityRole.Role.COORDINATOR, user__is_active=True
    ).exclude(user__email="")
    # In the staff's language (the site's default), whatever language the proposer used.
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            template="partnerships/email/proposal_new_for_coordinators.txt",
            context={"proposal": proposal, "proposal_url": proposal_url},
            recipients=sorted({role.user.email for role in coordinators.select_related("user")}),
        )


# --- proposals ----------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *, cleaned_data: dict[str, Any], absolute_uri: Callable[[str], str]
) -> Proposal:
    """Save a proposal sent through the contact point and queue its e-mails.

    `cleaned_data`: a valid contact point form's data (keys that are no field of a
    proposal, such as the bots' trap field, are left out). `absolute_uri`: turns the
    workspace path into the address the coordinators' e-mail links to
    (`request.build_absolute_uri`). The proposal and its e-mails are saved together
    (core/outbox.py): a mail outage delays the notification, it never loses it nor
    fails the form.
    """
    columns = {field.name for field in Proposal._meta.concrete_fields}
    proposal = Proposal.objects.create(
        # The page's language is the proposer's: the answers they get speak it.
        **{"language": _proposer_language()}
        | {name: value for name, value in cleaned_data.items() if name in columns}
    )
    proposal.themes.set(cleaned_data.get("themes") or [])
    proposal_notify_received(
        proposal=proposal,
        proposal_url=absolute_uri(reverse("workspace:proposal-detail", kwargs={"pk": proposal.pk})),
    )
    return proposal


def _proposer_language() -> str:
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def _require_open(proposal: Proposal) -> None:
    # Lock the row and read its state again: two people clicking "accept" at once must
    # not create two stakeholders (call inside the service's transaction).
    current = (
        Proposal.objects.select_for_update().only("status", "anonymised_at").get(pk=proposal.pk)
    )
    proposal.status, proposal.anonymised_at = current.status, current.anonymised_at
    if proposal.status not in OPEN_PROPOSAL_STATUSES:
        raise ValidationError(
            _("This proposal is already %(status)s.")
            % {"status": proposal.get_status_display().lower()}
        )
    if proposal.anonymised_at:
        raise ValidationError(_("This proposal has been anonymised."))


def _mark_answered(proposal: Proposal) -> None:
    if proposal.first_answered_at is None:
        proposal.first_answered_at = timezone.now()


@transaction.atomic
def proposal_assign(*, proposal: Proposal, assignee: User, actor: User) -> Proposal:
    require_city_role(actor, proposal.city_id, ENGAGEMENT)
    _require_open(proposal)
    if not assignable_users(proposal.city).filter(pk=assignee.pk).exists():
        raise ValidationError(
            _("%(user)s does not work on %(city)s.") % {"user": assignee, "city": proposal.city}
        )
    proposal.assignee = assignee
    proposal.status = Proposal.Status.ASSIGNED
    _mark_answered(proposal)
    proposal.save()
    notify_city_staff(
        users=[assignee],
        city_id=proposal.city_id,
        actor=actor,
        kind=Notification.Kind.PROPOSAL_ASSIGNED,
        subject=proposal.organisation_name,
        url=reverse("workspace:proposal-detail", args=[proposal.pk]),
        key=f"proposal {proposal.pk} assigned {timezone.now().isoformat()}",
    )
    return proposal


def _unique_slug(model: type[models.Model], text: str) -> str:
    base = slugify(text)[:200] or model.__name__.lower()
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def proposal_accept(
    *,
    proposal: Proposal,
    actor: User,
    title: str,
    summary: str = "",
    stakeholder: Stakeholder | None = None,
) -> Partnership:
    """Turn a proposal into a stakeholder, a contact and a draft partnership.

    `title`, `summary`: the partnership's, written by the account manager. The
    proposer's free text is never copied into the partnership, which becomes public
    once published: it is a letter ("Buongiorno, sono Lucia Ferri…"), not a title.
    `stakeholder`: an existing organisation to merge the proposal into (see
    `Stakeholder.objects.similar_to`); without it a new one is created.
    """
    require_city_role(actor, proposal.city_id, ENGAGEMENT)
    _require_open(proposal)
    if not title.strip():
        raise ValidationError(_("Give the partnership a title."))
    if stakeholder is None:
        stakeholder = Stakeholder.objects.create(
            name=proposal.organisation_name,
            slug=_unique_slug(Stakeholder, proposal.organisation_name),
            kind=proposal.organisation_kind,
            city=proposal.city,
            website=proposal.website,
            vat_number=proposal.vat_number,
            account_manager=proposal.assignee or actor,
            engagement_stage=Stakeholder.EngagementStage.IN_DISCUSSION,
        )
    else:
        if stakeholder.city_id != proposal.city_id:
            raise ValidationError(_("The organisation to merge into belongs to another city."))
        early = ("", Stakeholder.EngagementStage.PROSPECT, Stakeholder.EngagementStage.CONTACTED)
        if stakeholder.engagement_stage in early:
            stakeholder.engagement_stage = Stakeholder.EngagementStage.IN_DISCUSSION
        if not stakeholder.account_manager_id:
            stakeholder.account_manager = proposal.assignee or actor
        if not stakeholder.website:
            stakeholder.website = proposal.website
        if not stakeholder.vat_number:
            stakeholder.vat_number = proposal.vat_number

    # What the organisation offers and cares about feeds the needs matching.
    stakeholder.offered_resource_kinds = sorted(
        set(stakeholder.offered_resource_kinds) | set(proposal.resource_kinds)
    )
    stakeholder.save()
    stakeholder.interest_themes.add(*proposal.themes.all())

    contact = stakeholder.contacts.filter(email__iexact=proposal.email).first()
    if contact is None:
        Contact.objects.create(
            stakeholder=stakeholder,
            name=proposal.contact_name,
            email=proposal.email,
            phone=proposal.phone,
            consent_date=timezone.localdate(proposal.created_at),
            consent_source=_("Single contact point, proposal no. %(number)s")
            % {"number": proposal.pk},
            consent_scope=_("Being contacted about the proposed CSR action"),
        )

    partnership = Partnership.objects.create(
        title_it=title.strip(),
        slug=_unique_slug(Partnership, title),
        city=proposal.city,
        summary_it=summary.strip(),
        status=Partnership.Status.PLANNED,
        publication_status=PublicationStatus.DRAFT,
    )
    partnership.themes.set(proposal.themes.all())
    Participation.objects.create(
        partnership=partnership,
        stakeholder=stakeholder,
        role=(
            Participation.Role.FUNDER
            if ResourceKind.MONEY in proposal.resource_kinds
            else Participation.Role.IN_KIND
        ),
        # What is offered, by kind; the proposer's own words stay on the proposal.
        contribution=", ".join(proposal.resource_kind_labels()),
    )

    proposal.status = Proposal.Status.ACCEPTED
    proposal.stakeholder = stakeholder
    proposal.partnership = partnership
    proposal.assignee = proposal.assignee or actor
    _mark_answered(proposal)
    proposal.save()
    return partnership


DECLINE_TEMPLATE = "partnerships/email/proposal_declined.txt"


def proposal_decline_email(*, proposal: Proposal, reason: str) -> tuple[str, str]:
    """The subject and body the proposer gets if declined for `reason`, in their
    language: what the workspace previews before sending."""
    return render_email(
        template=DECLINE_TEMPLATE,
        context={"proposal": proposal, "reason": reason.strip()},
        language=proposal.language,
    )


@transaction.atomic
def proposal_decline(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    """Decline and tell the proposer why, in their language."""
    require_city_role(actor, proposal.city_id, ENGAGEMENT)
    _require_open(proposal)
    if not reason.strip():
        raise ValidationError(_("Tell the proposer why: the reason is e-mailed to them."))
    proposal.status = Proposal.Status.DECLINED
    proposal.decline_reason = reason.strip()
    _mark_answered(proposal)
    proposal.save()
    subject, body = proposal_decline_email(proposal=proposal, reason=reason)
    queue_email(to=[proposal.email], subject=subject, body=body)
    return proposal


def _proposal_blanks() -> dict[str, str]:
    """What anonymising puts in each personal and free-text field of a proposal."""
    blanks = dict.fromkeys(personal_data.personal_fields(Proposal), "")
    blanks |= dict.fromkeys(personal_data.free_text_fields(Proposal), "")
    # Required fields keep a visible marker rather than an empty value.
    return blanks | {"contact_name": ANONYMISED, "offer": ANONYMISED}


@transaction.atomic
def proposal_anonymise(*, proposal: Proposal) -> Proposal:
    """Remove the proposer's personal data, here and in the change history."""
    blanks = _proposal_blanks()
    for field, value in blanks.items():
        setattr(proposal, field, value)
    proposal.anonymised_at = timezone.now()
    proposal.save()
    proposal.history.update(**blanks)
    audit("erasure", city=proposal.city, record="proposal", proposal_id=proposal.pk)
    return proposal


def proposals_due_for_anonymisation(*, today: dt.date | None = None) -> models.QuerySet[Proposal]:
    """Declined or never-converted proposals older than PROPOSAL_RETENTION_DAYS."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=settings.PROPOSAL_RETENTION_DAYS), dt.time())
    )
    return Proposal.objects.filter(
        anonymised_at__isnull=True, created_at__lt=cutoff, stakeholder__isnull=True
    ).exclude(status=Proposal.Status.ACCEPTED)


# --- stakeholders and interactions -------------------------------------------


@transaction.atomic
def stakeholder_move_stage(*, stakeholder: Stakeholder, stage: str, actor: User) -> Stakeholder:
    """Move a stakeholder along the pipeline; the history records who moved it and why."""
    require_city_role(actor, stakeholder.city_id, ENGAGEMENT)
    if stage not in Stakeholder.EngagementStage.values:
        raise ValidationError(_("%(stage)s is not an engagement stage.") % {"stage": stage})
    if stage == stakeholder.engagement_stage:
        raise ValidationError(_("The stakeholder is already at this stage."))
    previous = stakeholder.get_engagement_stage_display() or "—"
    stakeholder.engagement_stage = stage
    stakeholder._history_user = actor
    stakeholder._change_reason = _("Stage: %(old)s → %(new)s") % {
        "old": previous,
        "new": stakeholder.get_engagement_stage_display(),
    }
    stakeholder.save()
    return stakeholder


@transaction.atomic
def interaction_log(
    *,
    stakeholder: Stakeholder,
    actor: User,
    kind: str,
    date: dt.date,
    summary: str = "",
    contact: Contact | None = None,
    partnership: Partnership | None = None,
    follow_up_date: dt.date | None = None,
    follow_up_action: str = "",
) -> Interaction:
    require_city_role(actor, stakeholder.city_id, ENGAGEMENT)
    errors = {}
    if contact is not None and contact.stakeholder_id != stakeholder.pk:
        errors["contact"] = _("This person works for another organisation.")
    if partnership is not None and partnership.city_id != stakeholder.city_id:
        errors["partnership"] = _("This partnership belongs to another city.")
    if follow_up_date and follow_up_date < date:
        errors["follow_up_date"] = _("The follow-up cannot be before the interaction.")
    if follow_up_action and not follow_up_date:
        errors["follow_up_date"] = _("Give the follow-up a date.")
    if errors:
        raise ValidationError(errors)
    interaction = Interaction.objects.create(
        stakeholder=stakeholder,
        contact=contact,
        partnership=partnership,
        kind=kind,
        date=date,
        summary=summary,
        owner=actor,
        follow_up_date=follow_up_date,
        follow_up_action=follow_up_action,
    )
    mentioned = mentioned_usernames(f"{summary} {follow_up_action}")
    if mentioned:
        notify_city_staff(
            users=list(assignable_users(stakeholder.city).filter(username__in=mentioned)),
            city_id=stakeholder.city_id,
            actor=actor,
            kind=Notification.Kind.MENTION,
            subject=stakeholder.name,
            url=reverse("workspace:stakeholder-detail", args=[stakeholder.pk]),
            key=f"interaction {interaction.pk}",
        )
    return interaction


# "@username" in a note: Django's usernames are letters, digits and @.+-_; a trailing
# full stop or comma ends the sentence, not the name.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")


def mentioned_usernames(text: str) -> set[str]:
    return {name.rstrip(".,;:") for name in MENTION.findall(text)}


@transaction.atomic
def follow_ups_notify_due(*, today: dt.date) -> int:
    """Tell the owner and the account manager of each follow-up due `today`, once."""
    told = 0
    due = Interaction.objects.open_follow_ups().filter(follow_up_date=today)
    for interaction in due.select_related("stakeholder__account_manager", "owner"):
        stakeholder = interaction.stakeholder
        told += notify_city_staff(
            users=[interaction.owner, stakeholder.account_manager],
            city_id=stakeholder.city_id,
            actor=None,
            kind=Notification.Kind.FOLLOW_UP_DUE,
            subject=f"{stakeholder.name}: {interaction.follow_up_action}".rstrip(": "),
            url=reverse("workspace:stakeholder-detail", args=[stakeholder.pk]),
            key=f"interaction {interaction.pk} due {today.isoformat()}",
        )
    return told


@transaction.atomic
def follow_up_mark_done(*, interaction: Interaction, actor: User) -> Interaction:
    require_city_role(actor, interaction.stakeholder.city_id, ENGAGEMENT)
    if interaction.follow_up_date is None:
        raise ValidationError(_("This interaction has no follow-up."))
    if interaction.follow_up_done:
        raise ValidationError(_("This follow-up is already done."))
    interaction.follow_up_done = True
    interaction.save()
    return interaction


@transaction.atomic
def interaction_attach(
    *, interaction: Interaction, upload: Any, title: str, personal: bool, actor: User
) -> InteractionAttachment:
    """Keep a file with an interaction, checked by core.uploads (kind by content, size)."""
    require_city_role(actor, interaction.stakeholder.city_id, ENGAGEMENT)
    attachment = InteractionAttachment(
        interaction=interaction,
        title=title.strip() or upload.name,
        file=upload,
        personal=personal,
        uploaded_by=actor,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def _personal_attachments(contact: Contact) -> models.QuerySet[InteractionAttachment]:
    return InteractionAttachment.objects.filter(interaction__contact=contact, personal=True)


# --- personal data (GDPR) -----------------------------------------------------


def personal_data_city_ids(user: User | AnonymousUser) -> models.QuerySet[Any, Any]:
    """The cities whose personal data `user` may take away (a contact's file, bulk exports).

    The one rule for the workspace's export of a person and the admin's CSV/XLSX
    exports of models that hold personal data: a coordinator's duty (network
    administrators too), not an account manager's.
    """
    return user_city_ids(user, roles=EDITORS)


def may_export_personal_data(user: User | AnonymousUser, city_id: int) -> bool:
    return City.objects.filter(pk=city_id, pk__in=personal_data_city_ids(user)).exists()


def _require_personal_data_duty(actor: User, contact: Contact) -> None:
    # `may_export_personal_data`, with the refusal audited and explained.
    require_city_role(actor, contact.stakeholder.city_id, EDITORS)


def _contact_proposals(contact: Contact) -> models.QuerySet[Proposal]:
    if not contact.email:
        return Proposal.objects.none()
    return Proposal.objects.filter(email__iexact=contact.email, city=contact.stakeholder.city_id)


def _fields(record: models.Model, names: list[str]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


def _audit_contact(event: str, contact: Contact, actor: User, **details: Any) -> None:
    # One shape for the audit lines of a person's data (export, erase, delete): the
    # log is searched by contact and city, whichever path touched them.
    audit(
        event,
        user=actor,
        city=contact.stakeholder.city,
        record="contact",
        contact_id=contact.pk,
        **details,
    )


def contact_export(*, contact: Contact, actor: User) -> dict[str, Any]:
    """Everything stored about a person, as data ready for `json.dumps`.

    The fields come from the personal-data registry (`core.personal_data`).
    """
    _require_personal_data_duty(actor, contact)
    _audit_contact("export", contact, actor)
    contact_fields = personal_data.personal_fields(Contact)
    proposal_fields = personal_data.personal_fields(Proposal) + personal_data.free_text_fields(
        Proposal
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "contact": {
            "id": contact.pk,
            "organisation": contact.stakeholder.name,
            "city": contact.stakeholder.city.name,
            **_fields(contact, contact_fields),
            "consent": {
                "date": contact.consent_date.isoformat() if contact.consent_date else None,
                "source": contact.consent_source,
                "scope": contact.consent_scope,
            },
        },
        "interactions": [
            {
                "date": interaction.date.isoformat(),
                "kind": interaction.kind,
                **_fields(interaction, personal_data.free_text_fields(Interaction)),
                "follow_up_date": (
                    interaction.follow_up_date.isoformat() if interaction.follow_up_date else None
                ),
            }
            for interaction in contact.interactions.order_by("date", "pk")
        ],
        "proposals": [
            {
                "received": proposal.created_at.isoformat(),
                "organisation": proposal.organisation_name,
                **_fields(proposal, proposal_fields),
                "status": proposal.status,
            }
            for proposal in _contact_proposals(contact)
        ],
        # The files themselves, not only their names: an export is what is stored.
        "attachments": [
            {
                "interaction_date": attachment.interaction.date.isoformat(),
                "title": attachment.title,
                "file_name": Path(attachment.file.name).name,
                "content_base64": _file_base64(attachment),
            }
            for attachment in _personal_attachments(contact).select_related("interaction")
        ],
        "history": [
            {
                "date": record.history_date.isoformat(),
                "change": record.get_history_type_display(),
                **_fields(record, contact_fields),
            }
            for record in contact.history.order_by("history_date")
        ],
    }


def _file_base64(attachment: InteractionAttachment) -> str | None:
    try:
        with attachment.file.open("rb") as handle:
            return base64.b64encode(handle.read()).decode("ascii")
    except FileNotFoundError:
        return None


def _erase(contact: Contact) -> None:
    # The role ("Direttore") is not identifying on its own and would scrub common words.
    erased_values = [
        value for field in ("name", "email", "phone") if (value := getattr(contact, field).strip())
    ]
    for proposal in _contact_proposals(contact).filter(anonymised_at__isnull=True):
        proposal_anonymise(proposal=proposal)
    blanks = dict.fromkeys(personal_data.personal_fields(Contact), "") | {"name": ERASED}
    for field, value in blanks.items():
        setattr(contact, field, value)
    # The person's files go, from storage as from the history that names them.
    attachments = list(_personal_attachments(contact))
    for attachment in attachments:
        attachment.file.delete(save=False)
    ids = [attachment.pk for attachment in attachments]
    InteractionAttachment.objects.filter(pk__in=ids).delete()
    # After the delete, which writes its own history row.
    InteractionAttachment.history.filter(id__in=ids).delete()
    contact.erased_at = timezone.now()
    contact.save()
    contact.history.update(**blanks)
    # Wherever the person may have been copied: notes, partnership texts built from
    # their proposal, the change history of those, the admin log.
    personal_data.scrub(
        erased_values, within=lambda rows: in_city(rows, contact.stakeholder.city_id)
    )


@transaction.atomic
def contact_erase(*, contact: Contact, actor: User) -> Contact:
    """Anonymise a person everywhere the personal-data registry says they can be.

    Records keep their non-personal facts (date, kind, organisation, the rest of a
    note); the person's name, e-mail and phone become "[erased]" in them.
    """
    _require_personal_data_duty(actor, contact)
    if contact.erased_at:
        raise ValidationError(_("This contact has already been erased."))
    _erase(contact)
    _audit_contact("erasure", contact, actor)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor: User) -> None:
    """Delete a person (the admin's delete): erased first, so no history can bring them back."""
    _require_personal_data_duty(actor, contact)
    if not contact.erased_at:
        _erase(contact)
    _audit_contact("erasure", contact, actor, deleted=True)
    contact.delete()


# --- follow-up digest ---------------------------------------------------------


@transaction.atomic
def send_follow_up_digest(*, user: User, today: dt.date) -> bool:
    """E-mail `user` their overdue and today's follow-ups, once for `today`.

    Returns False when there is nothing to send or the digest of `today` was already
    sent. The row is locked in by the unique (user, date) constraint: two cron runs
    at once cannot both send.
    """
    from partnerships.models import FollowUpDigest

    follow_ups = list(
        Interaction.objects.for_user(user)
        .open_follow_ups()
        .followed_by(user)
        .filter(follow_up_date__lte=today)
        .select_related("stakeholder", "contact")
        .order_by("follow_up_date", "pk")
    )
    if not follow_ups or not user.email:
        return False
    digest, created = FollowUpDigest.objects.get_or_create(
        user=user, date=today, defaults={"follow_ups_count": len(follow_ups)}
    )
    if not created:
        return False
    # Each organisation it lists shows the digest on its timeline.
    digest.stakeholders.set({item.stakeholder_id for item in follow_ups})
    _send(
        template="partnerships/email/follow_up_digest.txt",
        context={
            "user": user,
            "today": today,
            "overdue": [item for item in follow_ups if item.follow_up_date < today],
            "due_today": [item for item in follow_ups if item.follow_up_date == today],
            "follow_ups_url": site_url(reverse("workspace:follow-ups")),
        },
        recipients=[user.email],
    )
    return True


# --- bulk actions (admin and workspace) ----------------------------------------
# Many records at once, each saved on its own so its history says who changed it
# and how, and one audit line per action. Only the records of the cities where the
# actor works are touched: a selection that reaches another city's record (a forged
# form, a command) leaves that record as it was.


def _workable(records: models.QuerySet[Any], actor: User) -> models.QuerySet[Any]:
    """The records of `records` that `actor` may change (network-wide ones: network
    administrators only)."""
    if city_path_of(records.model) is None and not may_change_network_data(actor):
        return records.none()
    return scope_to_user(records, actor, roles=ENGAGEMENT)


def _audit_bulk(event: str, records: list[models.Model], actor: User, **details: Any) -> None:
    if records:
        audit(
            event,
            user=actor,
            model=records[0]._meta.label,
            ids=[record.pk for record in records],
            **details,
        )


@transaction.atomic
def records_set_publication(*, records: models.QuerySet[Any], status: str, actor: User) -> int:
    """Publish (or unpublish) many records; returns how many changed."""
    if status not in PublicationStatus.values:
        raise ValidationError(_("Unknown publication status."))
    changed = list(_workable(records, actor).exclude(publication_status=status))
    for record in changed:
        record.publication_status = status
        record._history_user = actor
        record.save()
    _audit_bulk("publication changed", changed, actor, status=status)
    return len(changed)


@transaction.atomic
def stakeholders_assign_manager(
    *, stakeholders: models.QuerySet[Stakeholder], manager: User, actor: User
) -> int:
    """Make `manager` the account manager of many stakeholders; returns how many changed.

    Refused as a whole when the manager does not work on one of the cities concerned.
    """
    workable = list(
        _workable(stakeholders, actor).exclude(account_manager=manager).select_related("city")
    )
    elsewhere = sorted(
        {
            stakeholder.city.name
            for stakeholder in workable
            if not assignable_users(stakeholder.city).filter(pk=manager.pk).exists()
        }
    )
    if elsewhere:
        raise ValidationError(
            _("%(user)s does not work on %(city)s.")
            % {"user": full_name(manager), "city": ", ".join(elsewhere)}
        )
    for stakeholder in workable:
        previous = stakeholder.account_manager
        stakeholder.account_manager = manager
        stakeholder._history_user = actor
        stakeholder._change_reason = _("Account manager: %(old)s → %(new)s") % {
            "old": full_name(previous) or "—",
            "new": full_name(manager),
        }
        stakeholder.save()
    _audit_bulk("account manager assigned", workable, actor, manager=manager.pk)
    return len(workable)


@transaction.atomic
def follow_ups_mark_done(*, interactions: models.QuerySet[Interaction], actor: User) -> int:
    """Mark many open follow-ups done; returns how many changed."""
    done = list(cast(InteractionQuerySet, _workable(interactions, actor)).open_follow_ups())
    for interaction in done:
        interaction.follow_up_done = True
        interaction._history_user = actor
        interaction.save()
    _audit_bulk("follow-ups done", done, actor)
    return len(done)
