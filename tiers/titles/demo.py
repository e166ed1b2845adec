"""Demo data for the titles, after ``tiers.demo``'s rounds: safe to run twice.

- Titles of the demo enterprises with their certificates (``DEMO_TITLES``), one of them revoked by the
  provincial department (Art. 15), and a rename request of 青岛海岸 waiting for the 青岛 city bureau
  (Art. 16), when ``manage.py demo_data`` has created the enterprises and accounts.
"""
import datetime

from django.db import transaction
from django.utils import timezone

from tiers.constants import Authority, TierCode
from tiers.models import Tier

from .constants import RevocationGround, TitleStatus
from .models import Title


def _admin():
    from portal.accounts.constants import Role
    from portal.accounts.models import User

    return User.objects.filter(role=Role.ADMIN).order_by("pk").first()


@transaction.atomic
def run(stdout=None):
    def say(message):
        if stdout is not None:
            stdout.write(message)

    _titles(_admin(), say)
    _rename_request(say)


# Titles of the demo enterprises from earlier years, so the titles list, revocation (Art. 15) and renames
# (Art. 16) have something to show. They are granted through the one service that grants titles, as
# recognitions from outside the portal's rounds (source: the demo), each with its certificate.
# (enterprise, tier, year, recognized on)
DEMO_TITLES = [
    ("青岛海岸智能家电有限公司", TierCode.BASIC, 2023, datetime.date(2023, 9, 15)),
    ("青岛海岸智能家电有限公司", TierCode.ADVANCED, 2024, datetime.date(2024, 12, 20)),
    ("青岛海岸智能家电有限公司", TierCode.EXCELLENCE, 2025, datetime.date(2025, 11, 28)),
    ("潍坊鸢都动力机械有限公司", TierCode.BASIC, 2024, datetime.date(2024, 8, 30)),
    ("潍坊鸢都动力机械有限公司", TierCode.ADVANCED, 2025, datetime.date(2025, 12, 26)),
    ("淄博齐鲁新材料化工有限公司", TierCode.BASIC, 2025, datetime.date(2025, 9, 10)),
    ("烟台港城石化有限公司龙口分公司", TierCode.SCENARIO, 2025, datetime.date(2025, 12, 26)),
]
DEMO_MIIT_DOCUMENT = "工信厅通装函〔2025〕321号（演示）"
# The 淄博 chemicals maker's basic title is revoked by the provincial department: it failed the operation
# monitoring after rectification. Revoked on the day the demo runs: a revocation follows the certificate
# it revokes (which the demo issues). 济南钢城 holds no title: it applies for its basic title this round.
DEMO_REVOCATION = ("淄博齐鲁新材料化工有限公司", RevocationGround.FAILED_MONITORING, None,
                   "2025年度运行监测评估不合格，限期整改后复查仍未达标（演示数据）。")


def _titles(actor, say):
    from portal.accounts.constants import Role
    from portal.accounts.models import Enterprise, User

    from .grants import grant_title
    from .revocation import revoke_title

    if actor is None:
        return
    for name, code, year, recognized_on in DEMO_TITLES:
        assert year == recognized_on.year, "a title granted outside a round carries its recognition year"
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None or Title.objects.filter(enterprise=enterprise, tier__code=code, year=year).exists():
            continue
        tier = Tier.objects.get(code=code)
        is_miit = tier.authority == Authority.MIIT
        title = grant_title(enterprise=enterprise, tier=tier, recognized_on=recognized_on, source="演示数据",
                            miit_document=DEMO_MIIT_DOCUMENT if is_miit else "", actor=actor)
        say(f"tiers: title {title} recorded\n")
    name, ground, revoked_on, note = DEMO_REVOCATION
    revoked_on = revoked_on or timezone.localdate()
    title = Title.objects.filter(enterprise__name=name, status=TitleStatus.ACTIVE).first()
    official = User.objects.filter(role=Role.PROVINCIAL_OFFICER).order_by("pk").first()
    if title is not None and official is not None and not Title.objects.filter(enterprise__name=name,
                                                                                status=TitleStatus.REVOKED).exists():
        revoke_title(title, ground=ground, note=note, revoked_on=revoked_on, actor=official)
        say(f"tiers: title {title} revoked\n")


# 青岛海岸 asks to carry its three titles over to a new name: one request per route (Art. 16), waiting
# for the 青岛 city bureau.
DEMO_RENAME = ("青岛海岸智能家电有限公司", "青岛海岸智慧家电科技股份有限公司",
               "2026年10月经青岛市行政审批服务局核准，企业由有限责任公司变更为股份有限公司并更名（演示数据）。")


def _rename_request(say):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    from portal.accounts.models import Enterprise

    from .renames import submit_rename_request, titles_open_for_rename

    old_name, new_name, reason = DEMO_RENAME
    enterprise = Enterprise.objects.filter(name=old_name).first()
    user = enterprise.users.first() if enterprise else None
    if user is None or enterprise.rename_requests.exists():
        return
    titles = list(titles_open_for_rename(enterprise))
    if not titles:
        return
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    evidence = SimpleUploadedFile("营业执照变更登记通知书.pdf", buffer.getvalue(), content_type="application/pdf")
    created = submit_rename_request(enterprise=enterprise, kind="rename", new_name=new_name, reason=reason,
                                    evidence=evidence, titles=titles, actor=user)
    say(f"tiers: {len(created)} rename requests of {old_name} submitted\n")
