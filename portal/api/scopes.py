"""What an integration token may read. A token restricted to a city (``ApiToken.city``) reads only that
city's rows under every scope it holds; the city's applications scope needs one."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_REGISTER = "read_register", _("Read the register: titles and their history")
    READ_CITY_APPLICATIONS = "read_city_applications", _("Read one city's applications and quotas")
    READ_PROVINCE_APPLICATIONS = "read_province_applications", _("Read the province's applications and quotas")
    READ_SUPPORT_LIST = "read_support_list", _("Read the support list (Art. 17)")


APPLICATION_SCOPES = frozenset({Scope.READ_CITY_APPLICATIONS, Scope.READ_PROVINCE_APPLICATIONS})
