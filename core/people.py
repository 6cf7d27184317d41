"""How the back-office names a person: the one place, so history, lists, choices and the
header all say "Lucia Bianchi" where Django would say "lbianchi"."""

from __future__ import annotations

from typing import Any

from django import forms


def full_name(user: Any) -> str:
    """The user's first and last name; their username only when they have given no name."""
    if user is None:
        return ""
    name: str = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return name or str(user.get_username())


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of people (account manager, assignee, owner) that lists them by full name."""

    def label_from_instance(self, obj: Any) -> str:
        return full_name(obj)
