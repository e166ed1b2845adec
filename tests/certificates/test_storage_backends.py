"""A certificate is rendered into private storage through the storage API, on the local disk and on
S3-compatible object storage alike, and downloaded through the portal's permission-checked view."""
import hashlib

import pytest
from django.urls import reverse

from portal.files import stored_files
from tiers.titles.constants import RenderStatus

pytestmark = pytest.mark.django_db


def test_a_certificate_is_stored_and_served_on_each_backend(private_backend, issue, advanced_title, client_for,
                                                            enterprise_user, other_enterprise_user):
    certificate = issue(advanced_title)
    assert certificate.status == RenderStatus.READY
    assert list(stored_files()) == [certificate.file.name]

    response = client_for(enterprise_user).get(reverse("titles:certificate_download", args=[certificate.pk]))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == certificate.sha256 and len(body) == certificate.file_size
    other = client_for(other_enterprise_user).get(reverse("titles:certificate_download", args=[certificate.pk]))
    assert other.status_code == 404
