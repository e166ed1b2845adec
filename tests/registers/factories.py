"""Reference-list files and imports for tests: ``csv_bytes``/``xlsx_bytes`` build files, ``import_above_size``
and ``import_dishonest`` import them through the service, as an official would."""
import datetime
import io

from portal.registers import services
from portal.registers.constants import ListKind

ABOVE_SIZE_HEADER = ["统一社会信用代码", "企业名称"]
DISHONEST_HEADER = ["统一社会信用代码", "主体名称", "列入日期", "列入机关", "列入原因"]


def csv_bytes(rows, header=ABOVE_SIZE_HEADER, encoding="utf-8-sig"):
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows, header=ABOVE_SIZE_HEADER):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def import_above_size(actor, city, year, codes_and_names, *, as_of=None, source="市统计局"):
    return services.import_list(kind=ListKind.ABOVE_SIZE, content=csv_bytes(codes_and_names), filename="规上名录.csv",
                                source=source, as_of=as_of or datetime.date.today(), city=city, year=year,
                                actor=actor)


def import_dishonest(actor, rows, *, as_of=None):
    """``rows``: (credit code, name, listed on (a date), authority, reason)."""
    data = [(code, name, listed_on.isoformat(), authority, reason) for code, name, listed_on, authority, reason in rows]
    return services.import_list(kind=ListKind.DISHONEST, content=csv_bytes(data, DISHONEST_HEADER),
                                filename="失信名单.csv", source="信用中国", as_of=as_of or datetime.date.today(),
                                actor=actor)
