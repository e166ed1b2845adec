from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "tiers.titles"
    label = "titles"
    verbose_name = _("Titles and certificates")

    def ready(self):
        # lifecycles, their faces, the histories' verbs, panels, rules, and the e-mails of evaluations and
        # revocation cases
        from . import (  # noqa: F401
            actions,
            history,
            lifecycles,
            monitoring,
            panels,
            permissions,
            prerequisites,
            reminders,
            revocation,
            succession,
            support,
        )

        checks.register(check_cjk_fonts, checks.Tags.compatibility)


def check_cjk_fonts(app_configs=None, **kwargs):
    """Without the CJK fonts certificates would render Chinese as boxes: refuse to start instead."""
    from portal.pdf import missing_cjk_fonts

    missing = missing_cjk_fonts()
    if not missing:
        return []
    return [checks.Error(
        f"Fonts for certificates are missing: {', '.join(missing)}",
        hint="Install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk).",
        id="review.E001",
    )]
