"""``grant_title`` is the only code that creates a title: every path that grants one (city recognition,
certification after the notice, MIIT's outcome, a rename, the demo) goes through it, so a title's
history starts with its grant, and the year it carries is decided in one place."""
import datetime
import inspect
import pathlib

import pytest
from django.utils import timezone

from applications.constants import Status
from applications.workflow import perform
from portal.audit import audit_trail
from portal.errors import ActionRefused
from review.city import services as city_services
from tests.applications.factories import tier
from tests.review.city.helpers import passed
from tests.review.province.helpers import accepted, in_notice, move_notice
from tests.tiers.test_renames import licence
from tiers.titles import renames
from tiers.titles.constants import RenameKind, TitleStatus
from tiers.titles.grants import grant_title, title_year
from tiers.titles.models import Title

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]


def assert_history_starts_with_grant(title, actor):
    rows = list(audit_trail(title))
    assert rows, "a title without any history"
    first = rows[0]
    assert first.verb == "titles.title_granted" and first.actor == actor
    assert first.after["tier"] == title.tier.code and first.after["year"] == title.year
    assert first.after["enterprise_name"] == title.enterprise_name
    # ... and its certificate was asked for in the same grant.
    assert title.certificates.exists()


def test_city_recognition_grants_the_basic_title_first_in_its_history(enterprise_user, jinan_official):
    app = passed(enterprise_user, jinan_official, tier_code="basic")
    city_services.recognize(app, actor=jinan_official, document="济工信字〔2026〕1号")
    title = Title.objects.get(enterprise=enterprise_user.enterprise, tier__code="basic")
    assert_history_starts_with_grant(title, jinan_official)
    assert title.year == app.round.year and title.source == "济工信字〔2026〕1号"


def test_certification_after_the_notice_grants_the_title_first_in_its_history(
        enterprise_user, provincial_officer, experts, rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    move_notice(app, starts_ago=9, ends_ago=1)
    perform(app, "certify", actor=provincial_officer)
    title = Title.objects.get(enterprise=enterprise_user.enterprise, tier__code="advanced")
    assert_history_starts_with_grant(title, provincial_officer)
    assert title.year == app.round.year and title.recognized_on == timezone.localdate()


def test_miit_outcome_grants_the_title_first_in_its_history(enterprise_user, provincial_officer, rubric):
    app = perform(accepted(enterprise_user, provincial_officer, tier_code="excellence"), "recommend_to_miit",
                  actor=provincial_officer)
    document = {"document_number": "工信厅联通装函〔2026〕188号", "document_date": datetime.date(2026, 9, 30)}
    perform(app, "record_miit_approval", actor=provincial_officer, data=document)
    title = Title.objects.get(enterprise=enterprise_user.enterprise, tier__code="excellence")
    assert_history_starts_with_grant(title, provincial_officer)
    assert title.year == app.round.year and title.recognized_on == document["document_date"]
    assert title.certificates.get().miit_document == document["document_number"]


def test_rename_grants_the_successor_first_in_its_history_and_keeps_the_year(
        enterprise_user, jinan_official, provincial_officer):
    old = grant_title(enterprise=enterprise_user.enterprise, tier=tier("basic"), recognized_on=datetime.date(2024, 8, 1),
                      source="纸质档案", actor=provincial_officer)
    request, = renames.submit_rename_request(
        enterprise=enterprise_user.enterprise, kind=RenameKind.RENAME, new_name="济南智造高端装备股份有限公司",
        reason="名称变更", evidence=licence(), titles=[old], actor=enterprise_user)
    renames.city_approve(request, actor=jinan_official)
    old.refresh_from_db()
    new = old.superseded_by
    assert old.status == TitleStatus.SUPERSEDED and new.status == TitleStatus.ACTIVE
    assert_history_starts_with_grant(new, jinan_official)
    assert new.year == old.year == 2024 and new.enterprise_name == "济南智造高端装备股份有限公司"
    assert list(audit_trail(new))[0].after["predecessor"] == old.pk


def test_demo_titles_are_granted_like_any_other(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path
    call_command("demo_data", stdout=StringIO())
    titles = list(Title.objects.select_related("tier"))
    assert titles
    for title in titles:
        assert list(audit_trail(title))[0].verb == "titles.title_granted", title
    # A revoked demo certificate was issued before it was revoked.
    for title in Title.objects.filter(status=TitleStatus.REVOKED):
        certificate = title.certificates.get()
        assert certificate.issued_on <= title.revoked_on == certificate.validity_changed_on


def test_the_year_of_a_title():
    class Round:
        year = 2025

    predecessor = Title(year=2023)
    on = datetime.date(2026, 3, 1)
    assert title_year(round=Round(), recognized_on=on) == 2025  # the round it was applied for in
    assert title_year(predecessor=predecessor, round=Round(), recognized_on=on) == 2023  # a rename keeps it
    assert title_year(recognized_on=on) == 2026  # outside any round: the year of recognition


def test_no_code_but_grant_title_creates_a_title():
    """Static check: nothing in the portal's packages creates a Title but ``grants.grant_title``."""
    offenders = []
    for package in ("portal", "applications", "review", "tiers"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "grants.py":
                continue
            text = path.read_text(encoding="utf-8")
            for needle in ("Title.objects.create(", "Title.objects.bulk_create(", "Title.objects.get_or_create("):
                if needle in text:
                    offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []
    assert "def grant_title" in inspect.getsource(grant_title)


def test_a_recognized_application_is_not_recognized_again(enterprise_user, jinan_official):
    app = passed(enterprise_user, jinan_official, tier_code="basic")
    city_services.recognize(app, actor=jinan_official)
    with pytest.raises(ActionRefused):
        city_services.recognize(app, actor=jinan_official)
    app.refresh_from_db()
    assert app.status == Status.CITY_RECOGNIZED
    assert Title.objects.filter(enterprise=enterprise_user.enterprise).count() == 1
