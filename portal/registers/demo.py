"""Demo reference lists: 济南's above-size list (with the demo enterprises of 济南 on it) and a small
dishonest-entity list naming no demo enterprise, imported by the demo provincial officer through the
import service as CSV files. Idempotent: a list that has a version is left as it is."""
import csv
import datetime
import io

from django.utils import timezone

from portal.accounts import credit_code as cc
from portal.accounts.models import City, Enterprise, User

from .constants import ListKind
from .models import ListVersion
from .services import import_list


def _code(division, organisation):
    first17 = f"91{division}{organisation}"
    return first17 + cc.check_character(first17)


OTHER_ABOVE_SIZE = [(_code("370102", "MA3D1E2F3"), "济南历下精密机械有限公司"),
                    (_code("370112", "MA3H4J5K6"), "济南历城数控设备有限公司")]
# 济南's list holds as many enterprises as the demo's quota plans type for 济南 (``tiers.demo.CITY_FIGURES``), so
# the plans' figures agree with the list they are counted from (Art. 12): illustrative entries fill it up.
JINAN_ABOVE_SIZE = 3100


def _filler(count):
    return [(_code("370102", f"MA{n:07d}"), f"济南示例规上工业企业{n:04d}") for n in range(1, count + 1)]


DISHONEST = [(_code("370283", "MA3L6M7N8"), "青岛某某贸易有限公司", "2024-06-18", "青岛市市场监督管理局", "拒不履行法定义务"),
             (_code("110105", "MA3P9Q0R1"), "北京某某科技有限公司", "2023-11-02", "北京市朝阳区人民法院", "失信被执行人")]


def _csv(header, rows):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def run(stdout):
    officer = User.objects.filter(username="province").first()
    if officer is None:
        stdout.write("(no provincial officer: demo lists skipped)")
        return
    jinan = City.objects.get(code="370100")
    year = timezone.localdate().year
    today = timezone.localdate()
    if not ListVersion.objects.filter(kind=ListKind.ABOVE_SIZE, city=jinan).exists():
        rows = [(e.credit_code, e.name) for e in Enterprise.objects.filter(city=jinan).order_by("pk")] + OTHER_ABOVE_SIZE
        rows += _filler(JINAN_ABOVE_SIZE - len(rows))
        import_list(kind=ListKind.ABOVE_SIZE, content=_csv(["统一社会信用代码", "企业名称"], rows),
                    filename=f"济南市{year}年规模以上工业企业名录.csv", source="济南市统计局", as_of=today,
                    city=jinan, year=year, actor=officer)
    if not ListVersion.objects.filter(kind=ListKind.DISHONEST).exists():
        import_list(kind=ListKind.DISHONEST,
                    content=_csv(["统一社会信用代码", "主体名称", "列入日期", "列入机关", "列入原因"], DISHONEST),
                    filename="严重失信主体名单.csv", source="信用中国（www.creditchina.gov.cn）",
                    as_of=today - datetime.timedelta(days=1), actor=officer)
    stdout.write("Reference lists: 济南 above-size list and the dishonest-entity list imported.")
