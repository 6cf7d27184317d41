"""Bootstrap 5 (Bootstrap Italia) classes on Django form widgets, so templates stay plain."""

from __future__ import annotations

from django import forms


class BootstrapFormMixin:
    """Gives every widget the class Bootstrap styles it by."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            # RadioSelect covers CheckboxSelectMultiple, its subclass.
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css_class = "form-check-input"
            elif isinstance(widget, forms.Select):
                css_class = "form-select"
            else:
                css_class = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css_class}".strip()


class BootstrapForm(BootstrapFormMixin, forms.Form):
    """For django-filter's `FilterSet.Meta.form`."""
