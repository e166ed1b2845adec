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


class Industry(models.TextChoices):
    PETROCHEMICAL = "petrochemical", _("Petroleum and petrochemicals")
    NONFERROUS = "nonferrous", _("Nonferrous metals")
    TOBACCO = "tobacco", _("Tobacco")
    AUTOMOTIVE = "automotive", _("Automotive")
    STEEL = "steel", _("Iron and steel")
    CHEMICALS = "chemicals", _("Chemicals")
    BUILDING_MATERIALS = "building_materials", _("Building materials")
    EQUIPMENT = "equipment", _("Equipment manufacturing")
    ELECTRONICS = "electronics", _("Electronics and information")
    PHARMACEUTICALS = "pharmaceuticals", _("Pharmaceuticals")
    FOOD = "food", _("Food and beverages")
    TEXTILES = "textiles", _("Textiles and apparel")
    LIGHT_INDUSTRY = "light_industry", _("Light industry")
    OTHER = "other", _("Other manufacturing")


# Art. 5 (1): branches may apply only in industries with special circumstances.
BRANCH_INDUSTRIES = frozenset(
    {Industry.PETROCHEMICAL, Industry.NONFERROUS, Industry.TOBACCO, Industry.AUTOMOTIVE}
)
