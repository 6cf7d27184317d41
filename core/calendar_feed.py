"""Private iCalendar (RFC 5545) feeds: a user's follow-ups in Outlook, Google or Apple
calendars, which subscribe to an address and fetch it without signing in.

- The address carries a random secret (`calendar_token_issue`); only its SHA-256 is
  stored (`core.models.CalendarToken`), and a new one revokes the old, so a leaked
  address is closed from the workspace. Whoever holds it reads the feed: it carries
  only what a calendar needs (date, organisation, the task, a link to the workspace),
  never a contact's e-mail or phone.
- `ical_calendar` writes the text by hand (no library needed for all-day events):
  CRLF line endings, TEXT values escaped, lines folded at 75 octets without cutting
  a UTF-8 character.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from core.audit import audit
from core.models import CalendarToken

LINE_OCTETS = 75


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    date: dt.date
    summary: str
    url: str
    description: str = ""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_issue(*, user: User) -> str:
    """A new secret for `user`'s feed address; the previous address stops working."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": _hash(token)})
    audit("calendar feed address issued", user=user)
    return token


def calendar_token_revoke(*, user: User) -> None:
    if CalendarToken.objects.filter(user=user).delete()[0]:
        audit("calendar feed address revoked", user=user)


def calendar_token_user(token: str) -> User | None:
    """The active user whose feed `token` opens, or None."""
    found = (
        CalendarToken.objects.filter(token_hash=_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def _escape(text: str) -> str:
    # RFC 5545 3.3.11: backslash, semicolon, comma and line breaks are escaped.
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1): CRLF and one space before each
    continuation, never inside a UTF-8 character."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        octets = len(char.encode())
        # A continuation line starts with a space, which counts in its 75 octets.
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def ical_calendar(
    *, name: str, events: Iterable[AllDayEvent], now: dt.datetime, product: str
) -> str:
    """A VCALENDAR of all-day events, as RFC 5545 text."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{product}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.summary)}",
            f"URL:{event.url}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)
