"""Base forms every module's forms inherit, so hostile input is refused in one place.

`SafeForm` / `SafeModelForm` refuse NUL and other control characters in every submitted
value before any field converts it (a NUL reaching PostgreSQL is a server error; control
characters stored in text break XML outputs for everyone). Tab, newline and carriage
return are allowed in multi-line fields (Textarea widgets) only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trustbeat.lib.text import has_forbidden_characters


class SafeFormMixin:
    """Checks every raw value first; a field holding a bad character gets a message and
    is not cleaned any further."""

    fields: dict[str, forms.Field]
    data: Any
    files: Any

    def _clean_fields(self) -> None:
        # Fields whose raw value is hostile are skipped here so that no conversion (a
        # database lookup for a choice, a Decimal for a number) ever sees the value.
        hostile = [name for name, field in self.fields.items() if self._is_hostile(name, field)]
        saved = self.fields
        self.fields = {name: field for name, field in saved.items() if name not in hostile}
        try:
            super()._clean_fields()  # type: ignore[misc]
        finally:
            self.fields = saved
        for name in hostile:
            self.add_error(  # type: ignore[attr-defined]
                name,
                forms.ValidationError(
                    _("This field contains characters that are not allowed."),
                    code="control_characters",
                ),
            )

    def _is_hostile(self, name: str, field: forms.Field) -> bool:
        multiline = isinstance(field.widget, forms.Textarea)
        prefixed = self.add_prefix(name)  # type: ignore[attr-defined]
        data = self.data
        values = data.getlist(prefixed) if hasattr(data, "getlist") else [data.get(prefixed)]
        return any(
            isinstance(value, str) and has_forbidden_characters(value, multiline=multiline)
            for value in values
        )


class SafeForm(SafeFormMixin, forms.Form):
    pass


class SafeModelForm(SafeFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
