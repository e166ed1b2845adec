"""Exports stream: the rows are written a chunk at a time (the register's CSV and JSON, every list's
CSV), and Excel files are built on disk and streamed from there, so a larger list costs the worker no
more memory. The tests consume each response chunk by chunk."""
import csv
import io
import json

import pytest
from openpyxl import load_workbook

from portal.exports import csv_response, json_response, xlsx_response
from tests.factories import EnterpriseFactory, make_credit_code
from tests.tiers.factories import TitleFactory, tier

pytestmark = pytest.mark.django_db


def rows(n):
    for i in range(n):
        yield (f"企业{i}", i, None)


def counted(items, seen):
    for item in items:
        seen.append(1)
        yield item


def test_csv_streams_in_bounded_chunks_reading_rows_as_it_goes(settings, monkeypatch):
    monkeypatch.setattr("portal.exports.STREAM_CHUNK", 2000)
    seen = []
    response = csv_response(filename="x", headers=["名称", "n", "空"], rows=counted(rows(1000), seen))
    assert response.streaming
    stream = iter(response.streaming_content)
    first = next(stream)
    assert 0 < len(seen) < 1000  # the first chunk went out before the last row was read
    chunks = [first, *stream]
    assert len(chunks) > 5 and max(len(c) for c in chunks) < 2000 * 3 + 100  # bounded (UTF-8: 3 bytes a character)
    text = b"".join(chunks).decode("utf-8")
    assert text.startswith("\ufeff") and list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1000] == [
        "企业999", "999", ""]


def test_json_streams_in_bounded_chunks_and_parses(monkeypatch):
    monkeypatch.setattr("portal.exports.STREAM_CHUNK", 1000)
    seen = []
    response = json_response(filename="x", rows=counted(({"n": i, "名称": f"企业{i}"} for i in range(500)), seen))
    assert response.streaming
    stream = iter(response.streaming_content)
    first = next(stream)
    assert 0 < len(seen) < 500
    chunks = [first, *stream]
    assert len(chunks) > 5 and max(len(c) for c in chunks) < 1000 * 3 + 100
    data = json.loads(b"".join(chunks))
    assert data["count"] == 500 and data["results"][499] == {"n": 499, "名称": "企业499"}


def test_an_empty_json_export_is_valid():
    assert json.loads(b"".join(json_response(filename="x", rows=iter(())).streaming_content)) == {
        "results": [], "count": 0}


def test_excel_is_streamed_from_disk():
    response = xlsx_response(filename="x", headers=["名称", "n", "空"], rows=rows(300))
    assert response.streaming and response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("名称", "n", "空") and len(values) == 301 and values[300][:2] == ("企业299", 299)


def test_the_public_register_exports_stream(client, jinan, monkeypatch):
    monkeypatch.setattr("portal.exports.STREAM_CHUNK", 10)  # a title a chunk
    for i in range(30):
        enterprise = EnterpriseFactory(city=jinan, credit_code=make_credit_code("370102", 7000 + i))
        TitleFactory(enterprise=enterprise, tier=tier("basic"), year=2025)
    for fmt in ("csv", "json"):
        response = client.get("/public/register/", {"format": fmt})
        assert response.status_code == 200 and response.streaming
        chunks = list(response.streaming_content)
        assert len(chunks) > 30  # a chunk per title, not one body
    assert json.loads(b"".join(client.get("/public/register/", {"format": "json"}).streaming_content))["count"] == 30


FORMULAS = ['=HYPERLINK("http://evil.example","点击")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def test_a_formula_typed_by_an_enterprise_is_exported_inert_in_excel():
    formulas = FORMULAS[:-1]  # XML reads a carriage return back as a line feed
    response = xlsx_response(filename="x", headers=["名称", "数"], rows=[(text, -5) for text in formulas])
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    for row, text in enumerate(formulas, start=2):
        cell = sheet.cell(row, 1)
        assert cell.value == text and cell.data_type == "s"  # kept exactly, as text, not a formula
        assert sheet.cell(row, 2).value == -5 and sheet.cell(row, 2).data_type == "n"  # numbers stay numbers


def test_a_formula_typed_by_an_enterprise_is_exported_inert_in_csv():
    response = csv_response(filename="x", headers=["名称", "数"], rows=[(text, -5) for text in FORMULAS])
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text)))[1:]
    assert [line[0] for line in lines] == ["'" + t for t in FORMULAS]
    assert {line[1] for line in lines} == {"-5"}


def test_an_enterprise_name_with_a_formula_stays_text_in_an_officials_export(client_for, provincial_officer):
    enterprise = EnterpriseFactory(name="=cmd|' /C calc'!A0", credit_code=make_credit_code("370102", 901))
    TitleFactory(enterprise=enterprise, tier=tier("advanced"))
    response = client_for(provincial_officer).get("/titles/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(2, 1).value == enterprise.name and sheet.cell(2, 1).data_type == "s"


def test_the_export_button_exports_the_view_on_screen_without_its_page(rf):
    from django.template import Context, Template

    request = rf.get("/x/", {"status": "filed", "city": "370100", "page": "3", "export": "csv"})
    html = Template("{% load exports %}{% export_button tab='province' %}").render(Context({"request": request}))
    href = html.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert href.startswith("?") and "page=" not in href
    assert sorted(href[1:].split("&")) == ["city=370100", "export=xlsx", "status=filed", "tab=province"]
