"""An official edition of the scenario guide is loaded from a file as a new edition (Art. 18): every
malformed row reported by its line and nothing loaded then; applications of the old edition untouched;
the reconstructed names of the shipped 2025 edition marked as not checked."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from portal.audit import audit_trail
from portal.errors import ActionRefused
from tiers import scenario_import
from tiers.models import Scenario, ScenarioGuide
from tiers.reference_data import UNVERIFIED_2025

pytestmark = pytest.mark.django_db

GOOD = [
    ["阶段", "场景名称", "场景描述", "英文名称"],
    ["工厂建设", "工厂数字化规划设计", "运用数字化工具开展工厂规划设计。", ""],
    ["产品研发", "产品数字化设计", "", "Digital product design"],
    ["生产作业", "柔性产线快速换产", "", ""],
    ["供应链管理", "供应链数字化管理", "", ""],
]


def csv_bytes(rows):
    return "\n".join(",".join(row) for row in rows).encode("utf-8-sig")


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def load(admin_user, content, *, file_name="指引2027.csv", edition="2027", current=True):
    return scenario_import.load_edition(content=content, file_name=file_name, title="智能制造典型场景参考指引",
                                        edition=edition, document_number="工信厅通装函〔2027〕1号",
                                        make_current=current, acting_user=admin_user)


@pytest.mark.parametrize("build, name", [(csv_bytes, "指引2027.csv"), (xlsx_bytes, "指引2027.xlsx")])
def test_an_official_edition_loads_as_a_new_current_edition(admin_user, build, name):
    old = ScenarioGuide.objects.get(is_current=True)
    guide = load(admin_user, build(GOOD), file_name=name)
    assert guide.is_current and guide.source == name
    old.refresh_from_db()
    assert not old.is_current and old.scenarios.count() == 40  # the old edition keeps its scenarios
    scenarios = list(guide.scenarios.order_by("order"))
    assert [s.name_zh for s in scenarios] == ["工厂数字化规划设计", "产品数字化设计", "柔性产线快速换产", "供应链数字化管理"]
    assert [s.segment.code for s in scenarios] == ["factory_construction", "rd_design", "production_operations",
                                                   "operations_management"]
    assert all(s.verified for s in scenarios)
    assert scenarios[0].description_zh == "运用数字化工具开展工厂规划设计。"
    assert scenarios[2].name_en == "Rapid changeover of flexible production lines"  # from the earlier edition
    row = audit_trail(guide).get()
    assert row.verb == "tiers.guide_loaded" and row.after["scenarios"] == 4 and row.actor == admin_user


def test_malformed_rows_are_reported_by_line_and_nothing_is_loaded(admin_user):
    rows = GOOD + [
        ["", "没有阶段的场景", "", ""],                     # line 6: no stage
        ["生产作业", "", "", ""],                           # line 7: no name
        ["数字化转型", "新阶段的场景", "", ""],               # line 8: unknown stage and no segment
        ["生产作业", "柔性产线快速换产", "", ""],             # line 9: twice
        ["生产作业", "名" * 121, "", ""],                   # line 10: too long
    ]
    with pytest.raises(scenario_import.ImportRefused) as refused:
        load(admin_user, csv_bytes(rows))
    lines = {e.line for e in refused.value.errors}
    assert lines == {6, 7, 8, 9, 10}
    assert any("4" in e.message for e in refused.value.errors if e.line == 9)  # "already on line 4"
    assert not ScenarioGuide.objects.filter(edition="2027").exists()
    assert Scenario.objects.count() == 40


def test_a_stage_outside_the_eight_takes_the_segment_column(admin_user):
    rows = [["阶段", "环节", "场景名称"], ["绿色低碳", "生产管理", "能碳协同管控"], ["绿色低碳", "operations_management", "碳足迹核算"]]
    guide = load(admin_user, csv_bytes(rows))
    assert [s.segment.code for s in guide.scenarios.order_by("order")] == ["production_management",
                                                                            "operations_management"]


def test_a_file_without_the_columns_or_not_a_table_is_refused(admin_user):
    with pytest.raises(scenario_import.ImportRefused) as refused:
        load(admin_user, csv_bytes([["编号", "名称"], ["1", "x"]]))
    assert refused.value.errors[0].line == 1
    with pytest.raises(ActionRefused):
        load(admin_user, b"%PDF-1.4\n%\xe2\xe3\n", file_name="指引.csv")
    assert not ScenarioGuide.objects.filter(edition="2027").exists()


def test_an_edition_already_recorded_and_anyone_but_an_admin_are_refused(admin_user, provincial_officer):
    with pytest.raises(ActionRefused):
        load(admin_user, csv_bytes(GOOD), edition="2025")
    with pytest.raises(ActionRefused):
        load(provincial_officer, csv_bytes(GOOD))


def test_applications_of_the_old_edition_keep_their_scenarios(admin_user, enterprise_user):
    from tests.applications.factories import make_application

    app = make_application(enterprise_user)
    before = sorted(app.segments.values_list("scenarios__pk", flat=True).exclude(scenarios__pk=None))
    load(admin_user, csv_bytes(GOOD))
    assert sorted(app.segments.values_list("scenarios__pk", flat=True).exclude(scenarios__pk=None)) == before


def test_the_reconstructed_2025_names_are_marked_not_checked():
    unverified = Scenario.objects.filter(guide__edition="2025", verified=False)
    assert set(unverified.values_list("name_zh", flat=True)) == UNVERIFIED_2025
    assert all("核对" in s.verification_note for s in unverified)
    assert Scenario.objects.filter(guide__edition="2025", verified=True).count() == 40 - len(UNVERIFIED_2025)


def test_the_admin_loads_an_edition_on_the_page_and_sees_problems_by_line(client_for, admin_user):
    client = client_for(admin_user)
    bad = SimpleUploadedFile("指引.csv", csv_bytes(GOOD + [["生产作业", "", "", ""]]))
    response = client.post(reverse("tiers:guide_load"), {"title": "智能制造典型场景参考指引", "edition": "2027",
                                                         "file": bad})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-line="6"' in page and 'value="2027"' in page
    good = SimpleUploadedFile("指引.xlsx", xlsx_bytes(GOOD))
    response = client.post(reverse("tiers:guide_load"), {"title": "智能制造典型场景参考指引", "edition": "2027",
                                                         "make_current": "on", "file": good})
    assert response.status_code == 302
    listing = client.get(response["Location"]).content.decode()
    assert "柔性产线快速换产" in listing


def test_the_scenario_list_marks_the_names_not_checked(client_for, admin_user):
    page = client_for(admin_user).get(reverse("tiers:scenario_list")).content.decode()
    assert page.count("data-unverified") == len(UNVERIFIED_2025)


def test_only_an_admin_opens_the_load_page(client_for, provincial_officer):
    assert client_for(provincial_officer).get(reverse("tiers:guide_load")).status_code == 403
