"""Form fields shared by the apps' forms.

``ModelMultipleChoiceField``: Django's looks the posted ids up with ``pk__in``, which the database
refuses for an integer beyond the column (SQLite's OverflowError, a 500) rather than finding nothing;
this one refuses a value that cannot be an id (``portal.params.is_id``) with the field's own message
first, as it refuses an id that names no choice.
"""
from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .params import is_id


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)) and self._keys_are_integers():
            for pk in value:
                if pk not in self.empty_values and not is_id(pk):
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": pk})
        return super().clean(value)

    def _keys_are_integers(self) -> bool:
        if self.queryset is None:
            return False
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        return isinstance(key, (models.IntegerField, models.AutoField))
