"""Each user's ``second_factor`` flag (portal.accounts.two_factor keeps it from then on), set from the
confirmed devices the user already has."""
from django.db import migrations, models


def from_devices(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    users = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    users |= set(StaticDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    User.objects.filter(pk__in=users).update(second_factor=True)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_branch_industries"),
        ("otp_totp", "__latest__"),
        ("otp_static", "__latest__"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="second_factor",
            field=models.BooleanField(default=False, editable=False, verbose_name="uses a second factor"),
        ),
        migrations.RunPython(from_devices, migrations.RunPython.noop),
    ]
