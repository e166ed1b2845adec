"""In a real browser: an admin opens a round and sets quotas; a city official then sees the city's quota."""
import pytest

from tests.factories import PASSWORD
from tiers.models import CityQuota, Round


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_opens_a_round_sets_quotas_and_the_city_official_sees_it(page, live_server, admin_user, jinan_official):
    base = live_server.url
    log_in(page, base, admin_user.username)

    # Open a round: all tiers, every city but Qingdao.
    page.goto(f"{base}/tiers/rounds/new/")
    page.fill("input[name=year]", "2026")
    page.fill("input[name=name]", "浏览器测试批次")
    page.fill("input[name=opens_at]", "2026-01-01T09:00")
    page.fill("input[name=closes_at]", "2027-12-31T17:00")
    for box in page.locator("input[name=tiers]").all():
        box.check()
    page.click("button[data-check-all=cities]")
    page.get_by_label("青岛（370200）").uncheck()
    page.click("form.round-form button[type=submit]")
    page.wait_for_url(f"{base}/tiers/rounds/")
    assert page.get_by_role("rowheader", name="浏览器测试批次").is_visible()
    round = Round.objects.get(name="浏览器测试批次")
    assert round.cities.count() == 15 and not round.cities.filter(code="370200").exists()

    # Set the quotas: a plan for the advanced tier with the cities' figures.
    page.goto(f"{base}/tiers/quotas/")
    page.select_option("section.card form select[name=round]", label="浏览器测试批次")
    page.select_option("section.card form select[name=tier]", value=str(round.tiers.get(code="advanced").pk))
    page.fill("input[name=total]", "45")
    page.click("section.card form button[type=submit]")
    page.wait_for_url("**/tiers/quotas/*/")
    rows = page.locator("tbody tr[data-city]")
    assert rows.count() == 15
    for i in range(15):
        page.fill(f"input[name=city-{i}-above_size_enterprises]", str(3000 if i == 0 else 1000))
        page.fill(f"input[name=city-{i}-self_assessments]", "100")
        page.fill(f"input[name=city-{i}-system_score]", "80")
    page.get_by_role("button", name="保存数据并计算名额").click()
    page.wait_for_load_state()
    jinan_final = page.locator("tr[data-city='370100'] [data-final]").inner_text()
    quota = CityQuota.objects.get(plan__round=round, city__code="370100")
    assert int(jinan_final) == quota.final > 0
    assert sum(q.final for q in CityQuota.objects.filter(plan__round=round)) == 45

    # The Jinan official logs in and sees the city's quota.
    page.context.clear_cookies()
    log_in(page, base, jinan_official.username)
    page.goto(f"{base}/tiers/my-quota/")
    row = page.locator("tbody tr").filter(has_text="浏览器测试批次")
    assert row.locator("[data-quota]").inner_text() == str(quota.final)
    assert page.get_by_text("青岛").count() == 0
