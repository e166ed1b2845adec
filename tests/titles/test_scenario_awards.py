"""An excellent-scenario award names its scenario (Art. 10): the application's scenarios become the
title's, and the certificate, the verification page, the register and its exports, the officials'
titles list and the support list (with its scenario filter), and the city's summary table name them."""
import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.constants import Status
from review.models import NoticeEntry, PublicNotice
from tests.certificates.conftest import pdf_text
from tests.factories import body
from tests.review.province.helpers import in_notice
from tests.tiers.factories import tier
from tiers.constants import TierCode
from tiers.models import Scenario
from tiers.titles.grants import grant_title
from tiers.titles.models import Title

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"


def sheet_rows(response):
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


@pytest.fixture
def two_scenarios():
    return list(Scenario.objects.filter(guide__is_current=True).select_related("segment").order_by("segment__order",
                                                                                                  "order")[:2])


@pytest.fixture
def award(enterprise, provincial_officer, two_scenarios, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the certificate renders after the commit
        title = grant_title(enterprise=enterprise, tier=tier(TierCode.SCENARIO), recognized_on=datetime.date.today(),
                            source="测试", actor=provincial_officer, scenarios=two_scenarios)
    return title


def label(scenarios):
    return "；".join(f"{s.name_zh}（{s.segment.name_zh}）" for s in scenarios)


def test_the_notice_names_the_scenario_and_certifying_awards_it(client, enterprise_user, provincial_officer, experts,
                                                                rubric):
    app = in_notice(enterprise_user, provincial_officer, experts, tier_code="scenario")
    chosen = list(app.scenarios.all())
    assert chosen
    entry = NoticeEntry.objects.get(application=app)
    today = datetime.date.today()
    PublicNotice.objects.filter(pk=entry.notice_id).update(starts_on=today - datetime.timedelta(days=9),
                                                          ends_on=today - datetime.timedelta(days=2))
    notices = client.get(reverse("public_notices:list")).content.decode()
    assert all(f"<span data-scenario>{s.name_zh}（{s.segment.name_zh}）</span>" in notices for s in chosen)
    from applications.workflow import perform

    app = perform(app, "certify", actor=provincial_officer)

    assert app.status == Status.CERTIFIED
    title = Title.objects.get(enterprise=app.enterprise, tier__code=TierCode.SCENARIO)
    assert list(title.scenarios.all()) == chosen
    assert title.certificates.get().scenario_names == label(chosen)


def test_the_certificate_names_the_scenario_and_its_segment(award, two_scenarios):
    certificate = award.certificates.get()
    assert certificate.scenario_names == label(two_scenarios)
    with certificate.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "智能制造优秀场景证书" in text
    for scenario in two_scenarios:
        assert scenario.name_zh in text and scenario.segment.name_zh in text
    assert "场景名称" in text


def test_verification_and_the_register_name_the_scenario(client, award, two_scenarios):
    certificate = award.certificates.get()
    verified = client.get(reverse("public:verify_number", args=[certificate.number])).content.decode()
    assert two_scenarios[0].name_zh in verified

    register = client.get(reverse("public:register")).content.decode()
    assert two_scenarios[0].name_zh in register and two_scenarios[1].name_zh in register

    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse("public:register"), {"format": "csv", "header": "field"}))
                                           .decode("utf-8").lstrip("\ufeff"))))
    assert rows[0]["scenarios"] == label(two_scenarios)
    data = json.loads(body(client.get(reverse("public:register"), {"format": "json"})))
    assert data["results"][0]["scenarios"] == label(two_scenarios)


def test_a_rename_carries_the_scenarios_to_the_new_title(award, two_scenarios, provincial_officer):
    successor = grant_title(enterprise=award.enterprise, tier=award.tier, recognized_on=award.recognized_on,
                            source="更名", actor=provincial_officer, predecessor=award)
    assert list(successor.scenarios.all()) == two_scenarios


def test_the_officials_lists_and_exports_name_the_scenario(client_for, award, two_scenarios, provincial_officer):
    client = client_for(provincial_officer)
    assert two_scenarios[0].name_zh in client.get(reverse("titles:title_list")).content.decode()
    assert two_scenarios[0].name_zh in client.get(reverse("titles:title_detail", args=[award.pk])).content.decode()
    header, row = sheet_rows(client.get(reverse("titles:title_list"), {"export": "xlsx"}))
    assert row[header.index("获评场景")] == label(two_scenarios)


def test_the_support_list_filters_by_scenario_and_exports_it(client_for, award, two_scenarios, provincial_officer,
                                                             enterprise):
    from tests.tiers.factories import TitleFactory

    TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED))  # no scenario
    client = client_for(provincial_officer)
    url = reverse("titles:support_list")
    page = client.get(url, {"scenario": two_scenarios[1].pk}).content.decode()
    assert page.count("data-scenarios") == 1 and "先进级" not in page.split("<tbody>")[1]
    assert client.get(url, {"scenario": "999999"}).status_code == 400
    export = client.post(f"{url}?scenario={two_scenarios[0].pk}",
                         {"purpose": "publicity", "recipient": "省委宣传部 智能制造优秀场景宣传"})
    header, *rows = sheet_rows(export)
    assert len(rows) == 1 and rows[0][header.index("获评场景")] == label(two_scenarios)


def test_the_city_summary_table_of_scenario_awards_names_each_scenario(client_for, enterprise_user, jinan_official):
    from tests.review.province.helpers import recommended

    app = recommended(enterprise_user, tier_code="scenario")
    scenario = app.scenarios.select_related("segment").get()
    response = client_for(jinan_official).get(
        reverse("review:city_summary_export", args=[app.round_id, TierCode.SCENARIO]))
    header, row = sheet_rows(response)[-2:]  # below the city's quota
    assert row[header.index("场景（所属环节）")] == f"{scenario.name}（{scenario.segment.name}）"
