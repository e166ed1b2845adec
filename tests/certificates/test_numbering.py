"""Certificate numbers are unique and gapless per tier and year (the title's year, its 年度), basic titles in
their city's own series, also when many titles are certified at once."""
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from portal.models import AuditEntry
from tests.factories import EnterpriseFactory, city, make_credit_code
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles.certificates import format_number, request_certificate
from tiers.titles.models import Certificate, CertificateCounter

YEAR = timezone.localdate().year


def test_number_format():
    assert format_number("advanced", 2026, 1) == "SDZN-XJ-2026-0001"
    assert format_number("basic", 2027, 12) == "SDZN-JC-2027-0012"
    assert format_number("leading", 2026, 10000) == "SDZN-LH-2026-10000"
    assert format_number("basic", 2026, 7, city_code="370200") == "SDZN-JC-370200-2026-0007"


@pytest.mark.django_db
def test_numbers_count_up_per_tier_and_year_without_gaps(enterprise, provincial_officer, monkeypatch):
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)
    advanced, basic = tier(TierCode.ADVANCED), tier(TierCode.BASIC)
    numbers = [
        request_certificate(TitleFactory(enterprise=enterprise, tier=t, year=YEAR), actor=provincial_officer).number
        for t in (advanced, basic, advanced, advanced, basic)
    ]
    assert numbers == [
        f"SDZN-XJ-{YEAR}-0001", f"SDZN-JC-370100-{YEAR}-0001", f"SDZN-XJ-{YEAR}-0002", f"SDZN-XJ-{YEAR}-0003",
        f"SDZN-JC-370100-{YEAR}-0002",
    ]
    assert CertificateCounter.objects.get(tier=advanced, year=YEAR, city=None).last == 3


@pytest.mark.django_db
def test_the_number_carries_the_titles_year_not_the_year_it_is_issued(enterprise, provincial_officer, monkeypatch):
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)
    title = TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=YEAR - 1)  # last year's round

    certificate = request_certificate(title, actor=provincial_officer)

    assert certificate.number == f"SDZN-XJ-{YEAR - 1}-0001"
    assert certificate.year == title.year == YEAR - 1 and certificate.issued_on.year == YEAR


@pytest.mark.django_db
def test_basic_titles_are_numbered_in_their_citys_own_series(provincial_officer, monkeypatch):
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)
    jinan = [EnterpriseFactory(credit_code=make_credit_code("370102", 6000 + i)) for i in range(2)]
    qingdao = EnterpriseFactory(credit_code=make_credit_code("370202", 6100), city=city("370200"))

    numbers = [request_certificate(TitleFactory(enterprise=e, tier=tier(TierCode.BASIC), year=YEAR),
                                   actor=provincial_officer).number for e in (jinan[0], qingdao, jinan[1])]

    assert numbers == [f"SDZN-JC-370100-{YEAR}-0001", f"SDZN-JC-370200-{YEAR}-0001", f"SDZN-JC-370100-{YEAR}-0002"]
    assert CertificateCounter.objects.get(tier__code=TierCode.BASIC, year=YEAR, city__code="370200").last == 1
    assert not CertificateCounter.objects.filter(tier__code=TierCode.BASIC, city=None).exists()


@pytest.mark.django_db
def test_numbers_already_issued_are_kept_and_the_new_series_does_not_collide(enterprise, provincial_officer,
                                                                            monkeypatch):
    """A certificate is a legal record: numbers issued before (year of issue, one basic series for the
    province) stay as they are, and the counters go on from them."""
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)
    advanced = tier(TierCode.ADVANCED)
    old_title = TitleFactory(enterprise=enterprise, tier=advanced, year=YEAR - 1)
    old = Certificate.objects.create(
        title=old_title, tier=advanced, year=YEAR, sequence=1, number=f"SDZN-XJ-{YEAR}-0001",
        enterprise_name=old_title.enterprise_name, credit_code=enterprise.credit_code, issuing_authority="省厅",
        issued_on=timezone.localdate())
    CertificateCounter.objects.create(tier=advanced, year=YEAR, last=1)

    other = EnterpriseFactory(credit_code=make_credit_code("370102", 6200))
    new = request_certificate(TitleFactory(enterprise=other, tier=advanced, year=YEAR), actor=provincial_officer)

    assert new.number == f"SDZN-XJ-{YEAR}-0002"
    old.refresh_from_db()
    assert old.number == f"SDZN-XJ-{YEAR}-0001"


@pytest.mark.django_db
def test_rolled_back_certification_gives_its_number_back(enterprise, provincial_officer, monkeypatch):
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)

    class CertifyFailed(Exception):
        pass

    with pytest.raises(CertifyFailed), transaction.atomic():
        title = TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=YEAR)
        request_certificate(title, actor=provincial_officer)
        raise CertifyFailed  # e.g. the rest of the certify step failed: the title and number go together

    title = TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=YEAR)
    assert request_certificate(title, actor=provincial_officer).number == f"SDZN-XJ-{YEAR}-0001"


@pytest.mark.django_db
def test_request_is_idempotent_and_audited_once(issue, advanced_title, provincial_officer):
    first = issue(advanced_title)
    again = request_certificate(advanced_title, actor=provincial_officer)

    assert again.pk == first.pk
    assert Certificate.objects.filter(title=advanced_title).count() == 1
    rows = AuditEntry.objects.filter(verb="review.certificate_requested", object_id=str(first.pk))
    assert rows.count() == 1
    assert rows.get().actor == provincial_officer and rows.get().after["number"] == first.number


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks (PostgreSQL)")


def run_in_threads(count, work):
    """Run ``work(i)`` in ``count`` threads started together, each with its own connection."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # collected and re-raised in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_certification_gives_unique_gapless_numbers(provincial_officer, monkeypatch):
    # Rendering is beside the point here (and has its own tests): only the numbering runs concurrently.
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)
    count = 16
    titles = [
        TitleFactory(enterprise=EnterpriseFactory(credit_code=make_credit_code("370102", 5000 + i)),
                     tier=tier(TierCode.ADVANCED), year=YEAR)
        for i in range(count)
    ]

    def certify(i):
        # Each thread certifies in its own transaction, as the provincial certify step will.
        with transaction.atomic():
            return request_certificate(titles[i], actor=provincial_officer).number

    numbers = run_in_threads(count, certify)

    assert sorted(numbers) == [f"SDZN-XJ-{YEAR}-{n:04d}" for n in range(1, count + 1)]
    assert CertificateCounter.objects.get(tier__code=TierCode.ADVANCED, year=YEAR).last == count


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_basic_certification_keeps_each_citys_series_gapless(provincial_officer, monkeypatch):
    """Two cities' basic titles certified at once, the first of each series among them, and one certification
    rolled back: each city's numbers run 1..n with no gap and no repeat."""
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)
    count = 16
    qingdao = city("370200")
    titles = [
        TitleFactory(enterprise=EnterpriseFactory(credit_code=make_credit_code("370102" if i % 2 else "370202",
                                                                                7000 + i),
                                                  **({} if i % 2 else {"city": qingdao})),
                     tier=tier(TierCode.BASIC), year=YEAR)
        for i in range(count)
    ]

    class Failed(Exception):
        pass

    def certify(i):
        try:
            with transaction.atomic():
                number = request_certificate(titles[i], actor=provincial_officer).number
                if i == 0:
                    raise Failed  # its number goes back to the series
                return number
        except Failed:
            return None

    numbers = [n for n in run_in_threads(count, certify) if n]

    half = count // 2
    assert sorted(n for n in numbers if "-370100-" in n) == [f"SDZN-JC-370100-{YEAR}-{n:04d}"
                                                            for n in range(1, half + 1)]
    assert sorted(n for n in numbers if "-370200-" in n) == [f"SDZN-JC-370200-{YEAR}-{n:04d}" for n in range(1, half)]
    assert CertificateCounter.objects.get(tier__code=TierCode.BASIC, year=YEAR, city__code="370200").last == half - 1


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_for_one_title_give_one_certificate(advanced_title, provincial_officer, monkeypatch):
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)

    numbers = run_in_threads(8, lambda i: request_certificate(advanced_title, actor=provincial_officer).number)

    assert len(set(numbers)) == 1
    assert Certificate.objects.filter(title=advanced_title).count() == 1
    assert CertificateCounter.objects.get(tier__code=TierCode.ADVANCED, year=YEAR).last == 1
