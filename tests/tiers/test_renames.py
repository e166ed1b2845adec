"""Renames and restructurings (Art. 16): the enterprise asks, the city decides basic titles (and files with the
province), forwards the others; the province decides advanced titles and scenarios and records MIIT's
approval for excellence and leading. Approval renames the enterprise, supersedes each title by a new
one and reissues its certificate; nothing is deleted."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.audit import audit_trail
from portal.errors import ActionRefused
from portal.models import AuditEntry, Notification
from tests.factories import EnterpriseFactory, make_credit_code
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles import renames
from tiers.titles.certificates import current_certificate, request_certificate
from tiers.titles.constants import RenameKind, RenameRoute, RenameStatus, TitleStatus, Validity
from tiers.titles.models import RenameRequest, Title
from tiers.titles.revocation import revoke_title

pytestmark = pytest.mark.django_db

NEW_NAME = "济南智造高端装备股份有限公司"
MIIT_DOCUMENT = "工信厅通装函〔2025〕321号"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"


def pdf_bytes():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def licence(name="营业执照变更.pdf", content=None):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type="application/pdf")


def wrong_check_character(code):
    from portal.accounts.credit_code import CHARSET

    return code[:-1] + next(c for c in CHARSET if c != code[-1])


def make_title(enterprise, code, actor, **kwargs):
    """An active title with its numbered certificate (MIIT's tiers carry MIIT's recognition document)."""
    title = TitleFactory(enterprise=enterprise, tier=tier(code), **kwargs)
    request_certificate(title, actor=actor, miit_document=MIIT_DOCUMENT if code in ("excellence", "leading") else "")
    return title


@pytest.fixture
def basic_title(enterprise, provincial_officer):
    return make_title(enterprise, TierCode.BASIC, provincial_officer, year=2024)


@pytest.fixture
def advanced_title(enterprise, provincial_officer):
    return make_title(enterprise, TierCode.ADVANCED, provincial_officer, year=2025)


@pytest.fixture
def excellence_title(enterprise, provincial_officer):
    return make_title(enterprise, TierCode.EXCELLENCE, provincial_officer, year=2026)


def submit(enterprise_user, titles, **overrides):
    data = {"enterprise": enterprise_user.enterprise, "kind": RenameKind.RENAME, "new_name": NEW_NAME,
            "reason": "2026年10月经济南市市场监督管理局核准变更企业名称。", "evidence": licence(), "titles": titles,
            "actor": enterprise_user, **overrides}
    return renames.submit_rename_request(**data)


def verbs(obj):
    return list(audit_trail(obj).values_list("verb", flat=True))


def verify(client, number):
    return client.get(reverse("public:verify_number", args=[number])).content.decode()


def assert_renamed(old_title, client, *, name=NEW_NAME):
    """The old title is superseded by a new one like it under ``name``; the certificates verify accordingly."""
    old_title.refresh_from_db()
    new = old_title.superseded_by
    assert old_title.status == TitleStatus.SUPERSEDED and new is not None
    assert (new.status, new.tier, new.year, new.recognized_on) == (TitleStatus.ACTIVE, old_title.tier,
                                                                   old_title.year, old_title.recognized_on)
    assert new.enterprise_name == name and new.source == f"rename of #{old_title.pk}"
    old_certificate = old_title.certificates.get()
    new_certificate = current_certificate(new)
    assert old_certificate.validity == Validity.SUPERSEDED and old_certificate.superseded_by == new_certificate
    assert new_certificate.validity == Validity.VALID and new_certificate.enterprise_name == name
    old_page = verify(client, old_certificate.number)
    assert 'data-validity="superseded"' in old_page and new_certificate.number in old_page
    assert 'data-validity="valid"' in verify(client, new_certificate.number)
    assert verbs(old_title) == ["tiers.title_superseded"]
    assert verbs(new) == ["titles.title_granted"]  # its history starts with its grant
    assert "review.certificate_superseded" in verbs(old_certificate)
    return new


# --- submission --------------------------------------------------------------------------------

def test_enterprise_submits_through_the_form(client_for, enterprise_user, basic_title):
    client = client_for(enterprise_user)
    page = client.get(reverse("titles:rename_create"))
    assert page.status_code == 200 and f'value="{basic_title.pk}"' in page.content.decode()

    response = client.post(reverse("titles:rename_create"), {
        "titles": [basic_title.pk], "kind": "rename", "new_name": NEW_NAME, "new_credit_code": "",
        "reason": "名称变更", "evidence": licence(),
    })

    assert response.status_code == 302 and response["Location"] == reverse("titles:rename_list")
    request = RenameRequest.objects.get()
    assert (request.route, request.status, request.new_name) == (RenameRoute.CITY, RenameStatus.SUBMITTED, NEW_NAME)
    assert (request.old_name, request.requested_by) == ("济南智造装备有限公司", enterprise_user)
    assert list(request.titles.all()) == [basic_title]
    assert request.evidence_type == "application/pdf" and request.evidence_name == "营业执照变更.pdf"
    assert not request.evidence.name.endswith("营业执照变更.pdf")  # stored under a random name
    entry = audit_trail(request).get()
    assert (entry.verb, entry.actor, entry.after["titles"]) == ("tiers.rename_requested", enterprise_user,
                                                               [basic_title.pk])
    listing = client.get(reverse("titles:rename_list")).content.decode()
    assert f'data-rename="{request.pk}"' in listing


@pytest.mark.parametrize("content", [b"MZ\x90\x00 not a document", b"%PDF-1.7\n" + b"garbage " * 40])
def test_bad_upload_is_refused_keeping_the_form(client_for, enterprise_user, basic_title, content):
    response = client_for(enterprise_user).post(reverse("titles:rename_create"), {
        "titles": [basic_title.pk], "kind": "rename", "new_name": NEW_NAME, "new_credit_code": "",
        "reason": "保留的变更说明", "evidence": licence("营业执照.pdf", content),
    })

    assert response.status_code == 200
    html = response.content.decode()
    assert "营业执照.pdf" in html  # the message names the file
    assert NEW_NAME in html and "保留的变更说明" in html
    assert response.context["form"].has_error("evidence")
    assert not RenameRequest.objects.exists()


def test_service_checks_the_upload_too(enterprise_user, basic_title):
    with pytest.raises(ActionRefused):
        submit(enterprise_user, [basic_title], evidence=licence(content=b"plain text, not a licence"))
    assert not RenameRequest.objects.exists()


def test_titles_of_several_routes_become_one_request_per_route(enterprise_user, basic_title, advanced_title,
                                                               excellence_title):
    created = submit(enterprise_user, [excellence_title, basic_title, advanced_title])

    assert [r.route for r in created] == [RenameRoute.CITY, RenameRoute.PROVINCE, RenameRoute.MIIT]
    assert [list(r.titles.all()) for r in created] == [[basic_title], [advanced_title], [excellence_title]]
    assert len({r.group for r in created}) == 1
    assert len({r.evidence.name for r in created}) == 1  # one stored file
    assert all(verbs(r) == ["tiers.rename_requested"] for r in created)


def test_a_title_in_a_request_under_way_cannot_be_requested_again(client_for, enterprise_user, basic_title,
                                                                  advanced_title):
    submit(enterprise_user, [basic_title])
    with pytest.raises(ActionRefused):
        submit(enterprise_user, [basic_title, advanced_title])
    form = client_for(enterprise_user).get(reverse("titles:rename_create")).context["form"]
    assert list(form.fields["titles"].queryset) == [advanced_title]


def test_only_own_active_titles_can_be_requested(enterprise_user, basic_title, jinan_official, other_enterprise_user):
    foreign = TitleFactory(enterprise=other_enterprise_user.enterprise)
    with pytest.raises(ActionRefused):
        submit(enterprise_user, [foreign])
    revoke_title(basic_title, ground="terminated", note="注销", revoked_on=timezone.localdate(),
                 actor=jinan_official)
    with pytest.raises(ActionRefused):
        submit(enterprise_user, [basic_title])
    with pytest.raises(ActionRefused):  # and only the enterprise itself asks
        submit(enterprise_user, [basic_title], actor=other_enterprise_user)
    assert not RenameRequest.objects.exists()


@pytest.mark.parametrize("overrides", [
    {"new_name": "济南智造装备有限公司"},                                         # nothing changes
    {"new_name": " "},
    {"reason": ""},
    {"new_credit_code": make_credit_code("370103", 4242)},                     # a rename keeps the code
    {"kind": "restructuring", "new_credit_code": wrong_check_character(make_credit_code("370103", 4242))},
    {"kind": "restructuring", "new_credit_code": make_credit_code("110105", 4242)},  # not Shandong
    {"kind": "restructuring", "new_credit_code": make_credit_code("370202", 4242)},  # Qingdao, another city
])
def test_submission_is_refused_when_it_does_not_hold_up(enterprise_user, basic_title, overrides):
    with pytest.raises(ActionRefused):
        submit(enterprise_user, [basic_title], **overrides)
    assert not RenameRequest.objects.exists()


def test_restructuring_to_a_code_another_enterprise_holds_is_refused(enterprise_user, basic_title):
    taken = EnterpriseFactory(credit_code=make_credit_code("370103", 555)).credit_code
    with pytest.raises(ActionRefused, match=taken):
        submit(enterprise_user, [basic_title], kind=RenameKind.RESTRUCTURING, new_credit_code=taken)


def test_form_marks_a_bad_credit_code_beside_the_field(client_for, enterprise_user, basic_title):
    response = client_for(enterprise_user).post(reverse("titles:rename_create"), {
        "titles": [basic_title.pk], "kind": "restructuring", "new_name": NEW_NAME,
        "new_credit_code": make_credit_code("370202", 4242), "reason": "重组", "evidence": licence(),
    })
    assert response.status_code == 200 and response.context["form"].has_error("new_credit_code")
    assert not RenameRequest.objects.exists()


def test_enterprise_without_titles_is_told_so(client_for, enterprise_user):
    response = client_for(enterprise_user).get(reverse("titles:rename_create"))
    assert response.status_code == 200 and 'id="rename-form"' not in response.content.decode()


# --- basic: the city decides and files with the province ---------------------------------------------

def test_basic_rename_is_approved_by_the_city_and_filed_with_the_province(client, client_for, enterprise_user,
                                                                          basic_title, jinan_official,
                                                                          provincial_officer):
    (request,) = submit(enterprise_user, [basic_title])
    official = client_for(jinan_official)
    detail = official.get(reverse("titles:rename_detail", args=[request.pk])).content.decode()
    assert reverse("titles:rename_step_confirm", args=[request.pk, "city_approve"]) in detail
    assert reverse("titles:rename_step_confirm", args=[request.pk, "city_forward"]) not in detail
    assert official.get(reverse("titles:rename_step_confirm", args=[request.pk, "city_approve"])).status_code == 200

    response = official.post(reverse("titles:rename_step", args=[request.pk, "city_approve"]), {"note": "材料齐全"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RenameStatus.CITY_APPROVED and request.filed_at is not None
    assert (request.city_decided_by, request.city_note) == (jinan_official, "材料齐全")
    request.enterprise.refresh_from_db()
    assert request.enterprise.name == NEW_NAME
    assert verbs(request.enterprise) == ["tiers.enterprise_renamed"]
    client.logout()
    assert_renamed(basic_title, client)
    # One audit row for the approval, which records the filing with the province (Art. 16).
    assert verbs(request) == ["tiers.rename_requested", "tiers.rename_city_approved"]
    approval = AuditEntry.objects.get(verb="tiers.rename_city_approved", object_id=str(request.pk))
    assert approval.after["filed_at"] and approval.after["status"] == "city_approved"

    # The province sees the filing on its list and acknowledges it.
    province = client_for(provincial_officer)
    filings = province.get(reverse("titles:rename_province"), {"tab": "filings"})
    assert [r.pk for r in filings.context["page"]] == [request.pk]
    home = province.get(reverse("province_home"))
    panel = next(p for p in home.context["panels"] if p["template"].endswith("_panel_province_renames.html"))
    assert panel["filings_count"] == 1 and "有1项待确认" in home.content.decode()
    renames.acknowledge_filing(request, actor=provincial_officer)
    request.refresh_from_db()
    assert request.filing_acknowledged_by == provincial_officer and request.status == RenameStatus.CITY_APPROVED
    assert verbs(request)[-1] == "tiers.rename_filing_acknowledged"
    with pytest.raises(ActionRefused):
        renames.acknowledge_filing(request, actor=provincial_officer)


def test_province_cannot_decide_a_basic_rename_in_place_of_the_city(client_for, enterprise_user, basic_title,
                                                                    provincial_officer):
    (request,) = submit(enterprise_user, [basic_title])
    with pytest.raises(ActionRefused):
        renames.city_approve(request, actor=provincial_officer)
    response = client_for(provincial_officer).post(reverse("titles:rename_step", args=[request.pk, "city_approve"]))
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == RenameStatus.SUBMITTED


# --- advanced: through the city to the province ------------------------------------------------------

def test_advanced_rename_is_forwarded_by_the_city_and_approved_by_the_province(client, client_for, enterprise_user,
                                                                              advanced_title, jinan_official,
                                                                              provincial_officer):
    (request,) = submit(enterprise_user, [advanced_title])
    with pytest.raises(ActionRefused):  # the city does not decide an advanced title
        renames.city_approve(request, actor=jinan_official)

    response = client_for(jinan_official).post(reverse("titles:rename_step", args=[request.pk, "city_forward"]),
                                               {"note": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RenameStatus.CITY_FORWARDED and request.filed_at is None
    advanced_title.refresh_from_db()
    assert advanced_title.status == TitleStatus.ACTIVE  # nothing changes before the province decides

    province = client_for(provincial_officer)
    assert [r.pk for r in province.get(reverse("titles:rename_province")).context["page"]] == [request.pk]
    response = province.post(reverse("titles:rename_step", args=[request.pk, "province_approve"]),
                             {"note": "同意更名"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RenameStatus.APPROVED
    assert (request.province_decided_by, request.province_note) == (provincial_officer, "同意更名")
    client.logout()
    assert_renamed(advanced_title, client)
    assert verbs(request) == ["tiers.rename_requested", "tiers.rename_city_forwarded",
                              "tiers.rename_province_approved"]


# --- excellence: MIIT's approval, recorded by the province ---------------------------------------------

def test_excellence_rename_is_approved_by_recording_miit_document(client, client_for, enterprise_user,
                                                                  excellence_title, jinan_official,
                                                                  provincial_officer):
    (request,) = submit(enterprise_user, [excellence_title])
    renames.city_forward(request, actor=jinan_official)
    with pytest.raises(ActionRefused):  # the province does not decide by itself: MIIT does
        renames.province_approve(request, actor=provincial_officer)

    province = client_for(provincial_officer)
    refused = province.post(reverse("titles:rename_step", args=[request.pk, "record_miit_approval"]),
                            {"document_number": MIIT_DOCUMENT, "document_date": ""})
    assert refused.status_code == 200 and MIIT_DOCUMENT in refused.content.decode()  # kept as typed
    request.refresh_from_db()
    assert request.status == RenameStatus.CITY_FORWARDED

    response = province.post(reverse("titles:rename_step", args=[request.pk, "record_miit_approval"]),
                             {"document_number": "工信厅通装函〔2026〕88号", "document_date": "2026-11-02"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RenameStatus.APPROVED
    assert (request.miit_document_number, request.miit_document_date) == ("工信厅通装函〔2026〕88号",
                                                                          datetime.date(2026, 11, 2))
    entry = audit_trail(request).get(verb="tiers.rename_miit_approval_recorded")
    assert entry.actor == provincial_officer and entry.after["miit_document"]["number"] == "工信厅通装函〔2026〕88号"
    client.logout()
    new = assert_renamed(excellence_title, client)
    assert current_certificate(new).miit_document == MIIT_DOCUMENT  # the recognition document stays cited


def test_miit_document_cannot_be_dated_in_the_future(enterprise_user, excellence_title, jinan_official,
                                                     provincial_officer):
    (request,) = submit(enterprise_user, [excellence_title])
    renames.city_forward(request, actor=jinan_official)
    with pytest.raises(ActionRefused):
        renames.record_miit_approval(request, document_number="x", document_date=datetime.date(2099, 1, 1),
                                     actor=provincial_officer)
    request.refresh_from_db()
    assert request.status == RenameStatus.CITY_FORWARDED


# --- restructuring -----------------------------------------------------------------------------

def test_restructuring_changes_the_credit_code_on_approval(client, enterprise_user, basic_title, jinan_official):
    new_code = make_credit_code("370112", 8080)
    (request,) = submit(enterprise_user, [basic_title], kind=RenameKind.RESTRUCTURING,
                        new_credit_code=new_code.lower())
    assert request.new_credit_code == new_code

    renames.city_approve(request, actor=jinan_official)

    enterprise = request.enterprise
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.credit_code) == (NEW_NAME, new_code)
    entry = audit_trail(enterprise).get(verb="tiers.enterprise_renamed")
    assert entry.before["credit_code"] == request.old_credit_code and entry.after["credit_code"] == new_code
    new = assert_renamed(basic_title, client)
    assert current_certificate(new).credit_code == new_code
    assert basic_title.certificates.get().credit_code == request.old_credit_code  # the old record is unchanged


# --- rejection ---------------------------------------------------------------------------------

def test_city_rejects_with_a_reason_and_nothing_changes(client_for, enterprise_user, basic_title, jinan_official):
    (request,) = submit(enterprise_user, [basic_title])
    official = client_for(jinan_official)
    no_reason = official.post(reverse("titles:rename_step", args=[request.pk, "city_reject"]), {"reason": ""})
    assert no_reason.status_code == 200
    request.refresh_from_db()
    assert request.status == RenameStatus.SUBMITTED

    official.post(reverse("titles:rename_step", args=[request.pk, "city_reject"]), {"reason": "营业执照变更材料不清晰"})

    request.refresh_from_db()
    assert (request.status, request.city_note) == (RenameStatus.REJECTED, "营业执照变更材料不清晰")
    basic_title.refresh_from_db()
    request.enterprise.refresh_from_db()
    assert basic_title.status == TitleStatus.ACTIVE and request.enterprise.name == "济南智造装备有限公司"
    assert basic_title.certificates.get().validity == Validity.VALID
    assert verbs(request) == ["tiers.rename_requested", "tiers.rename_city_rejected"]
    page = client_for(enterprise_user).get(reverse("titles:rename_detail", args=[request.pk])).content.decode()
    assert "营业执照变更材料不清晰" in page
    # The title is free again for a new request.
    assert list(renames.titles_open_for_rename(request.enterprise)) == [basic_title]


def test_province_rejects_a_forwarded_request(enterprise_user, advanced_title, jinan_official, provincial_officer):
    (request,) = submit(enterprise_user, [advanced_title])
    renames.city_forward(request, actor=jinan_official, note="请省厅审核")
    with pytest.raises(ActionRefused):
        renames.province_reject(request, actor=provincial_officer, reason="  ")

    renames.province_reject(request, actor=provincial_officer, reason="重组后不再符合认定条件")

    request.refresh_from_db()
    assert request.status == RenameStatus.REJECTED and request.province_note == "重组后不再符合认定条件"
    advanced_title.refresh_from_db()
    assert advanced_title.status == TitleStatus.ACTIVE and advanced_title.superseded_by is None
    assert verbs(request) == ["tiers.rename_requested", "tiers.rename_city_forwarded", "tiers.rename_province_rejected"]
    with pytest.raises(ActionRefused):  # a decided request is decided
        renames.province_approve(request, actor=provincial_officer)


def test_revoked_title_is_left_out_of_an_approval_and_a_request_of_only_revoked_titles_cannot_be_approved(
        client, enterprise_user, basic_title, jinan_official, admin_user, provincial_officer):
    second = make_title(enterprise_user.enterprise, TierCode.BASIC, provincial_officer, year=2025)
    (request,) = submit(enterprise_user, [basic_title, second])
    revoke_title(second, ground="failed_monitoring", note="复查不合格", revoked_on=timezone.localdate(),
                 actor=jinan_official)

    renames.city_approve(request, actor=jinan_official)

    assert_renamed(basic_title, client)
    second.refresh_from_db()
    assert second.status == TitleStatus.REVOKED and second.superseded_by is None
    assert audit_trail(request).get(verb="tiers.rename_titles_skipped").after == {"titles": [second.pk]}

    (only_revoked,) = submit(enterprise_user, [Title.objects.get(supersedes=basic_title)], new_name="再次更名有限公司")
    revoke_title(Title.objects.get(supersedes=basic_title), ground="terminated", note="注销",
                 revoked_on=timezone.localdate(), actor=jinan_official)
    with pytest.raises(ActionRefused):
        renames.city_approve(only_revoked, actor=jinan_official)
    only_revoked.refresh_from_db()
    assert only_revoked.status == RenameStatus.SUBMITTED


# --- who sees what ------------------------------------------------------------------------------

def test_qingdao_official_gets_404_on_a_jinan_request(client_for, enterprise_user, basic_title, qingdao_official):
    (request,) = submit(enterprise_user, [basic_title])
    client = client_for(qingdao_official)
    for url in (reverse("titles:rename_detail", args=[request.pk]),
                reverse("titles:rename_evidence", args=[request.pk]),
                reverse("titles:rename_step_confirm", args=[request.pk, "city_approve"])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("titles:rename_step", args=[request.pk, "city_approve"])).status_code == 404
    assert list(client.get(reverse("titles:rename_queue")).context["page"]) == []
    with pytest.raises(ActionRefused):
        renames.city_approve(request, actor=qingdao_official)
    request.refresh_from_db()
    assert request.status == RenameStatus.SUBMITTED


def test_other_enterprise_gets_404_and_cannot_decide(client_for, enterprise_user, other_enterprise_user,
                                                     basic_title):
    (request,) = submit(enterprise_user, [basic_title])
    other = client_for(other_enterprise_user)
    assert other.get(reverse("titles:rename_detail", args=[request.pk])).status_code == 404
    assert other.get(reverse("titles:rename_evidence", args=[request.pk])).status_code == 404
    own = client_for(enterprise_user)
    assert own.post(reverse("titles:rename_step", args=[request.pk, "city_approve"])).status_code == 403
    assert own.get(reverse("titles:rename_queue")).status_code == 403
    assert own.get(reverse("titles:rename_province")).status_code == 403


def test_evidence_is_served_to_the_enterprise_and_its_city(client_for, enterprise_user, basic_title, jinan_official):
    (request,) = submit(enterprise_user, [basic_title])
    for user in (enterprise_user, jinan_official):
        response = client_for(user).get(reverse("titles:rename_evidence", args=[request.pk]))
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Cache-Control"] == "private, no-store"


def test_city_official_cannot_take_the_province_steps(client_for, enterprise_user, advanced_title, jinan_official):
    (request,) = submit(enterprise_user, [advanced_title])
    renames.city_forward(request, actor=jinan_official)
    response = client_for(jinan_official).post(reverse("titles:rename_step", args=[request.pk, "province_approve"]))
    assert response.status_code == 403
    with pytest.raises(ActionRefused):
        renames.province_approve(request, actor=jinan_official)
    request.refresh_from_db()
    assert request.status == RenameStatus.CITY_FORWARDED


def test_decision_steps_are_post_only(client_for, enterprise_user, basic_title, jinan_official):
    (request,) = submit(enterprise_user, [basic_title])
    client = client_for(jinan_official)
    assert client.get(reverse("titles:rename_step", args=[request.pk, "city_approve"])).status_code == 405
    assert client.post(reverse("titles:rename_step_confirm", args=[request.pk, "city_approve"])).status_code == 405
    assert client.get(reverse("titles:rename_step_confirm", args=[request.pk, "no_such_step"])).status_code == 404


# --- landing panels ------------------------------------------------------------------------------

def test_landing_panels_show_what_each_has_to_do(client_for, enterprise_user, basic_title, advanced_title,
                                                 jinan_official, qingdao_official, provincial_officer):
    basic_request, advanced_request = submit(enterprise_user, [basic_title, advanced_title])

    enterprise_home = client_for(enterprise_user).get(reverse("enterprise_home")).content.decode()
    assert reverse("titles:rename_detail", args=[basic_request.pk]) in enterprise_home
    city_home = client_for(jinan_official).get(reverse("city_home")).content.decode()
    assert 'id="panel-renames"' in city_home
    assert reverse("titles:rename_detail", args=[advanced_request.pk]) in city_home
    qingdao_home = client_for(qingdao_official).get(reverse("city_home")).content.decode()
    assert reverse("titles:rename_detail", args=[advanced_request.pk]) not in qingdao_home

    renames.city_forward(advanced_request, actor=jinan_official)
    province_home = client_for(provincial_officer).get(reverse("province_home")).content.decode()
    assert reverse("titles:rename_detail", args=[advanced_request.pk]) in province_home
    assert reverse("titles:rename_detail", args=[basic_request.pk]) not in province_home


def test_the_rename_lists_export_what_they_show(client_for, enterprise_user, basic_title, advanced_title,
                                                 jinan_official, provincial_officer, qingdao_official):
    from openpyxl import load_workbook

    def rows(user, url, **params):
        response = client_for(user).get(url, {**params, "export": "xlsx"})
        return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True))

    basic_request, advanced_request = sorted(submit(enterprise_user, [basic_title, advanced_title]),
                                             key=lambda r: r.route != RenameRoute.CITY)
    city_rows = rows(jinan_official, reverse("titles:rename_queue"), tab="todo")
    assert {r[0] for r in city_rows[1:]} == {basic_request.pk, advanced_request.pk}
    assert len(rows(qingdao_official, reverse("titles:rename_queue"), tab="todo")) == 1  # the header: not Jinan's
    renames.city_forward(advanced_request, actor=jinan_official)
    province_rows = rows(provincial_officer, reverse("titles:rename_province"), tab="decide")
    assert [r[0] for r in province_rows[1:]] == [advanced_request.pk]


# --- who hears of it (tiers.titles.reminders) ---------------------------------------------------

def test_a_submitted_request_tells_the_city_bureau_of_the_enterprise(enterprise_user, basic_title, jinan_official,
                                                                     qingdao_official, provincial_officer):
    (request,) = submit(enterprise_user, [basic_title])
    (notification,) = Notification.objects.filter(kind="titles.rename_to_handle")
    assert notification.user == jinan_official and notification.url == "/titles/renames/city/"
    assert request.new_name in notification.subject
    assert not Notification.objects.filter(user=enterprise_user).exists()  # its own step: it knows


def test_a_forwarded_request_tells_the_province_and_each_decision_tells_the_enterprise(
        enterprise_user, advanced_title, jinan_official, provincial_officer, django_capture_on_commit_callbacks):
    from django.core import mail

    (request,) = submit(enterprise_user, [advanced_title])
    with django_capture_on_commit_callbacks(execute=True):
        renames.city_forward(request, actor=jinan_official, note="材料齐全。")
    (to_province,) = Notification.objects.filter(kind="titles.rename_to_handle", user=provincial_officer)
    assert to_province.url == "/titles/renames/province/"
    (forwarded,) = Notification.objects.filter(user=enterprise_user, kind="titles.rename_step")
    with django_capture_on_commit_callbacks(execute=True):
        renames.province_reject(request, actor=provincial_officer, reason="变更材料与营业执照不一致。")
    decided = Notification.objects.filter(user=enterprise_user, kind="titles.rename_step").exclude(pk=forwarded.pk)
    (rejection,) = decided
    assert "变更材料与营业执照不一致。" in rejection.body and rejection.url == f"/titles/renames/{request.pk}/"
    assert any("变更材料与营业执照不一致。" in m.body for m in mail.outbox if m.to == [enterprise_user.email])
    # Retried, the notice adds nothing.
    from tiers.titles.reminders import send_step_notice

    send_step_notice(int(rejection.key.split(":")[1]))
    assert Notification.objects.filter(user=enterprise_user, kind="titles.rename_step").count() == 2
