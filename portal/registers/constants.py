from django.db import models
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    """The reference lists officials check applicants against (Art. 5 (1), (2); Art. 12's quota factor)."""

    ABOVE_SIZE = "above_size", _("Above-size industrial enterprises")
    DISHONEST = "dishonest", _("Seriously dishonest entities")


# Kinds kept per city and year (the statistics bureau's list of each city); the others are one province-wide list.
PER_CITY = frozenset({ListKind.ABOVE_SIZE})
