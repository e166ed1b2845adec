"""Public verification answers valid, superseded (by which, since when) or revoked (when, on which ground)."""
import datetime
import hashlib

import pytest
from django.urls import reverse

from portal.errors import ActionRefused
from portal.models import AuditEntry
from tests.factories import force_save
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles.certificates import mark_revoked, reissue_for_rename
from tiers.titles.constants import RevocationGround, TitleStatus, Validity

pytestmark = pytest.mark.django_db


def verify(client, number):
    return client.get(reverse("public:verify_number", args=[number]))


def test_valid_certificate_verifies_as_valid_without_login(client, issue, advanced_title):
    certificate = issue(advanced_title)

    response = verify(client, certificate.number)  # Chinese: the default

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-validity="valid"' in html and "有效" in html
    assert "济南智造装备有限公司" in html and certificate.sha256 in html


def test_renamed_title_gets_a_new_certificate_that_supersedes_the_old(english, client, issue, advanced_title,
                                                                       provincial_officer,
                                                                       django_capture_on_commit_callbacks):
    old = issue(advanced_title)
    old_file = old.file.path
    old_digest = hashlib.sha256(open(old_file, "rb").read()).hexdigest()
    # The rename workflow (Art. 16) issues a new title and supersedes the old one; then it calls us.
    renamed = TitleFactory(enterprise=advanced_title.enterprise, tier=advanced_title.tier, year=2026,
                           enterprise_name="济南智造高端装备股份有限公司")
    advanced_title.status, advanced_title.superseded_by = TitleStatus.SUPERSEDED, renamed
    force_save(advanced_title)

    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_for_rename(advanced_title, renamed, actor=provincial_officer)

    old.refresh_from_db()
    new.refresh_from_db()
    assert new.number != old.number and new.status == "ready"
    assert new.enterprise_name == "济南智造高端装备股份有限公司"
    assert (old.validity, old.superseded_by, old.validity_changed_on) == (Validity.SUPERSEDED, new, new.issued_on)
    # Nothing deleted or overwritten: the old file is still there, byte for byte.
    assert hashlib.sha256(open(old_file, "rb").read()).hexdigest() == old_digest == old.sha256
    audit = AuditEntry.objects.get(verb="review.certificate_superseded", object_id=str(old.pk))
    assert audit.before["validity"] == "valid" and audit.after["superseded_by"] == new.number
    # Idempotent: the rename workflow may call again after a retry.
    assert reissue_for_rename(advanced_title, renamed, actor=provincial_officer) == new

    html = verify(client, old.number).content.decode()
    assert 'data-validity="superseded"' in html and new.number in html
    assert reverse("public:verify_number", args=[new.number]) in html
    assert 'data-validity="valid"' in verify(client, new.number).content.decode()


def test_reissue_needs_the_old_title_superseded_by_the_new(issue, advanced_title, provincial_officer):
    issue(advanced_title)
    other = TitleFactory(enterprise=advanced_title.enterprise, tier=advanced_title.tier)

    with pytest.raises(ActionRefused):
        reissue_for_rename(advanced_title, other, actor=provincial_officer)


def test_revoked_title_verifies_as_revoked_with_date_and_ground_not_the_note(english, client, issue, advanced_title,
                                                                           admin_user):
    certificate = issue(advanced_title)
    advanced_title.status = TitleStatus.REVOKED
    advanced_title.revoked_on = datetime.date(2026, 10, 9)
    advanced_title.revocation_ground = RevocationGround.FAILED_MONITORING
    advanced_title.revocation_note = "内部备注：整改复查记录 7 号"
    force_save(advanced_title)

    mark_revoked(advanced_title, actor=admin_user)
    mark_revoked(advanced_title, actor=admin_user)  # idempotent

    certificate.refresh_from_db()
    assert certificate.validity == Validity.REVOKED and certificate.validity_changed_on == datetime.date(2026, 10, 9)
    assert certificate.file and certificate.status == "ready"  # the record and its file stay
    audit = AuditEntry.objects.get(verb="review.certificate_revoked", object_id=str(certificate.pk))
    assert audit.actor == admin_user and audit.after["validity"] == "revoked"

    html = verify(client, certificate.number).content.decode()
    assert 'data-validity="revoked"' in html
    assert "2026-10-09" in html  # one date format per language (portal/formats)
    assert "Failed operation monitoring after rectification (Art. 15 (3))" in html
    assert "整改复查记录" not in html


def test_certificate_of_an_unrevoked_title_cannot_be_marked_revoked(issue, advanced_title, admin_user):
    issue(advanced_title)
    with pytest.raises(ActionRefused) as refused:
        mark_revoked(advanced_title, actor=admin_user)
    assert refused.value.article == "Art. 15"


def test_revoked_certificate_cannot_be_reissued(issue, advanced_title, provincial_officer):
    issue(advanced_title)
    advanced_title.status, advanced_title.revoked_on = TitleStatus.REVOKED, datetime.date(2026, 10, 9)
    advanced_title.revocation_ground = RevocationGround.MAJOR_ACCIDENT
    force_save(advanced_title)
    mark_revoked(advanced_title, actor=provincial_officer)
    renamed = TitleFactory(enterprise=advanced_title.enterprise, tier=tier(TierCode.ADVANCED))
    advanced_title.superseded_by = renamed
    advanced_title.save()

    with pytest.raises(ActionRefused):
        reissue_for_rename(advanced_title, renamed, actor=provincial_officer)


def test_unknown_number_is_404_with_the_form(english, client):
    response = verify(client, "SDZN-XJ-2026-9999")
    assert response.status_code == 404
    assert b'id="verify-not-found"' in response.content and b'name="number"' in response.content


def test_verify_form_normalises_and_redirects(client, issue, advanced_title):
    certificate = issue(advanced_title)

    response = client.get(reverse("public:verify"), {"number": f"  {certificate.number.lower()} "})

    assert response.status_code == 302
    assert response.url == reverse("public:verify_number", args=[certificate.number])


def test_verify_form_rejects_what_is_not_a_number(english, client):
    response = client.get(reverse("public:verify"), {"number": "hello"})
    assert response.status_code == 200
    assert b"This is not a certificate number." in response.content


def test_a_number_of_a_citys_basic_series_verifies_from_the_form(client, issue, enterprise):
    certificate = issue(TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=2026))
    assert certificate.number == "SDZN-JC-370100-2026-0001"

    response = client.get(reverse("public:verify"), {"number": certificate.number.lower()})

    assert response.status_code == 302
    assert response.url == reverse("public:verify_number", args=[certificate.number])
    assert 'data-validity="valid"' in verify(client, certificate.number).content.decode()
