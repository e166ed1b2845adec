"""The unified social credit code (统一社会信用代码, GB 32100-2015).

18 characters from a 31-character alphabet: registration authority, entity type, the six-digit
administrative division code (characters 3-8), the nine-character organisation code, and a check
character computed over the first seventeen.
"""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
SHAPE = re.compile(rf"^[{CHARSET}]{{18}}$")
DIVISION = re.compile(r"^\d{6}$")


def normalize(code):
    """Upper-case and strip a typed code (people type lower case and spaces)."""
    return re.sub(r"\s+", "", code or "").upper()


def check_character(first17):
    """The 18th character for the given first seventeen."""
    total = sum(VALUES[c] * w for c, w in zip(first17, WEIGHTS, strict=False))
    return CHARSET[(31 - total % 31) % 31]


def division_code(code):
    """Characters 3-8: the administrative division where the entity registered."""
    return code[2:8]


def has_valid_check_character(code):
    return bool(SHAPE.match(code)) and check_character(code[:17]) == code[17]


def validate_credit_code(code, *, exception_allowed=False):
    """Raise ValidationError unless ``code`` is a well-formed Shandong credit code.

    ``exception_allowed``: an admin has recorded a verified exception for a real code whose check
    character fails; only the check character is then excused.
    """
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="length", params={"n": len(code)},
        )
    if not SHAPE.match(code):
        raise ValidationError(
            _("The code may contain only digits and the letters A-H, J-N, P-R, T, U, W-Y (no I, O, S, V, Z)."),
            code="charset",
        )
    if not DIVISION.match(division_code(code)):
        raise ValidationError(_("Characters 3 to 8 must be a six-digit division code."), code="division")
    if not division_code(code).startswith("37"):
        raise ValidationError(
            _("Only enterprises registered in Shandong (division code 37xxxx) may apply (Art. 5 (1))."),
            code="not_shandong",
        )
    if check_character(code[:17]) != code[17] and not exception_allowed:
        raise ValidationError(
            _("The check character (the 18th) does not match: please check the code for a typing error."),
            code="check_character",
        )
