"""Who downloads a certificate: its enterprise, its city's officials, provincial officers, admins; no one else."""
import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tiers.titles.certificates import request_certificate

pytestmark = pytest.mark.django_db


def download(client_for, user, certificate):
    return client_for(user).get(reverse("titles:certificate_download", args=[certificate.pk]))


def test_enterprise_downloads_its_certificate(client_for, enterprise_user, issue, advanced_title):
    certificate = issue(advanced_title)

    response = download(client_for, enterprise_user, certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{certificate.number}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who, status", [
    ("other_enterprise_user", 404), ("qingdao_official", 404), ("expert", 404),
    ("jinan_official", 200), ("provincial_officer", 200), ("admin_user", 200),
])
def test_download_is_scoped(request, client_for, issue, advanced_title, who, status):
    certificate = issue(advanced_title)
    assert download(client_for, request.getfixturevalue(who), certificate).status_code == status


def test_anonymous_download_goes_to_login(client, issue, advanced_title):
    response = client.get(reverse("titles:certificate_download", args=[issue(advanced_title).pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_certificate_not_rendered_yet_is_404(client_for, enterprise_user, advanced_title, provincial_officer):
    certificate = request_certificate(advanced_title, actor=provincial_officer)  # render not run
    assert download(client_for, enterprise_user, certificate).status_code == 404


def test_enterprise_home_lists_certificates_with_state_and_download(english, client_for, enterprise_user, issue,
                                                                    advanced_title, enterprise):
    from tests.tiers.factories import TitleFactory, tier

    ready = issue(advanced_title)
    pending = request_certificate(TitleFactory(enterprise=enterprise, tier=tier("basic")),
                                  actor=UserFactory(provincial_officer=True))

    html = client_for(enterprise_user).get(reverse("enterprise_home")).content.decode()

    assert ready.number in html and pending.number in html
    assert reverse("titles:certificate_download", args=[ready.pk]) in html
    assert reverse("titles:certificate_download", args=[pending.pk]) not in html
    assert "Being prepared" in html


def test_other_enterprise_home_does_not_list_it(client_for, other_enterprise_user, issue, advanced_title):
    certificate = issue(advanced_title)
    html = client_for(other_enterprise_user).get(reverse("enterprise_home")).content.decode()
    assert certificate.number not in html
