"""Headers on a sample of every role's pages: a Content-Security-Policy with no inline scripts, a
Permissions-Policy, and no-store on whatever a signed-in user was shown (pages, exports, downloads);
the public pages stay cacheable."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.applications.factories import make_application, pdf_bytes
from tests.applications.test_drafts import step_url

pytestmark = pytest.mark.django_db

PAGES = {
    "enterprise_user": ["enterprise_home", "applications:list", "applications:new", "notifications"],
    "jinan_official": ["city_home", "review:city_queue", "review:city_recommendations", "tiers:my_quota",
                       "review:dashboard"],
    "provincial_officer": ["province_home", "review:province_inbox", "review:ranking", "tiers:quota_list",
                           "review:dashboard"],
    "expert": ["review:expert_assignments"],
    "admin_user": ["admin_home", "tiers:round_list", "audit_log"],
}


def script_sources(response):
    policy = response["Content-Security-Policy"]
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    return directives


@pytest.mark.parametrize("persona, name", [(p, n) for p, names in PAGES.items() for n in names])
def test_every_roles_pages_carry_the_policies_and_no_store(persona, name, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(reverse(name))
    assert response.status_code == 200, name
    directives = script_sources(response)
    assert directives["script-src"].split(" ")[0] == "'self'"  # plus the page's nonce when it has inline code
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_no_page_carries_an_inline_script_or_handler(client_for, provincial_officer):
    import re

    page = client_for(provincial_officer).get(reverse("tiers:round_create")).content.decode()
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", page)
              if "src=" not in tag and 'type="application/json"' not in tag]
    assert inline == [] and not re.search(r"\son(change|click|load|submit)=", page)


def test_exports_and_private_downloads_are_not_stored(client_for, enterprise_user, provincial_officer, settings,
                                                      tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    response = client_for(provincial_officer).get(reverse("review:province_inbox") + "?export=xlsx")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    client.post(step_url(app, "maturity"), {"maturity_level": "2", "goto": "maturity",
                                           "assessment_report": SimpleUploadedFile("评估报告.pdf", pdf_bytes())})
    download = client.get(reverse("applications:attachment", args=[app.attachments.get().pk]))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]


def test_the_public_pages_are_not_marked_no_store(client):
    for name in ("public:register", "public:verify"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
        assert "Content-Security-Policy" in response
