"""How the back-office names a person: the one place, so history, lists, choices and the
header all say "Lucia Bianchi" where Django would say "lbianchi"."""

from __future__ import annotations

from typing import Any


def full_name(user: Any) -> str:
    """The user's first and last name; their username only when they have given no name."""
    if user is None:
        return ""
    name: str = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return name or str(user.get_username())
