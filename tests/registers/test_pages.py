"""The reference lists' pages: who may import and read which list, the import form re-rendered with every
problem by its line and nothing typed lost, filtering, paging, export, all in Chinese."""
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.errors import ActionRefused
from portal.registers import services
from portal.registers.constants import ListKind
from portal.registers.models import ListVersion
from tests.factories import UserFactory, body, make_credit_code

from .factories import csv_bytes, import_above_size, import_dishonest

pytestmark = pytest.mark.django_db

URL = "/lists/"
A, B = make_credit_code("370102", 601), make_credit_code("370102", 602)


def _post(client, **fields):
    data = {"kind": ListKind.ABOVE_SIZE, "city": "", "year": "2026", "source": "济南市统计局", "as_of": "2026-11-30",
            **fields}
    data.setdefault("file", SimpleUploadedFile("名录.csv", csv_bytes([(A, "甲企业"), (B, "乙企业")])))
    return client.post(URL + "import/", data)


def test_a_city_official_imports_its_own_citys_above_size_list(client_for, jinan_official, jinan):
    response = _post(client_for(jinan_official), city=str(jinan.pk))
    version = ListVersion.objects.get()
    assert response.status_code == 302 and response.url == f"/lists/{version.pk}/"
    assert (version.city, version.year, version.imported_by, version.row_count) == (jinan, 2026, jinan_official, 2)


def test_a_city_official_cannot_import_another_citys_list(client_for, qingdao_official, jinan):
    response = _post(client_for(qingdao_official), city=str(jinan.pk))
    assert response.status_code == 200 and not ListVersion.objects.exists()  # 济南 is not among its choices
    with pytest.raises(ActionRefused):
        import_above_size(qingdao_official, jinan, 2026, [(A, "甲企业")])
    with pytest.raises(ActionRefused):
        import_dishonest(qingdao_official, [(A, "甲企业", datetime.date(2026, 1, 1), "某局", "")])
    assert not ListVersion.objects.exists()


def test_a_city_official_reads_its_own_list_and_the_dishonest_list_but_not_another_citys(
        client_for, jinan_official, qingdao_official, provincial_officer, jinan, qingdao):
    jinan_list = import_above_size(jinan_official, jinan, 2026, [(A, "甲企业")])
    qingdao_list = import_above_size(qingdao_official, qingdao, 2026, [(make_credit_code("370202", 3), "青岛企业")])
    dishonest = import_dishonest(provincial_officer, [(B, "乙企业", datetime.date(2026, 1, 1), "某局", "")])
    client = client_for(qingdao_official)
    assert client.get(f"{URL}{jinan_list.pk}/").status_code == 404
    assert client.get(f"{URL}{jinan_list.pk}/file/").status_code == 404
    assert client.get(f"{URL}{qingdao_list.pk}/").status_code == 200
    assert client.get(f"{URL}{dishonest.pk}/").status_code == 200
    listed = client.get(URL).content.decode()
    assert f'data-version="{qingdao_list.pk}"' in listed and f'data-version="{jinan_list.pk}"' not in listed


def test_an_enterprise_and_an_expert_see_no_list(client_for, enterprise_user, expert, jinan_official, jinan):
    version = import_above_size(jinan_official, jinan, 2026, [(A, "甲企业")])
    for user in (enterprise_user, expert):
        client = client_for(user)
        assert client.get(URL).status_code == 403
        assert client.get(f"{URL}{version.pk}/").status_code == 403
        assert client.get(f"{URL}import/").status_code == 403
        assert _post(client, city=str(jinan.pk)).status_code == 403
    assert ListVersion.objects.count() == 1


def test_malformed_rows_come_back_line_by_line_on_the_form_with_everything_typed(client_for, provincial_officer,
                                                                                 jinan):
    rows = [(A, "甲企业"), ("91370102MA3XXXXXX", "乙企业"), (A, "")]
    response = _post(client_for(provincial_officer), city=str(jinan.pk), source="济南市统计局2026年名录",
                     file=SimpleUploadedFile("名录.csv", csv_bytes(rows)))
    assert response.status_code == 200 and not ListVersion.objects.exists()
    html = response.content.decode()
    lines = re.findall(r'<tr data-line="(\d+)">', html)
    assert lines == ["3", "4", "4"]
    assert "统一社会信用代码“91370102MA3XXXXXX”无效" in html and "缺少名称" in html and "与第2行重复" in html
    assert 'value="济南市统计局2026年名录"' in html and 'value="2026-11-30"' in html
    assert "名单未导入" in html


def test_the_pages_render_in_chinese_with_nothing_left_in_english(client_for, provincial_officer, jinan):
    version = import_above_size(provincial_officer, jinan, 2026, [(A, "甲企业"), (B, "乙企业")])
    dishonest = import_dishonest(provincial_officer, [(B, "乙企业", datetime.date(2026, 1, 1), "某局", "失信")])
    client = client_for(provincial_officer)
    english = re.compile(r">\s*[A-Z][a-z]+(?: [a-z]+)+\s*<")  # an English phrase as a text node
    for url in (URL, f"{URL}{version.pk}/", f"{URL}{dishonest.pk}/", f"{URL}import/"):
        html = client.get(url).content.decode()
        assert "参考名单" in html, url
        assert english.findall(html) == [], (url, english.findall(html))
    assert "规模以上工业企业名录" in client.get(f"{URL}{version.pk}/").content.decode()
    assert "列入机关" in client.get(f"{URL}{dishonest.pk}/").content.decode()


def test_rows_filter_page_and_export_and_older_versions_stay_readable(client_for, provincial_officer, jinan):
    rows = [(make_credit_code("370102", 700 + n), f"济南企业{n:03d}") for n in range(60)]
    first = import_above_size(provincial_officer, jinan, 2026, rows)
    second = import_above_size(provincial_officer, jinan, 2026, rows[:3])
    client = client_for(provincial_officer)
    html = client.get(f"{URL}{first.pk}/").content.decode()
    assert html.count("<code>91") == 50 and "第2版" in html  # a page of 50; the older version says which counts
    assert client.get(f"{URL}{first.pk}/?page=2").content.decode().count("<code>91") == 10
    assert client.get(f"{URL}{first.pk}/?q=企业007").content.decode().count("<code>91") == 1
    export = client.get(f"{URL}{first.pk}/?q=企业00&export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(body(export))).active
    assert sheet.max_row == 11  # the header and the ten names matching
    latest_only = client.get(URL + "?latest=on").content.decode()
    assert f'data-version="{second.pk}"' in latest_only and f'data-version="{first.pk}"' not in latest_only
    assert client.get(f"{URL}{first.pk}/file/").status_code == 200


def test_the_service_refuses_an_importer_without_the_right(enterprise_user, jinan):
    with pytest.raises(ActionRefused):
        services.import_list(kind=ListKind.ABOVE_SIZE, content=csv_bytes([(A, "甲")]), filename="x.csv", source="s",
                             as_of=datetime.date(2026, 1, 1), city=jinan, year=2026, actor=enterprise_user)
    admin = UserFactory(admin=True)
    assert services.import_list(kind=ListKind.DISHONEST, content=csv_bytes(
        [(A, "甲", "2026-01-01", "某局", "")], ["统一社会信用代码", "名称", "列入日期", "列入机关", "列入原因"]),
        filename="x.csv", source="信用中国", as_of=datetime.date(2026, 1, 1), actor=admin).number == 1
