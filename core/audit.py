"""Structured audit log: one JSON line per security-relevant event.

Sign-ins, failed sign-ins, permission denials, imports, exports and erasures are
logged with who did it and for which city. Never passwords, tokens, contact
e-mails or phone numbers: `RedactingJsonFormatter` masks anything shaped like an
e-mail address or a phone number, whatever field it ends up in.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.dispatch import receiver
from django.http import HttpRequest

logger = logging.getLogger("core.audit")


def audit(
    event: str,
    *,
    user: AbstractBaseUser | AnonymousUser | None = None,
    city: Model | str | None = None,
    level: int = logging.INFO,
    **details: Any,
) -> None:
    """Log one audit event. `user` is logged by id and username, `city` by slug."""
    fields: dict[str, Any] = {"details": details} if details else {}
    if user is not None and getattr(user, "is_authenticated", False):
        fields["user_id"] = user.pk
        fields["username"] = user.get_username()
    if city is not None:
        fields["city"] = getattr(city, "slug", city)
    logger.log(level, event, extra={"audit": fields})


def _client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_locked_out)
def _log_lockout(
    sender: object, request: HttpRequest, username: str, ip_address: str, **kwargs: Any
) -> None:
    audit("lockout", level=logging.WARNING, attempted_username=username, ip=ip_address)


@receiver(user_logged_in)
def _log_sign_in(
    sender: object, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
) -> None:
    audit("sign-in", user=user, ip=_client_ip(request))


@receiver(user_logged_out)
def _log_sign_out(
    sender: object, request: HttpRequest, user: AbstractBaseUser | None, **kwargs: Any
) -> None:
    audit("sign-out", user=user, ip=_client_ip(request))


@receiver(user_login_failed)
def _log_failed_sign_in(
    sender: object,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    # The username attempted is kept (masked if it is an e-mail); never the password.
    audit(
        "sign-in failed",
        level=logging.WARNING,
        attempted_username=credentials.get("username", ""),
        ip=_client_ip(request),
    )
