"""The statement period of a revocation case (陈述申辩, Art. 15) is counted in working days: at least
MIN_STATEMENT_DAYS (5) working days after the day the case opens, on the working-day calendar. A period
opened on 30 September 2026 and due 5 October holds no working day (National Day) and is refused."""
import datetime

import pytest
import time_machine
from django.utils import translation

from portal.errors import ActionRefused
from tests.clock import morning
from tiers.constants import TierCode
from tiers.titles import revocation
from tiers.titles.aftercare_forms import OpenCaseForm, ReevaluationFailForm

from .aftercare import title_of

pytestmark = pytest.mark.django_db
D = datetime.date
FACTS = "应急管理部门认定发生重大安全事故（鲁应急〔2026〕9号）。"


@pytest.fixture
def on_30_september_2026(enterprise, provincial_officer, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    title_of(enterprise, TierCode.ADVANCED, certified_by=provincial_officer)
    with time_machine.travel(morning(D(2026, 9, 30)), tick=False), translation.override("zh-hans"):
        yield


def _open(enterprise, actor, due):
    return revocation.open_cases(enterprise=enterprise, ground="major_accident", facts=FACTS, statement_due=due,
                                 actor=actor)


def test_a_statement_period_from_30_september_to_5_october_is_refused(on_30_september_2026, enterprise,
                                                                       provincial_officer):
    with pytest.raises(ActionRefused) as refused:
        _open(enterprise, provincial_officer, D(2026, 10, 5))
    # 8, 9, 10 (Saturday worked), 12 and 13 October are the five working days after 30 September.
    assert "5个工作日" in str(refused.value) and "2026-10-13" in str(refused.value)
    assert refused.value.article == "Art. 15"
    with pytest.raises(ActionRefused):
        _open(enterprise, provincial_officer, D(2026, 10, 12))
    assert [case.statement_due for case in _open(enterprise, provincial_officer, D(2026, 10, 13))] == [D(2026, 10, 13)]


def test_a_statement_period_into_a_year_not_loaded_is_refused_naming_it(enterprise, provincial_officer, settings,
                                                                        tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    title_of(enterprise, TierCode.ADVANCED, certified_by=provincial_officer)
    with time_machine.travel(morning(D(2026, 12, 28)), tick=False), pytest.raises(ActionRefused, match="2027"):
        _open(enterprise, provincial_officer, D(2027, 1, 20))


def test_the_case_forms_say_working_days(on_30_september_2026):
    for form in (OpenCaseForm(), ReevaluationFailForm()):
        assert "5个工作日" in str(form.fields["statement_due"].help_text)


def test_the_case_forms_refuse_a_period_without_five_working_days(on_30_september_2026):
    form = OpenCaseForm(data={"ground": "major_accident", "facts": FACTS, "statement_due": "2026-10-05"})
    assert not form.is_valid() and "2026-10-13" in str(form.errors["statement_due"])
    form = ReevaluationFailForm(data={"reasons": "整改后仍未达标。", "statement_due": "2026-10-05"})
    assert not form.is_valid() and "5个工作日" in str(form.errors["statement_due"])
    assert OpenCaseForm(data={"ground": "major_accident", "facts": FACTS, "statement_due": "2026-10-13"}).is_valid()
