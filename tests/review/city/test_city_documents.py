"""The city's recommendation letter and summary table, printed by a task for the bureau's stamp, downloaded by
the city (and the province), the stamped letter uploaded back against the printed one."""
import io
import os

import pytest
from django.urls import reverse
from pypdf import PdfReader

from portal.models import AuditEntry, OutboxMessage
from portal.rendering import RenderStatus
from review.city import documents as city_documents
from review.city import services as city_services
from review.city.tasks import render_city_document
from review.models import CityDocument, CityDocumentKind, RecommendationLetter
from tests.factories import body
from tiers.models import Tier

from .helpers import make_quota, passed

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def read(document):
    document.file.open("rb")
    try:
        return document.file.read()
    finally:
        document.file.close()


@pytest.fixture
def recommended(jinan_enterprise_users, jinan_official, round_, jinan):
    """Three advanced applications of 济南 passed, ranked c, a, b; a and c recommended."""
    make_quota(round_, "advanced", {jinan: 3})
    a, b, c = (passed(user, jinan_official) for user in jinan_enterprise_users(3))
    city_services.rank(city=jinan, round=round_, tier=Tier.objects.get(code="advanced"), ordered=[c, a, b],
                       actor=jinan_official)
    for app in (a, c):
        city_services.recommend(app, actor=jinan_official)
    return a, b, c


@pytest.fixture
def printed(recommended, jinan_official, round_, jinan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        documents = city_documents.request_city_documents(city=jinan, round=round_,
                                                          tier=Tier.objects.get(code="advanced"), actor=jinan_official)
    for document in documents:
        document.refresh_from_db()
    return {d.kind: d for d in documents}


def test_the_letter_and_table_are_printed_after_the_commit_with_one_audit_row(
        recommended, jinan_official, round_, jinan, django_capture_on_commit_callbacks):
    advanced = Tier.objects.get(code="advanced")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        city_documents.request_city_documents(city=jinan, round=round_, tier=advanced, actor=jinan_official)
    assert set(CityDocument.objects.values_list("status", flat=True)) == {RenderStatus.PENDING}
    assert OutboxMessage.objects.filter(handler="review.render_city_document").count() == 2
    for callback in callbacks:
        callback()
    assert set(CityDocument.objects.values_list("status", flat=True)) == {RenderStatus.READY}
    row = AuditEntry.objects.get(verb="review.city_documents_requested")
    assert row.actor == jinan_official and row.after["tier"] == "advanced"
    assert AuditEntry.objects.filter(verb="review.city_document_rendered").count() == 2
    document = CityDocument.objects.first()
    assert render_city_document(document.pk) == "ready"  # twice: nothing more
    assert AuditEntry.objects.filter(verb="review.city_document_rendered").count() == 2


def test_the_letter_lists_the_recommended_in_rank_order_for_the_stamp(printed, recommended):
    a, b, c = recommended
    text = pdf_text(read(printed[CityDocumentKind.LETTER]))
    assert "济南市工业和信息化局" in text and "山东省工业和信息化厅" in text and "推荐单位（盖章）" in text
    assert text.index(c.enterprise.name) < text.index(a.enterprise.name)
    assert b.enterprise.name not in text  # passed, not recommended
    table = pdf_text(read(printed[CityDocumentKind.SUMMARY]))
    assert "推荐汇总表" in table and c.enterprise.credit_code in table and b.enterprise.name not in table
    assert "推荐名额3个，已推荐2个，剩余1个" in table  # the quota, as the Excel summary table has it
    assert "典型场景（所属环节）" in table  # a factory's typical scenarios, segment by segment
    if os.environ.get("DUMP_PDF"):  # look at them: pdftoppm -png
        for kind, document in printed.items():
            open(f"{os.environ['DUMP_PDF']}/{kind}.pdf", "wb").write(read(document))


def test_asking_again_for_the_same_list_prints_nothing_new(printed, jinan_official, round_, jinan):
    again = city_documents.request_city_documents(city=jinan, round=round_, tier=Tier.objects.get(code="advanced"),
                                                  actor=jinan_official)
    assert {d.pk for d in again} == {d.pk for d in printed.values()}
    assert CityDocument.objects.count() == 2


@pytest.mark.parametrize("persona, status", [("jinan_official", 200), ("provincial_officer", 200),
                                             ("qingdao_official", 404), ("enterprise_user", 403)])
def test_only_the_city_and_the_province_download_them(printed, persona, status, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("review:city_document", args=[printed[CityDocumentKind.LETTER].pk]))
    assert response.status_code == status
    if status == 200:
        assert body(response).startswith(b"%PDF-")


def test_another_city_cannot_print_jinan_documents(recommended, qingdao_official, round_, jinan, client_for):
    from portal.errors import ActionRefused

    with pytest.raises(ActionRefused):
        city_documents.request_city_documents(city=jinan, round=round_, tier=Tier.objects.get(code="advanced"),
                                              actor=qingdao_official)
    client_for(qingdao_official).post(reverse("review:city_documents_request", args=[round_.pk, "advanced"]))
    assert not CityDocument.objects.filter(city=jinan).exists()


def test_the_recommendations_page_offers_both_and_the_stamped_letter_answers_the_printed_one(
        printed, jinan_official, round_, client_for):
    from tests.applications.factories import pdf_upload

    client = client_for(jinan_official)
    page = client.get(reverse("review:city_recommendations")).content.decode()
    for document in printed.values():
        assert reverse("review:city_document", args=[document.pk]) in page
    response = client.post(reverse("review:city_letter_upload", args=[round_.pk, "advanced"]),
                           {f"{round_.pk}-advanced-letter": pdf_upload("济南市推荐函（盖章）.pdf")})
    assert response.status_code == 302
    letter = RecommendationLetter.objects.get()
    assert letter.answers == printed[CityDocumentKind.LETTER]
    page = client.get(reverse("review:city_recommendations")).content.decode()
    assert reverse("review:recommendation_letter", args=[letter.pk]) in page


def test_nothing_to_print_before_anything_is_passed(jinan_official, round_, jinan):
    from portal.errors import ActionRefused

    with pytest.raises(ActionRefused):
        city_documents.request_city_documents(city=jinan, round=round_, tier=Tier.objects.get(code="advanced"),
                                              actor=jinan_official)
