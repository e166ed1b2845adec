from io import BytesIO

import pytest
from openpyxl import load_workbook

from portal.audit import audit, audit_trail
from portal.models import AuditEntry
from tests.factories import body


@pytest.fixture
def entries(admin_user, enterprise, jinan_official):
    audit(jinan_official, "review.recommended", enterprise, before={"status": "city_passed"}, after={"status": "recommended"})
    audit(admin_user, "tiers.round_opened", None, message="2026")
    return AuditEntry.objects.all()


def test_audit_row_records_actor_object_and_change(entries, enterprise, jinan_official):
    (row,) = audit_trail(enterprise)
    assert row.actor == jinan_official
    assert row.verb == "review.recommended"
    assert row.before == {"status": "city_passed"} and row.after == {"status": "recommended"}


def test_admin_filters_audit_log_by_action(client_for, admin_user, entries):
    response = client_for(admin_user).get("/console/audit/", {"verb": "review."})
    assert response.status_code == 200
    verbs = [e.verb for e in response.context["page"]]
    assert verbs == ["review.recommended"]


def test_admin_exports_audit_log_as_excel(client_for, admin_user, entries):
    response = client_for(admin_user).get("/console/audit/", {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(body(response))).active
    verbs = {row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}  # the raw verb, in its own column
    assert verbs == {"review.recommended", "tiers.round_opened", "security.signed_in"}  # the admin's own sign-in


def test_csv_export_starts_with_bom_for_excel(client_for, admin_user, entries):
    response = client_for(admin_user).get("/console/audit/", {"export": "csv"})
    assert body(response).decode("utf-8").startswith("\ufeff")


@pytest.mark.django_db  # personas come via getfixturevalue: declare the db for pytest-django's ordering
@pytest.mark.parametrize("persona", ["enterprise_user", "jinan_official", "provincial_officer", "expert"])
def test_audit_log_is_refused_to_everyone_but_admins(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/console/audit/").status_code == 403


def test_admin_console_shows_tools_and_recent_activity(client_for, admin_user, entries):
    response = client_for(admin_user).get("/console/")
    assert response.status_code == 200
    assert b"/console/audit/" in response.content
    assert "review.recommended" in response.content.decode()


@pytest.mark.django_db
def test_audit_log_pages_by_keyset_without_counting(client_for, admin_user, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.audit import audit

    for i in range(120):
        audit(admin_user, f"tests.step_{i:03d}", admin_user)
    client = client_for(admin_user)
    seen, url, pages = [], "/console/audit/?verb=tests.", 0
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        page = response.context["page"]
        seen += [e.verb for e in page]
        pages += 1
        url = f"/console/audit/?verb=tests.&after={page.next_cursor}" if page.has_next else None
    assert pages == 3 and len(seen) == 120 and len(set(seen)) == 120
    assert seen == sorted(seen, reverse=True)  # newest first: the last step first


@pytest.mark.django_db
def test_a_broken_page_link_is_a_400_not_a_500(client_for, admin_user):
    response = client_for(admin_user).get("/console/audit/?after=not-a-cursor!")
    assert response.status_code == 400


def test_admin_console_recent_changes_leave_out_sign_ins_newest_first(client_for, admin_user, entries,
                                                                       jinan_official):
    client = client_for(admin_user)  # the admin's own sign-in is a row too
    for i in range(10):
        audit(jinan_official, "security.signed_in", jinan_official, after={"ip": "10.0.0.1"})
        audit(jinan_official, "security.refused", jinan_official, after={"path": f"/x/{i}"})
    html = client.get("/console/").content.decode()
    assert 'data-verb="security.' not in html
    assert html.index('data-verb="tiers.round_opened"') < html.index('data-verb="review.recommended"')
