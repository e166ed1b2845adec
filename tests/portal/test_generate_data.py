"""`manage.py generate_data` (review.scale): counts as asked, valid rows, the models' rules kept."""
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from applications.constants import CLOSED_STATUSES, Kind, Status
from applications.models import Application
from portal.accounts import credit_code as cc
from portal.accounts.constants import Role
from portal.accounts.models import Enterprise, User, city_for_division
from portal.models import AuditEntry
from review.city.quota import COUNTS_AGAINST_QUOTA
from review.models import CityRanking, ExpertAssignment, Filing, MiitOutcome, NoticeEntry, PrescreenDecision
from tiers.constants import TierCode
from tiers.models import CityQuota
from tiers.titles.constants import RenderStatus, TitleStatus, Validity
from tiers.titles.models import Certificate, CertificateCounter, Title

SIZE = {"enterprises": 60, "applications": 200, "titles": 24, "audit_rows": 4000}
SAMPLE = 15


def generate(**options):
    out = StringIO()
    call_command("generate_data", stdout=out, **{**SIZE, **options})
    return out.getvalue()


@pytest.fixture
def generated(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    # No certificate PDF here: WeasyPrint's first render costs a worker half a minute (fonts); one test renders.
    return generate(seed=7, no_render=True)


def test_counts_are_as_asked(generated):
    assert Enterprise.objects.count() == SIZE["enterprises"]
    assert User.objects.filter(role=Role.ENTERPRISE).count() == SIZE["enterprises"]
    assert not Enterprise.objects.annotate(n=Count("users")).exclude(n=1).exists()
    assert Application.objects.count() == SIZE["applications"]
    assert Title.objects.count() == SIZE["titles"]
    assert Certificate.objects.count() == SIZE["titles"]
    assert AuditEntry.objects.count() == SIZE["audit_rows"]
    assert "Total:" in generated


def test_every_status_and_tier_occurs_at_a_moderate_size(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    generate(enterprises=300, applications=3000, titles=200, audit_rows=30000, no_render=True)
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Application.objects.values_list("tier__code", flat=True)) == set(TierCode.values)
    assert Application.objects.values("round").distinct().count() == 4


def test_a_sample_of_every_model_passes_full_clean(generated):
    for model in apps.get_models():
        if model._meta.app_label not in ("accounts", "tiers", "titles", "applications", "review", "portal"):
            continue
        if model.__name__.startswith("Historical"):  # django-simple-history's, not written here
            continue
        for obj in model._default_manager.order_by("?")[:SAMPLE]:
            obj.full_clean()


def test_credit_codes_are_valid_unique_and_of_the_enterprises_city(generated):
    codes = list(Enterprise.objects.values_list("credit_code", "city_id"))
    assert len({code for code, _ in codes}) == len(codes)
    for code, city_id in codes:
        cc.validate_credit_code(code)
        assert city_for_division(cc.division_code(code)).pk == city_id


def test_certificate_numbers_are_gapless_and_match_their_counters(generated):
    sequences = {}
    for key in Certificate.objects.values_list("tier_id", "year", "series_city_id", "sequence"):
        sequences.setdefault(key[:3], []).append(key[3])
    counters = {(c.tier_id, c.year, c.city_id): c.last for c in CertificateCounter.objects.all()}
    assert set(counters) == set(sequences)
    for key, numbers in sequences.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert counters[key] == len(numbers)
    assert not Certificate.objects.exclude(validity=Validity.SUPERSEDED).values("title").annotate(
        n=Count("pk")).filter(n__gt=1).exists()


def test_ready_certificates_share_one_real_pdf(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    generate(seed=7)
    ready = Certificate.objects.filter(status=RenderStatus.READY)
    assert ready.count() >= SIZE["titles"] * 0.8
    assert ready.values("file", "sha256").distinct().count() == 1
    with ready.first().file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert not Certificate.objects.exclude(status=RenderStatus.READY).exclude(file="").exists()


def test_statuses_agree_with_their_records(generated):
    def ids(*statuses, **filters):
        return set(Application.objects.filter(status__in=statuses, **filters).values_list("pk", flat=True))

    assert ids(Status.CERTIFIED) == set(NoticeEntry.objects.filter(title__isnull=False)
                                        .values_list("application_id", flat=True))
    assert ids(Status.CITY_RECOGNIZED) == set(Filing.objects.values_list("application_id", flat=True))
    assert ids(Status.MIIT_APPROVED) == set(MiitOutcome.objects.filter(title__isnull=False)
                                            .values_list("application_id", flat=True))
    reviewed = {Status.UNDER_REVIEW, Status.APPROVED, Status.IN_NOTICE, Status.CERTIFIED}
    assert ids(*reviewed) <= set(ExpertAssignment.objects.values_list("application_id", flat=True))
    decided = ids(Status.APPROVED, Status.IN_NOTICE, Status.CERTIFIED)
    assert not ExpertAssignment.objects.filter(application_id__in=decided, submitted_at__isnull=True).exists()
    assert ids(Status.IN_NOTICE) <= set(NoticeEntry.objects.values_list("application_id", flat=True))
    past_city = set(Status) - {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.WITHDRAWN}
    assert ids(*past_city) <= set(PrescreenDecision.objects.values_list("application_id", flat=True))
    ranked = ids(*(past_city - {Status.CITY_REJECTED, Status.CITY_RECOGNIZED}), tier__code__in=[
        TierCode.ADVANCED, TierCode.EXCELLENCE, TierCode.LEADING, TierCode.SCENARIO])
    assert ranked == set(CityRanking.objects.values_list("application_id", flat=True))
    assert not Application.objects.filter(status=Status.DRAFT, current_version__gt=0).exists()
    assert not Application.objects.exclude(status=Status.DRAFT).exclude(status=Status.WITHDRAWN).filter(
        current_version=0).exists()
    for app in Application.objects.exclude(current_version=0).annotate(n=Count("versions"))[:50]:
        assert app.n == app.current_version


def test_one_open_application_per_enterprise_tier_and_round(generated):
    duplicates = (Application.objects.filter(kind=Kind.TIER).exclude(status__in=CLOSED_STATUSES)
                  .values("enterprise", "tier", "round").annotate(n=Count("pk")).filter(n__gt=1))
    assert not duplicates.exists()


def test_recommended_applications_hold_the_prerequisite_and_fit_the_quota(generated):
    recommended = Application.objects.filter(status__in=COUNTS_AGAINST_QUOTA).select_related("tier", "enterprise")
    for app in recommended:
        if app.tier.prerequisite_id:
            assert Title.objects.filter(enterprise=app.enterprise, tier_id=app.tier.prerequisite_id).exists(), app
    for quota in CityQuota.objects.select_related("plan"):
        used = recommended.filter(round_id=quota.plan.round_id, tier_id=quota.plan.tier_id,
                                  enterprise__city_id=quota.city_id).count()
        assert used <= quota.final


def test_no_enterprise_applies_for_a_tier_it_already_held(generated):
    for title in Title.objects.exclude(tier__code=TierCode.SCENARIO).filter(status=TitleStatus.ACTIVE):
        later = Application.objects.filter(enterprise_id=title.enterprise_id, tier_id=title.tier_id,
                                           created_at__gt=title.created_at)
        assert not later.exists(), title


def test_audit_rows_point_at_real_rows_with_the_services_verbs(generated):
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"applications.submitted", "review.city_passed", "titles.title_granted",
            "review.certificate_requested"} <= verbs
    by_type = {}
    for ct_id, object_id in AuditEntry.objects.values_list("content_type_id", "object_id"):
        by_type.setdefault(ct_id, set()).add(int(object_id))
    for ct_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        assert object_ids <= set(model._default_manager.values_list("pk", flat=True)), model
    transitions = AuditEntry.objects.filter(verb="review.city_passed")
    assert transitions.filter(before__status="submitted", after__status="city_passed").count() == transitions.count()


def test_demo_accounts_are_left_alone_and_a_second_run_is_refused(generated):
    with pytest.raises(CommandError, match="--append"):
        generate()
    assert Enterprise.objects.count() == SIZE["enterprises"]


def test_append_adds_beside_existing_data(generated):
    generate(append=True, seed=8, no_render=True)
    assert Enterprise.objects.count() == 2 * SIZE["enterprises"]
    assert Application.objects.count() == 2 * SIZE["applications"]
    sequences = Counter(Certificate.objects.values_list("tier_id", "year", "series_city_id", "sequence"))
    assert max(sequences.values()) == 1
    counters = {(c.tier_id, c.year, c.city_id): c.last for c in CertificateCounter.objects.all()}
    for (tier_id, year, city_id), last in counters.items():
        assert Certificate.objects.filter(tier_id=tier_id, year=year, series_city_id=city_id).count() == last


def test_the_same_seed_gives_the_same_data(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"

    def fingerprint():
        return (sorted(Enterprise.objects.values_list("credit_code", "name")),
                sorted(Application.objects.values_list("enterprise__credit_code", "tier__code", "status")),
                sorted(Certificate.objects.values_list("number", "credit_code")))

    class Rollback(Exception):
        pass

    prints = []
    for _ in range(2):
        with pytest.raises(Rollback), transaction.atomic():
            generate(seed=11, no_render=True)
            prints.append(fingerprint())
            raise Rollback
    assert prints[0] == prints[1]
    assert not Enterprise.objects.filter(~Q(credit_code="")).exists()


def test_each_application_keeps_its_latest_submission_time(generated):
    from django.db.models import Max

    from applications.models import Application

    latest = dict(Application.objects.filter(current_version__gt=0).annotate(m=Max("versions__submitted_at"))
                  .values_list("pk", "m"))
    kept = dict(Application.objects.filter(current_version__gt=0).values_list("pk", "submitted_at"))
    assert latest and kept == latest
    assert not Application.objects.filter(current_version=0, submitted_at__isnull=False).exists()
