"""Every role's main pages pass axe-core's automated WCAG 2.1 A and AA checks (contrast, labels, names,
landmarks, ARIA), in Chinese and in English, and none runs past the edge of a 1280-pixel window (WCAG
1.4.10 reflow: a page scrolled sideways hides its menu). axe-core (MPL-2.0) is vendored in
tests/browser/vendor/."""
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.management.commands.demo_data import DEMO_PASSWORD

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}"""

PAGES = {
    None: ["/", "/accounts/login/", "/accounts/register/", "/public/register/", "/public/notices/", "/public/verify/"],
    "qiye_jinan": ["/enterprise/", "/applications/", "/accounts/enterprise/"],
    "city_jinan": ["/city/", "/review/city/queue/", "/review/city/recommendations/", "/tiers/my-quota/"],
    "province": ["/province/", "/review/province/inbox/", "/review/province/ranking/", "/review/province/notices/"],
    "expert_zhao": ["/expert/", "/review/province/expert/"],
    "admin": ["/console/", "/tiers/rounds/", "/tiers/quotas/", "/console/audit/", "/accounts/staff/"],
}


def violations_on(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.add_script_tag(content=AXE)
    return page.evaluate(RUN_AXE)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_main_pages_pass_automated_wcag_aa_checks(browser, live_server, settings, tmp_path, language):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    call_command("demo_data", stdout=open("/dev/null", "w"))
    found = {}
    for username, urls in PAGES.items():
        # axe-core is injected as an inline script, which the portal's Content-Security-Policy refuses:
        # the checker's context bypasses the policy (the pages are checked as they are).
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        page = context.new_page()
        if username:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
        for url in urls:
            problems = violations_on(page, live_server.url + url)
            sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if sideways > 0:
                problems.append(f"runs {sideways} px past the window's edge")
            if problems:
                found[f"{username or 'visitor'} {url}"] = problems
        context.close()
    assert found == {}
