from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise user")
    CITY_OFFICIAL = "city_official", _("City official")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    EXPERT = "expert", _("Expert reviewer")
    ADMIN = "admin", _("Administrator")


class LegalForm(models.TextChoices):
    LEGAL_PERSON = "legal_person", _("Independent legal person")
    BRANCH = "branch", _("Branch of a legal person")


class BranchGroup(models.TextChoices):
    """The four industries Art. 5 (1) names where a branch of a legal person may apply ("石油石化、有色金属、
    烟草、汽车等"). Which GB/T 4754-2017 divisions each covers is ``REGULATION_BRANCH_DIVISIONS``; the
    "等" is the province's list (``BranchIndustry``), seeded with these."""

    PETROCHEMICAL = "petrochemical", _("Petroleum and petrochemicals")
    NONFERROUS = "nonferrous", _("Nonferrous metals")
    TOBACCO = "tobacco", _("Tobacco")
    AUTOMOTIVE = "automotive", _("Automotive")


# The divisions (大类) of GB/T 4754-2017 each industry of Art. 5 (1) covers, as seeded by the migration
# accounts 0007 (docs/industry.md says why each):
# - petroleum and petrochemicals: 07 石油和天然气开采业 (oilfields such as 胜利油田 are branches of their
#   group), 25 石油、煤炭及其他燃料加工业 (refining) and 26 化学原料和化学制品制造业 (ethylene, aromatics and
#   the other basic petrochemicals are classes of 26: 2614 有机化学原料制造, 2651 初级形态塑料...);
# - nonferrous metals: 09 有色金属矿采选业 (mining and dressing) and 32 有色金属冶炼和压延加工业 (smelting and
#   rolling);
# - tobacco: 16 烟草制品业 (cigarette factories are branches of the provincial tobacco company);
# - automotive: 36 汽车制造业 (vehicles, bodies and parts, 3670 汽车零部件及配件制造).
REGULATION_BRANCH_DIVISIONS = {
    BranchGroup.PETROCHEMICAL: ("07", "25", "26"),
    BranchGroup.NONFERROUS: ("09", "32"),
    BranchGroup.TOBACCO: ("16",),
    BranchGroup.AUTOMOTIVE: ("36",),
}
