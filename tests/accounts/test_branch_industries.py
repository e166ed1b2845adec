"""The industries open to branches (Art. 5 (1) "石油石化、有色金属、烟草、汽车等"): seeded with the four the
article names, added to by the province with a reason (audited), read at registration and submission."""
import pytest

from portal.accounts import services
from portal.accounts.constants import BranchGroup, LegalForm
from portal.accounts.models import BranchIndustry, Enterprise
from portal.errors import ActionRefused
from portal.models import AuditEntry
from tests.accounts.test_registration import URL as REGISTER
from tests.accounts.test_registration import form_data  # noqa: F401 - the registration form's data
from tests.factories import make_credit_code
from tiers.constants import TierCode
from tiers.eligibility import unmet_rules
from tiers.models import Tier

pytestmark = pytest.mark.django_db
PAGE = "/accounts/branch-industries/"


def branch(form_data, industry):  # noqa: F811
    form_data.update(legal_form=LegalForm.BRANCH, industry=industry, parent_credit_code=make_credit_code("370100", 8100))
    return form_data


def test_the_four_industries_of_the_article_are_seeded_by_their_divisions():
    seeded = dict(BranchIndustry.objects.values_list("industry", "group"))
    assert seeded == {"07": BranchGroup.PETROCHEMICAL, "25": BranchGroup.PETROCHEMICAL, "26": BranchGroup.PETROCHEMICAL,
                      "09": BranchGroup.NONFERROUS, "32": BranchGroup.NONFERROUS, "16": BranchGroup.TOBACCO,
                      "36": BranchGroup.AUTOMOTIVE}
    assert not BranchIndustry.objects.exclude(added_by=None).exists()


def test_a_province_officer_adds_an_industry_with_a_reason_and_a_branch_in_it_may_then_register(
        client, client_for, provincial_officer, form_data):  # noqa: F811
    assert client.post(REGISTER, branch(form_data, "27")).status_code == 200  # 医药制造业: not yet open
    assert not Enterprise.objects.exists()

    response = client_for(provincial_officer).post(PAGE, {"industry": "27", "reason": "省厅2026年第3号通知：医药集团分厂可申报。"})

    assert response.status_code == 302
    entry = BranchIndustry.objects.get(industry="27")
    assert entry.added_by == provincial_officer and entry.reason == "省厅2026年第3号通知：医药集团分厂可申报。"
    audit = AuditEntry.objects.get(verb="accounts.branch_industry_added")
    assert audit.actor == provincial_officer and audit.after["industry"] == "27"
    assert audit.after["reason"] == entry.reason
    assert AuditEntry.objects.filter(verb="accounts.branch_industry_added").count() == 1
    page = client_for(provincial_officer).get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "C27 医药制造业" in page and "省厅2026年第3号通知" in page and str(provincial_officer) in page

    client.logout()
    assert client.post(REGISTER, branch(form_data, "27")).status_code == 302
    assert Enterprise.objects.get(credit_code=form_data["credit_code"]).is_branch


def test_a_branch_in_an_added_industry_meets_the_eligibility_rule(provincial_officer, enterprise):
    enterprise.legal_form, enterprise.parent_credit_code, enterprise.industry = (
        LegalForm.BRANCH, make_credit_code("370102", 5), "27")
    from tiers.eligibility import ApplicationContent

    tier = Tier.objects.get(code=TierCode.BASIC)
    codes = lambda: {r.code for r in unmet_rules(enterprise=enterprise, tier=tier, content=ApplicationContent())}  # noqa: E731
    assert "branch_not_allowed" in codes()
    services.add_branch_industry(industry="27", reason="增列。", acting_user=provincial_officer)
    assert "branch_not_allowed" not in codes()


def test_an_admin_may_add_one_too(client_for, admin_user):
    assert client_for(admin_user).post(PAGE, {"industry": "34", "reason": "增列。"}).status_code == 302
    assert BranchIndustry.objects.get(industry="34").added_by == admin_user


@pytest.mark.parametrize("persona", ["jinan_official", "enterprise_user", "expert"])
def test_city_officials_enterprises_and_experts_cannot_add_one(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"industry": "27", "reason": "想申报。"}).status_code == 403
    assert not BranchIndustry.objects.filter(industry="27").exists()
    assert not AuditEntry.objects.filter(verb="accounts.branch_industry_added").exists()


def test_the_service_refuses_anyone_but_the_province(jinan_official):
    with pytest.raises(ActionRefused):
        services.add_branch_industry(industry="27", reason="想申报。", acting_user=jinan_official)
    assert not BranchIndustry.objects.filter(industry="27").exists()


@pytest.mark.parametrize("data, field", [
    ({"industry": "27", "reason": "  "}, "reason"),
    ({"industry": "36", "reason": "已有。"}, "industry"),
    ({"industry": "98", "reason": "不存在的大类。"}, "industry"),
])
def test_a_reason_is_required_and_the_industry_must_be_a_new_real_division(client_for, provincial_officer, data, field):
    response = client_for(provincial_officer).post(PAGE, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not AuditEntry.objects.filter(verb="accounts.branch_industry_added").exists()
