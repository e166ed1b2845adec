from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_cities(sender, using="default", apps=None, **kwargs):
    """Put the 16 cities back whenever they are missing after a migrate or a flush.

    Migration 0002 creates them, but a flush (what every transactional test and live-server test
    ends with) empties the table and then sends post_migrate, as it does for content types. The
    portal cannot work without its cities, so they are reference data restored here.
    """
    import importlib

    from django.db import connections

    if "accounts_city" not in connections[using].introspection.table_names():
        return  # migrated backwards past 0001
    City = (apps or sender.apps).get_model("accounts", "City")
    cities = importlib.import_module("portal.accounts.migrations.0002_cities").CITIES
    if City.objects.using(using).count() >= len(cities):
        return
    for code, zh, en in cities:
        City.objects.using(using).get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "bureau_name": f"{zh}市工业和信息化局"}
        )


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts, cities and enterprises")

    def ready(self):
        post_migrate.connect(ensure_cities, sender=self, dispatch_uid="accounts.ensure_cities")
        from django.db.models.signals import post_delete, post_save
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import services  # noqa: F401 - the audit verbs of accounts
        from .two_factor import keep_second_factor_flag

        for device in (TOTPDevice, StaticDevice):
            for signal in (post_save, post_delete):
                signal.connect(keep_second_factor_flag, sender=device,
                               dispatch_uid=f"accounts.second_factor.{signal is post_save}.{device.__name__}")
