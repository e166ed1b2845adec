"""Basic recognition (Art. 11): the title, its certificate and the filing, all in the transition's transaction."""
import pytest
from django.urls import reverse

from applications.constants import Status
from portal.errors import ActionRefused
from review.city import services as city_services
from review.models import Filing
from tiers.titles.constants import RenderStatus, TitleStatus
from tiers.titles.models import Certificate, Title

from .helpers import audit_rows, last_audit, passed

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed_basic(enterprise_user, jinan_official, round_):
    return passed(enterprise_user, jinan_official, tier_code="basic")


def test_recognition_creates_the_title_its_certificate_and_the_filing(passed_basic, jinan_official,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app = city_services.recognize(passed_basic, actor=jinan_official, document="济工信字〔2026〕1号")
    assert app.status == Status.CITY_RECOGNIZED
    title = Title.objects.get(enterprise=app.enterprise)
    assert title.tier.code == "basic" and title.status == TitleStatus.ACTIVE
    assert title.enterprise_name == app.enterprise.name and title.source == "济工信字〔2026〕1号"
    certificate = Certificate.objects.get(title=title)
    assert certificate.status == RenderStatus.READY  # eager Celery rendered it on commit
    assert certificate.number.startswith("SDZN-JC-") and certificate.issuing_authority == "济南市工业和信息化局"
    filing = Filing.objects.get(application=app)
    assert (filing.title, filing.city, filing.status, filing.filed_by) == (title, app.enterprise.city, "filed",
                                                                           jinan_official)
    row = last_audit(app)
    assert row.verb == "review.city_recognized" and row.actor == jinan_official
    assert row.before == {"status": "city_passed"}
    assert row.after == {"status": "city_recognized", "title": title.pk, "certificate": certificate.number,
                         "filing": filing.pk}
    assert [r.verb for r in audit_rows(filing)] == ["review.filing_filed"]
    assert [r.verb for r in audit_rows(certificate)][0] == "review.certificate_requested"


def test_a_higher_tier_is_not_recognized_by_the_city_art_11(submitted_advanced, jinan_official):
    app = city_services.pass_prescreen(submitted_advanced, actor=jinan_official)
    with pytest.raises(ActionRefused) as refused:
        city_services.recognize(app, actor=jinan_official)
    assert refused.value.article == "Art. 11" and "Art. 11" in str(refused.value)
    app.refresh_from_db()
    assert app.status == Status.CITY_PASSED
    assert not Filing.objects.exists()


def test_only_a_passed_application_is_recognized(submitted_basic, jinan_official):
    with pytest.raises(ActionRefused):
        city_services.recognize(submitted_basic, actor=jinan_official)
    assert not Title.objects.exists()


@pytest.mark.parametrize("persona", ["qingdao_official", "enterprise_user", "provincial_officer"])
def test_only_the_city_of_the_application_recognizes_it(persona, passed_basic, request):
    before = len(audit_rows(passed_basic))
    with pytest.raises(ActionRefused):
        city_services.recognize(passed_basic, actor=request.getfixturevalue(persona))
    passed_basic.refresh_from_db()
    assert passed_basic.status == Status.CITY_PASSED and len(audit_rows(passed_basic)) == before
    assert not Title.objects.exists() and not Filing.objects.exists()


def test_a_failure_after_the_title_leaves_nothing_behind(passed_basic, jinan_official, monkeypatch):
    from tiers.titles import grants

    def broken(title, *, actor, miit_document=""):
        raise ActionRefused("certificate numbering unavailable")

    monkeypatch.setattr(grants, "request_certificate", broken)
    with pytest.raises(ActionRefused):
        city_services.recognize(passed_basic, actor=jinan_official)
    passed_basic.refresh_from_db()
    assert passed_basic.status == Status.CITY_PASSED
    assert not Title.objects.exists() and not Filing.objects.exists() and not Certificate.objects.exists()
    assert last_audit(passed_basic).verb == "review.city_passed"


def test_city_official_recognizes_through_the_confirm_page(passed_basic, jinan_official, client_for):
    client = client_for(jinan_official)
    detail = client.get(reverse("applications:detail", args=[passed_basic.pk])).content.decode()
    url = reverse("review:city_recognize", args=[passed_basic.pk])
    assert f'href="{url}"' in detail and 'data-transition="city_recognize"' in detail
    page = client.get(url)
    assert page.status_code == 200 and b'name="document"' in page.content
    # The generic confirm page sends the official to this one.
    generic = reverse("applications:transition", args=[passed_basic.pk, "city_recognize"])
    assert client.get(generic)["Location"] == url
    response = client.post(url, {"document": ""})
    assert response.status_code == 302 and response["Location"] == reverse("applications:detail",
                                                                           args=[passed_basic.pk])
    passed_basic.refresh_from_db()
    assert passed_basic.status == Status.CITY_RECOGNIZED and Filing.objects.filter(application=passed_basic).exists()


def test_other_city_official_gets_404_on_the_recognition_page(passed_basic, qingdao_official, client_for):
    client = client_for(qingdao_official)
    url = reverse("review:city_recognize", args=[passed_basic.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    passed_basic.refresh_from_db()
    assert passed_basic.status == Status.CITY_PASSED


def test_recognition_page_is_for_city_officials(passed_basic, provincial_officer, enterprise_user, client_for):
    url = reverse("review:city_recognize", args=[passed_basic.pk])
    assert client_for(provincial_officer).post(url).status_code == 403
    assert client_for(enterprise_user).post(url).status_code == 403
