"""A title whose prerequisite title was revoked while it stays active (``tiers.titles.prerequisites``)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .titles import Title


class PrerequisiteLoss(models.Model):
    """``title`` was granted on ``prerequisite`` (Art. 12, 13), which was revoked (Art. 15) while ``title``
    stays active. The province is told, and reports it (to MIIT for MIIT's tiers): ``reported_*``."""

    title = models.ForeignKey(Title, verbose_name=_("title"), on_delete=models.PROTECT,
                              related_name="prerequisite_losses")
    prerequisite = models.ForeignKey(Title, verbose_name=_("prerequisite title"), on_delete=models.PROTECT,
                                     related_name="+")
    noticed_at = models.DateTimeField(_("noticed at"), default=timezone.now)
    reported_at = models.DateTimeField(_("report recorded at"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("report recorded by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    report_note = models.TextField(_("report"), blank=True)

    class Meta:
        verbose_name = _("prerequisite lost")
        verbose_name_plural = _("prerequisites lost")
        constraints = [models.UniqueConstraint(fields=["title", "prerequisite"], name="one_loss_per_prerequisite")]

    def __str__(self) -> str:
        return f"{self.title} ← {self.prerequisite}"
