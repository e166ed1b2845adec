"""Demo data for a local portal: enterprises in several cities and one account for every role.

Idempotent: rerunning finds what exists by credit code and user name, and resets the demo
passwords to the documented ones. The other apps add their own demo data through ``<app>.demo.run``.
"""
import importlib
import importlib.util

from django.contrib.auth import password_validation
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.accounts import credit_code as cc
from portal.accounts import services
from portal.accounts.constants import LegalForm, Role
from portal.accounts.models import City, Enterprise, User, city_for_division

# One password for every demo account, so the README table stays short. It satisfies the
# validators in settings (length, three character classes, not common, not like the user name).
DEMO_PASSWORD = "Demo-Shandong-2025"


def demo_code(division, organisation):
    """A credit code with a correct check character: 91 (enterprise, company) + division + organisation."""
    first17 = f"91{division}{organisation}"
    return first17 + cc.check_character(first17)


PARENT_CODE = demo_code("370600", "MA3D0P7K2")  # the (unregistered) legal person of the branch below

# (user name, credit code, name, district, industry (GB/T 4754-2017 division), legal form, parent's code)
ENTERPRISES = [
    ("qiye_jinan", demo_code("370112", "MA3C4K7L1"), "济南泉城智能装备有限公司", "历城区",
     "35", LegalForm.LEGAL_PERSON, ""),
    ("qiye_laiwu", demo_code("371203", "MA3F8N2Q5"), "济南钢城特种钢材有限公司", "钢城区",
     "31", LegalForm.LEGAL_PERSON, ""),
    ("qiye_qingdao", demo_code("370211", "MA3R6T1W8"), "青岛海岸智能家电有限公司", "黄岛区",
     "38", LegalForm.LEGAL_PERSON, ""),
    ("qiye_zibo", demo_code("370305", "MA3G2H9J4"), "淄博齐鲁新材料化工有限公司", "临淄区",
     "26", LegalForm.LEGAL_PERSON, ""),
    ("qiye_weifang", demo_code("370705", "MA3K5L8M3"), "潍坊鸢都动力机械有限公司", "奎文区",
     "36", LegalForm.LEGAL_PERSON, ""),
    ("qiye_yantai", demo_code("370681", "MA3N7P4Q6"), "烟台港城石化有限公司龙口分公司", "龙口市",
     "25", LegalForm.BRANCH, PARENT_CODE),
]

# (user name, role, city code, first name, last name, organisation)
STAFF = [
    ("city_jinan", Role.CITY_OFFICIAL, "370100", "明", "王", "济南市工业和信息化局"),
    ("city_qingdao", Role.CITY_OFFICIAL, "370200", "丽", "刘", "青岛市工业和信息化局"),
    ("city_zibo", Role.CITY_OFFICIAL, "370300", "刚", "张", "淄博市工业和信息化局"),
    ("province", Role.PROVINCIAL_OFFICER, None, "强", "陈", "山东省工业和信息化厅"),
    ("expert_li", Role.EXPERT, "370100", "华", "李", "山东大学"),
    ("expert_zhao", Role.EXPERT, "370200", "敏", "赵", "中国海洋大学"),
    ("expert_wang", Role.EXPERT, "370300", "磊", "王", "山东理工大学"),
    ("expert_chen", Role.EXPERT, "370700", "芳", "陈", "潍坊学院"),
    ("admin", Role.ADMIN, None, "静", "孙", "山东省工业和信息化厅"),
]

# The reference lists come last: imported before, 济南's above-size list would have to name every enterprise the
# other demos register there before their applications are submitted.
OTHER_APPS = ["tiers.demo", "tiers.titles.demo", "applications.demo", "review.demo", "portal.registers.demo"]


class Command(BaseCommand):
    help = "Create demo enterprises and one account for every role (idempotent), then the apps' demo data."

    def handle(self, *args, **options):
        # The demo's own transitions would e-mail the demo enterprises; keep those out of the console.
        from django.test.utils import override_settings

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._handle(*args, **options)

    def _handle(self, *args, **options):
        missing = 16 - City.objects.count()
        if missing:
            # The 16 cities come with migration accounts.0002; without them nothing else makes sense.
            raise SystemExit(f"{missing} of the 16 cities are missing: run `python manage.py migrate` first.")
        password_validation.validate_password(DEMO_PASSWORD)
        with transaction.atomic():
            rows = [self._enterprise(*row) for row in ENTERPRISES]
            rows += [self._staff(*row) for row in STAFF]
        for module_name in OTHER_APPS:
            self._run_app_demo(module_name)
        self._print_table(rows)

    def _enterprise(self, username, code, name, district, industry, legal_form, parent_code):
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            # Through the registration service, as a real enterprise would: enterprise, user, audit row.
            user = services.register_enterprise(data={
                "credit_code": code, "name": name, "city": city_for_division(cc.division_code(code)),
                "district": district, "legal_form": legal_form, "parent_credit_code": parent_code,
                "industry": industry, "above_designated_size": True, "contact_name": "张经理",
                "contact_phone": "0531-88886666",
                "contact_email": f"{username}@demo.example.com", "username": username,
                "password1": DEMO_PASSWORD,
            })
        else:
            user = User.objects.filter(username=username, enterprise=enterprise).first()
            if user is None:
                user = User.objects.create_user(
                    username=username, email=f"{username}@demo.example.com", role=Role.ENTERPRISE,
                    enterprise=enterprise, first_name=enterprise.contact_name,
                )
        self._reset_password(user)
        enterprise = user.enterprise
        return (username, Role.ENTERPRISE.label, f"{enterprise.city.name_zh} · {enterprise.name}")

    def _staff(self, username, role, city_code, first_name, last_name, organisation):
        city = City.objects.get(code=city_code) if city_code else None
        user = User.objects.filter(username=username).first()
        if user is None:
            # Through the staff-account service, as an admin would create it (audit row, invitation e-mail).
            user = services.create_staff_account(acting_user=None, values={
                "username": username, "role": role, "city": city, "first_name": first_name,
                "last_name": last_name, "organisation": organisation, "email": f"{username}@demo.example.com",
            })
        self._reset_password(user)
        return (username, role.label, city.name_zh if role == Role.CITY_OFFICIAL else organisation)

    @staticmethod
    def _reset_password(user):
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])

    def _run_app_demo(self, module_name):
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:  # the app itself is missing
            spec = None
        if spec is None:
            self.stdout.write(f"({module_name} not present yet: skipped)")
            return
        self.stdout.write(f"Running {module_name} ...")
        importlib.import_module(module_name).run(self.stdout)

    def _print_table(self, rows):
        header = ("user name", "role", "city / organisation", "password")
        rows = [(u, str(r), str(where), DEMO_PASSWORD) for u, r, where in rows]
        widths = [max(_width(cell) for cell in column) for column in zip(header, *rows, strict=False)]
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        self.stdout.write(line)
        for i, row in enumerate([header, *rows]):
            self.stdout.write("| " + " | ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=False)) + " |")
            if i == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        self.stdout.write("Open http://127.0.0.1:8000/ and log in with any of these accounts.")


def _width(text):
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text, width):
    return text + " " * (width - _width(text))
