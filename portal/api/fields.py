"""Serializer fields the domains share: a code with its Chinese name, as people read it in official lists
(``{"code": "advanced", "name_zh": "先进级（省级）智能工厂"}``), whatever language the request is in."""
from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def in_chinese(label: Any) -> str:
    """A (lazy) label of the UI in Simplified Chinese."""
    with translation.override("zh-hans"):
        return str(label)


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code.")
    name_zh = serializers.CharField(help_text="Chinese name, as official lists print it.")

    class Meta:
        ref_name = "CodeName"


@extend_schema_field(CodeNameSerializer)
class ChoiceField(serializers.Field):
    """A model field with choices, read as ``{code, name_zh}``: ``ChoiceField(choices=Status.choices)``."""

    def __init__(self, *, choices: Any, **kwargs: Any) -> None:
        self.labels = dict(choices)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, str] | None:
        if value in ("", None):  # a choice not made (no revocation ground): null, never an empty code
            return None
        return {"code": value, "name_zh": in_chinese(self.labels.get(value, value))}


@extend_schema_field(CodeNameSerializer)
class NamedField(serializers.Field):
    """A reference-data row with ``code`` and ``name_zh`` (a tier, a city, a segment)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, str]:
        return {"code": value.code, "name_zh": value.name_zh}


class IndustrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The GB/T 4754-2017 division (大类), two digits, e.g. `36`.")
    section = serializers.CharField(help_text="Its section (门类), one letter, e.g. `C`.")
    name_zh = serializers.CharField(help_text="The division's name in the standard, e.g. 汽车制造业.")

    class Meta:
        ref_name = "Industry"


@extend_schema_field(IndustrySerializer)
class IndustryField(serializers.Field):
    """An enterprise's industry by GB/T 4754-2017: ``{code, section, name_zh}`` (``portal.accounts.industries``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, str] | None:
        from portal.accounts import industries

        division = industries.division(value)
        if division is None:
            return None
        return {"code": division.code, "section": division.section, "name_zh": division.name_zh}
