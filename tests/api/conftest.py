"""The API's world: titles with certificates in every state, applications of 济南 and 青岛 (one decided,
with its panel's scores), quotas, a public notice; and integration tokens with any scopes."""
import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from applications.constants import Status
from applications.models import Application
from portal.api.tokens import issue_token
from review.models import ExpertAssignment, NoticeEntry, PublicNotice
from tests.factories import EnterpriseFactory, UserFactory, force_save, make_credit_code
from tests.tiers.factories import RoundFactory, TitleFactory, tier
from tiers.constants import TierCode
from tiers.models import CityQuota, QuotaPlan, Scenario
from tiers.titles.constants import RevocationGround, TitleStatus, Validity
from tiers.titles.models import Certificate

_sequence = iter(range(100, 100_000))


@pytest.fixture(autouse=True)
def _roomy_rates(settings):
    """Tests count their own requests; the throttle test sets a small rate itself."""
    settings.API_PUBLIC_RATE = "100000/min"
    settings.API_TOKEN_RATE = "100000/min"


def make_certificate(title, *, n=None, validity=Validity.VALID, superseded_by=None, changed_on=None):
    n = n or next(_sequence)
    certificate = Certificate(
        title=title, number=f"SDZN-{'JC' if title.tier.code == 'basic' else 'XJ'}-{title.year}-{n:04d}",
        tier=title.tier, year=title.year, sequence=n, enterprise_name=title.enterprise_name,
        credit_code=title.enterprise.credit_code, issuing_authority="山东省工业和信息化厅",
        issued_on=title.recognized_on, validity=validity, superseded_by=superseded_by,
        validity_changed_on=changed_on)
    force_save(certificate)
    return certificate


def make_application(enterprise, round_, *, status=Status.SUBMITTED, tier_code=TierCode.ADVANCED):
    application = Application.objects.create(enterprise=enterprise, round=round_, tier=tier(tier_code),
                                             created_by=_creator())
    Application.objects.filter(pk=application.pk).update(status=status, submitted_at=timezone.now())
    application.refresh_from_db()
    return application


def _creator():
    from portal.accounts.models import User

    return User.objects.order_by("pk").first() or UserFactory(username="creator")


@pytest.fixture
def world(db, enterprise, qingdao, jinan, provincial_officer, expert):
    haier = EnterpriseFactory(city=qingdao, name="青岛智能家电有限公司", credit_code=make_credit_code("370212", 7))
    round_ = RoundFactory(year=2026)
    jinan_basic = TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=2025)
    jinan_advanced = TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=2026)
    renamed = TitleFactory(enterprise=haier, tier=tier(TierCode.ADVANCED), year=2026,
                           enterprise_name="青岛智能家电股份有限公司")
    old = TitleFactory(enterprise=haier, tier=tier(TierCode.ADVANCED), year=2026, status=TitleStatus.SUPERSEDED,
                       superseded_by=renamed)
    revoked = TitleFactory(enterprise=haier, tier=tier(TierCode.BASIC), year=2024, status=TitleStatus.REVOKED,
                           revoked_on=datetime.date(2026, 3, 2), revocation_ground=RevocationGround.MAJOR_ACCIDENT,
                           revocation_note="内部说明，不公开")
    award = TitleFactory(enterprise=enterprise, tier=tier(TierCode.SCENARIO), year=2026)
    award.scenarios.set(Scenario.objects.filter(guide__is_current=True)[:2])
    valid = make_certificate(jinan_advanced, n=1)  # the schema's example number
    new = make_certificate(renamed, n=2)
    superseded = make_certificate(old, n=3, validity=Validity.SUPERSEDED, superseded_by=new,
                                  changed_on=datetime.date(2026, 5, 1))
    revoked_certificate = make_certificate(revoked, n=1, validity=Validity.REVOKED,
                                           changed_on=datetime.date(2026, 3, 2))

    jinan_submitted = make_application(enterprise, round_, tier_code=TierCode.EXCELLENCE)
    jinan_approved = make_application(enterprise, round_, status=Status.IN_NOTICE)
    jinan_under_review = make_application(enterprise, round_, status=Status.UNDER_REVIEW,
                                          tier_code=TierCode.SCENARIO)
    jinan_draft = make_application(enterprise, round_, status=Status.DRAFT, tier_code=TierCode.BASIC)
    qingdao_submitted = make_application(haier, round_)
    for application, totals in ((jinan_approved, ["80.00", "90.00"]), (jinan_under_review, ["70.00"])):
        for i, total in enumerate(totals):
            ExpertAssignment.objects.create(
                application=application, expert=expert if i == 0 else UserFactory(expert=True),
                assigned_by=provincial_officer, total=Decimal(total), submitted_at=timezone.now())

    plan = QuotaPlan.objects.create(round=round_, tier=tier(TierCode.ADVANCED), total=10)
    quotas = {c.code: CityQuota.objects.create(plan=plan, city=c, computed=n) for c, n in ((jinan, 6), (qingdao, 4))}

    today = timezone.localdate()
    notice = PublicNotice.objects.create(round=round_, tier=tier(TierCode.ADVANCED), title="2026年先进级智能工厂公示",
                                         starts_on=today - datetime.timedelta(days=1),
                                         ends_on=today + datetime.timedelta(days=5), published_by=provincial_officer,
                                         objection_contact="省工业和信息化厅智能制造处 0531-00000000",
                                         objection_address="济南市历下区省府前街1号")
    NoticeEntry.objects.create(notice=notice, application=jinan_approved)
    future = PublicNotice.objects.create(round=round_, tier=tier(TierCode.BASIC), title="尚未开始的公示",
                                         starts_on=today + datetime.timedelta(days=3),
                                         ends_on=today + datetime.timedelta(days=9), published_by=provincial_officer)
    return {
        "haier": haier, "round": round_,
        "titles": {"jinan_basic": jinan_basic, "jinan_advanced": jinan_advanced, "renamed": renamed, "old": old,
                   "revoked": revoked, "award": award},
        "certificates": {"valid": valid, "new": new, "superseded": superseded, "revoked": revoked_certificate},
        "applications": {"jinan_submitted": jinan_submitted, "jinan_approved": jinan_approved,
                         "jinan_under_review": jinan_under_review, "jinan_draft": jinan_draft,
                         "qingdao_submitted": qingdao_submitted},
        "quotas": quotas, "notice": notice, "future_notice": future,
    }


@pytest.fixture
def token_for(db, admin_user):
    """``token_for(scopes, city=None, expires_at=None)``: a raw token just issued by the admin persona."""

    def issue(scopes, city=None, expires_at=None, client="测试客户端"):
        token, raw = issue_token(client=client, scopes=list(scopes), city=city, expires_at=expires_at,
                                 actor=admin_user)
        return raw

    return issue


@pytest.fixture
def api():
    """``api.get(path, token=None, **query)``: a client without a session, as an integration is."""

    class Api:
        client = Client()

        def get(self, path, token=None, **query):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return self.client.get(path, query, headers=headers)

    return Api()
