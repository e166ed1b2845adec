"""Importing a reference list: every malformed row reported by its line, nothing half-imported, each import
a new version with its source, date and importer, one audit row."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.errors import ActionRefused
from portal.models import AuditEntry
from portal.registers import services
from portal.registers.constants import ListKind
from portal.registers.models import ListEntry, ListVersion
from portal.registers.selectors import above_size_count, dishonest_listing, latest_version
from portal.uploads import UploadRefused, check_table_upload
from tests.factories import make_credit_code

from .factories import DISHONEST_HEADER, csv_bytes, import_above_size, import_dishonest, xlsx_bytes

pytestmark = pytest.mark.django_db

A, B, C = (make_credit_code("370102", n) for n in (501, 502, 503))
BAD_CHECK = A[:17] + ("0" if A[17] != "0" else "1")
TODAY = datetime.date.today()


def _import(actor, content, *, kind=ListKind.ABOVE_SIZE, filename="list.csv", city=None, year=2025, as_of=None):
    return services.import_list(kind=kind, content=content, filename=filename, source="市统计局",
                                as_of=as_of or TODAY, city=city, year=year, actor=actor)


MALFORMED = [
    (A, "济南一号工业有限公司"),
    ("", "没有代码的企业"),             # line 3: missing code
    (BAD_CHECK, "校验码错误的企业"),      # line 4: check character
    (B, ""),                            # line 5: missing name
    (A, "重复的企业"),                   # line 6: duplicate of line 2
    (C, "济南三号工业有限公司"),
]


@pytest.mark.parametrize("build, filename", [(csv_bytes, "list.csv"), (xlsx_bytes, "list.xlsx")], ids=["csv", "xlsx"])
def test_malformed_rows_are_reported_line_by_line_and_nothing_is_imported(build, filename, provincial_officer, jinan):
    with pytest.raises(services.ListRejected) as refused:
        _import(provincial_officer, build(MALFORMED), filename=filename, city=jinan)
    lines = sorted(e.line for e in refused.value.errors)
    assert lines == [3, 4, 5, 6]
    messages = {e.line: str(e.message) for e in refused.value.errors}
    assert "缺少统一社会信用代码" in messages[3]
    assert "校验" in messages[4]
    assert "缺少名称" in messages[5]
    assert "第2行" in messages[6]
    assert ListVersion.objects.count() == 0 and ListEntry.objects.count() == 0
    assert not AuditEntry.objects.filter(verb="registers.list_imported").exists()


def test_bad_dates_and_a_missing_header_are_reported(provincial_officer):
    rows = [(A, "甲", "2024-13-01", "某局", ""), (B, "乙", "2999-01-01", "某局", ""), (C, "丙", "2024年3月5日", "", "")]
    with pytest.raises(services.ListRejected) as refused:
        _import(provincial_officer, csv_bytes(rows, DISHONEST_HEADER), kind=ListKind.DISHONEST)
    messages = {e.line: str(e.message) for e in refused.value.errors}
    assert "不是日期" in messages[2] and "晚于" in messages[3] and "列入机关" in messages[4]
    with pytest.raises(services.ListRejected) as refused:
        _import(provincial_officer, csv_bytes([(A, "甲")], ["代码", "企业名称"]), city=None, kind=ListKind.DISHONEST)
    assert refused.value.errors[0].line == 1 and "统一社会信用代码" in str(refused.value.errors[0].message)


def test_a_good_xlsx_list_is_imported_with_its_source_date_and_importer(provincial_officer, jinan):
    version = _import(provincial_officer, xlsx_bytes([(A, "甲"), (B.lower(), " 乙 ")]), filename="名录.xlsx",
                      city=jinan, year=2024, as_of=datetime.date(2025, 2, 1))
    assert (version.kind, version.city, version.year, version.number, version.row_count) == (
        ListKind.ABOVE_SIZE, jinan, 2024, 1, 2)
    assert version.source == "市统计局" and version.as_of == datetime.date(2025, 2, 1)
    assert version.imported_by == provincial_officer and version.original_name == "名录.xlsx"
    assert list(version.entries.values_list("line", "credit_code", "name")) == [(2, A, "甲"), (3, B, "乙")]
    entry = AuditEntry.objects.get(verb="registers.list_imported")
    assert entry.actor == provincial_officer and entry.object_id == str(version.pk)
    assert entry.after["rows"] == 2 and entry.after["version"] == 1 and entry.after["city"] == "370100"


def test_a_gb18030_csv_from_chinese_excel_is_read(provincial_officer, jinan):
    version = _import(provincial_officer, csv_bytes([(A, "济南甲企业")], encoding="gb18030"), city=jinan)
    assert version.entries.get().name == "济南甲企业"


def test_each_import_is_a_new_version_and_the_latest_is_the_one_checked(provincial_officer, jinan):
    first = import_above_size(provincial_officer, jinan, 2025, [(A, "甲"), (B, "乙")])
    second = import_above_size(provincial_officer, jinan, 2025, [(A, "甲"), (B, "乙"), (C, "丙")])
    assert (first.number, second.number) == (1, 2)
    assert latest_version(ListKind.ABOVE_SIZE, city=jinan, year=2025) == second
    assert above_size_count(jinan, 2025) == 3 and above_size_count(jinan, 2024) is None
    assert first.entries.count() == 2  # the older version stays readable, unchanged
    assert AuditEntry.objects.filter(verb="registers.list_imported").count() == 2

    import_dishonest(provincial_officer, [(A, "甲", datetime.date(2024, 5, 1), "某市市场监管局", "虚假申报")])
    assert dishonest_listing(A) is not None
    import_dishonest(provincial_officer, [(B, "乙", datetime.date(2024, 5, 1), "某市市场监管局", "")])
    assert dishonest_listing(A) is None and dishonest_listing(B).version.number == 2


def test_the_dishonest_list_takes_codes_registered_outside_shandong(provincial_officer):
    beijing = make_credit_code("110105", 7)
    version = import_dishonest(provincial_officer, [(beijing, "北京某公司", datetime.date(2024, 1, 2), "北京市某局", "")])
    assert version.row_count == 1


def test_the_above_size_list_takes_only_shandong_codes(provincial_officer, jinan):
    with pytest.raises(services.ListRejected) as refused:
        import_above_size(provincial_officer, jinan, 2025, [(make_credit_code("110105", 7), "北京某公司")])
    assert refused.value.errors[0].line == 2


def test_a_file_that_is_not_a_table_is_refused_by_the_upload_checks(provincial_officer, jinan):
    with pytest.raises(UploadRefused) as refused:
        _import(provincial_officer, b"%PDF-1.7\n...", filename="list.csv", city=jinan)
    assert refused.value.code == "not-a-table"


def test_a_workbook_with_macros_is_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(UploadRefused) as refused:
        check_table_upload(SimpleUploadedFile("list.xlsx", out.getvalue()))
    assert refused.value.code == "table-macros"


def test_an_above_size_list_needs_its_city_and_year(provincial_officer, jinan):
    with pytest.raises(ActionRefused):
        _import(provincial_officer, csv_bytes([(A, "甲")]), city=None)
    with pytest.raises(ActionRefused):
        _import(provincial_officer, csv_bytes([(A, "甲")]), city=jinan, year=None)
