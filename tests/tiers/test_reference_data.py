"""The reference data migration 0003 loads the ladder, the texts of Art. 6-9 and the 2025 guide."""
from tiers.constants import CoverageRule, TierCode
from tiers.models import Scenario, ScenarioGuide, Segment, SegmentRequirement, Tier


def test_five_segments_and_five_tiers_in_order(db):
    assert list(Segment.objects.values_list("name_zh", flat=True)) == ["工厂建设", "研发设计", "生产作业", "生产管理", "运营管理"]
    assert list(Tier.objects.values_list("code", flat=True)) == [
        TierCode.BASIC, TierCode.ADVANCED, TierCode.EXCELLENCE, TierCode.LEADING, TierCode.SCENARIO]


def test_ladder_prerequisites_maturity_and_coverage(db):
    t = {x.code: x for x in Tier.objects.select_related("prerequisite")}
    assert t["basic"].prerequisite is None and t["scenario"].prerequisite is None
    assert t["advanced"].prerequisite == t["basic"]
    assert t["excellence"].prerequisite == t["advanced"] and t["leading"].prerequisite == t["advanced"]
    assert [t[c].min_maturity for c in ("basic", "advanced", "excellence", "leading", "scenario")] == [2, 2, 3, 4, None]
    assert set(t["basic"].required_segments.values_list("code", flat=True)) == {"production_operations"}
    assert set(t["advanced"].required_segments.values_list("code", flat=True)) == {
        "production_operations", "production_management", "operations_management"}
    assert t["excellence"].coverage_rule == CoverageRule.ALL_IN_PRINCIPLE
    assert t["leading"].coverage_rule == CoverageRule.ALL and t["leading"].required_segments.count() == 5
    assert t["scenario"].coverage_rule == CoverageRule.AT_LEAST_ONE


def test_requirement_texts_are_verbatim_from_the_regulation(db):
    assert SegmentRequirement.objects.count() == 20
    text = SegmentRequirement.objects.get(tier__code="leading", segment__code="rd_design").text_zh
    assert text == "探索数据与知识驱动的研发设计创新，开展虚拟验证和中试；"
    assert all(r.text_en for r in SegmentRequirement.objects.all())
    assert Tier.objects.get(code="advanced").outcomes_zh.startswith("实现装备、系统等集成")


def test_2025_guide_has_40_scenarios_in_8_stages(db):
    guide = ScenarioGuide.objects.get(is_current=True)
    assert guide.edition == "2025" and guide.document_number == "工信厅通装函〔2025〕155号"
    scenarios = Scenario.objects.filter(guide=guide)
    assert scenarios.count() == 40
    assert scenarios.values("stage_zh").distinct().count() == 8
    assert scenarios.get(name_zh="远程运维服务").segment.code == "operations_management"
    assert scenarios.get(name_zh="工艺数字化设计").segment.code == "rd_design"
