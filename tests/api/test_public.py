"""The public endpoints: no token, the same data as the public pages and exports, nothing more."""
import datetime
import json

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import override

from portal.api.models import ApiRequest

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/register/"


def leaves(value, prefix=""):
    """Every scalar of a JSON value, as (path, value)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, f"{prefix}[]")
    else:
        yield prefix, value


def test_register_needs_no_token_and_lists_every_title(api, world):
    response = api.get(REGISTER)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    assert len(body["results"]) == 6
    revoked = next(r for r in body["results"] if r["status"]["code"] == "revoked")
    assert revoked["status"] == {"code": "revoked", "name_zh": "已撤销"}
    assert revoked["tier"] == {"code": "basic", "name_zh": "基础级（市级）智能工厂"}
    assert revoked["city"] == {"code": "370200", "name_zh": "青岛"}
    assert revoked["revoked_on"] == "2026-03-02"
    assert ApiRequest.objects.count() == 0  # no token, nothing to log


def test_register_entries_carry_exactly_the_export_fields_and_values(api, client, world):
    """Every value the API gives for a title is one the open-data export gives for it, and the API's fields
    map onto the export's one to one: the API publishes nothing the register does not."""
    export = {row["certificate_number"] or row["enterprise_name"] + str(row["year"]) + row["tier"]: row
              for row in json.loads(b"".join(client.get("/public/register/", {"format": "json"}).streaming_content))[
                  "results"]}
    results = api.get(REGISTER).json()["results"]
    assert len(results) == len(export)
    mapping = {"enterprise_name": "enterprise_name", "credit_code": "credit_code", "city.code": "city_code",
               "city.name_zh": "city", "tier.code": "tier", "tier.name_zh": "tier_name", "year": "year",
               "status.code": "status", "recognized_on": "recognized_on", "revoked_on": "revoked_on",
               "certificate_number": "certificate_number", "authority.code": "authority",
               "authority.name_zh": "authority_name", "revocation_ground": "revocation_ground",
               "revocation_ground.code": "revocation_ground", "revocation_ground.name_zh": "revocation_ground_name"}
    for entry in results:
        row = export[entry["certificate_number"] or entry["enterprise_name"] + str(entry["year"])
                     + entry["tier"]["code"]]
        for path, value in leaves(entry):
            if path.startswith("scenarios[]"):
                continue
            if path == "status.name_zh":
                assert value in {"有效", "已替代", "已撤销"}
                continue
            assert path in mapping, f"{path} is not on the register"
            assert row[mapping[path]] == value, path
        names = "；".join(f"{s['name_zh']}（{s['segment']['name_zh']}）" for s in entry["scenarios"])
        assert names == row["scenarios"]


def test_register_filters_like_the_page(api, world):
    def names(**query):
        return sorted((r["enterprise_name"], r["tier"]["code"]) for r in api.get(REGISTER, **query).json()["results"])

    assert names(city="370200", status="active") == [("青岛智能家电股份有限公司", "advanced")]
    assert names(q="青岛智能家电有限", year=2024) == [("青岛智能家电有限公司", "basic")]
    assert len(names(tier="scenario")) == 1


def test_register_refuses_an_invalid_filter_in_the_error_shape(api, world):
    response = api.get(REGISTER, tier="platinum")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "tier" in error["detail"] and error["message"]


@pytest.mark.parametrize("which, validity", [("valid", "valid"), ("superseded", "superseded"),
                                             ("revoked", "revoked")])
def test_verification_answers_what_the_page_answers(api, client, world, which, validity):
    certificate = world["certificates"][which]

    body = api.get(f"/api/v1/certificates/{certificate.number.lower()}/").json()
    page = client.get(reverse("public:verify_number", args=[certificate.number])).content.decode()

    assert body["number"] == certificate.number and body["validity"]["code"] == validity
    assert f'data-validity="{validity}"' in page
    for path, value in leaves(body):
        if value in (None, "") or path.endswith(".code"):  # codes: the page shows their names
            continue
        if path.endswith("on"):  # dates: the page writes them the reader's way (Chinese, the default)
            with override("zh-hans"):
                value = date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        assert str(value) in page, path
    if validity == "superseded":
        assert body["superseded"] == {"on": "2026-05-01", "by": world["certificates"]["new"].number}
        assert body["revocation"] is None
    elif validity == "revoked":
        assert body["revocation"] == {"on": "2026-03-02", "ground": {
            "code": "major_accident", "name_zh": body["revocation"]["ground"]["name_zh"]}}
        assert "内部说明" not in json.dumps(body, ensure_ascii=False)  # the note is not public
    else:
        assert body["superseded"] is None and body["revocation"] is None


def test_unknown_certificate_is_a_404_in_the_error_shape(api, world):
    response = api.get("/api/v1/certificates/SDZN-XJ-2026-9999/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_notices_show_what_the_notices_page_shows(api, client, world):
    body = api.get("/api/v1/notices/").json()
    page = client.get(reverse("public_notices:list")).content.decode()

    assert [n["title"] for n in body["results"]] == ["2026年先进级智能工厂公示"]  # not the one yet to start
    notice = body["results"][0]
    assert notice["running"] is True and notice["id"] == world["notice"].pk
    assert notice["entries"] == [{"enterprise_name": "济南智造装备有限公司",
                                  "city": {"code": "370100", "name_zh": "济南"},
                                  "tier": {"code": "advanced", "name_zh": "先进级（省级）智能工厂"},
                                  "scenarios": []}]
    for path, value in leaves(notice):
        if isinstance(value, str) and value and not path.endswith(".code"):
            assert value in page, path
    text = json.dumps(body, ensure_ascii=False)
    assert "score" not in text and "expert" not in text and "objection_" + "s" not in text


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v2/register/", "/api/"])
def test_a_path_no_endpoint_answers_is_a_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_a_nul_in_the_query_is_a_json_400(api, db):
    response = api.get(REGISTER, q="a\x00b")

    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"


def test_public_requests_are_throttled_per_address_in_the_error_shape(api, world, settings):
    settings.API_PUBLIC_RATE = "3/min"
    statuses = [api.get("/api/v1/notices/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/notices/")
    assert response.json()["error"]["code"] == "throttled" and int(response["Retry-After"]) > 0


def test_the_api_is_read_only(api, world):
    response = api.client.post(REGISTER, {}, content_type="application/json")

    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
