"""Admins see every certificate's render state and queue failed or pending ones again."""
from unittest import mock

import pytest
from django.urls import reverse

from tiers.titles.constants import RenderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(issue, advanced_title):
    with mock.patch("portal.pdf.render_to_pdf", side_effect=RuntimeError("no fonts")):
        return issue(advanced_title)


def test_admin_list_shows_state_and_error(english, client_for, admin_user, failed):
    response = client_for(admin_user).get(reverse("titles:certificate_list"), {"status": "failed"})
    html = response.content.decode()
    assert failed.number in html and "RuntimeError: no fonts" in html and "Rendering failed" in html
    assert reverse("titles:certificate_retry", args=[failed.pk]) in html


def test_admin_confirms_then_retries(client_for, admin_user, failed, django_capture_on_commit_callbacks):
    client = client_for(admin_user)
    url = reverse("titles:certificate_retry", args=[failed.pk])

    assert client.get(url).status_code == 200  # the confirm page; GET changes nothing
    failed.refresh_from_db()
    assert failed.status == RenderStatus.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302 and response.url == reverse("titles:certificate_list")
    failed.refresh_from_db()
    assert failed.status == RenderStatus.READY


@pytest.mark.parametrize("who", ["provincial_officer", "enterprise_user", "jinan_official"])
def test_only_admins_retry_a_render(request, client_for, failed, who):
    client = client_for(request.getfixturevalue(who))
    assert client.post(reverse("titles:certificate_retry", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == RenderStatus.FAILED


@pytest.mark.parametrize("who, status", [("provincial_officer", 200), ("enterprise_user", 403),
                                         ("jinan_official", 403)])
def test_the_province_reads_the_certificate_list(request, client_for, failed, who, status):
    response = client_for(request.getfixturevalue(who)).get(reverse("titles:certificate_list"))
    assert response.status_code == status
    if status == 200:  # it sees the failed render, and that an administrator queues it again
        html = response.content.decode()
        assert failed.number in html and reverse("titles:certificate_retry", args=[failed.pk]) not in html


def test_django_admin_action_retries(client_for, admin_user, failed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(
            reverse("admin:titles_certificate_changelist"),
            {"action": "retry_rendering", "_selected_action": [failed.pk]},
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == RenderStatus.READY


def test_the_certificate_list_exports_to_excel(client_for, provincial_officer, failed):
    import io

    from openpyxl import load_workbook

    response = client_for(provincial_officer).get(reverse("titles:certificate_list"), {"export": "xlsx"})
    header, row = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
        values_only=True))
    assert row[0] == failed.number
