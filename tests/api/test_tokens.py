"""Integration tokens: scopes, a city's restriction, expiry and revocation, and a log row per use."""
import datetime

import pytest
from django.utils import timezone

from applications import services
from applications.models import Application
from portal.api.models import ApiRequest, ApiToken
from portal.api.scopes import Scope
from portal.api.tokens import digest, issue_token, revoke_token
from portal.errors import ActionRefused
from portal.models import AuditEntry
from tests.applications.factories import open_round
from tests.factories import city
from tests.tiers.factories import tier
from tiers.constants import TierCode

pytestmark = pytest.mark.django_db

REGISTER, CITY, PROVINCE, SUPPORT = (Scope.READ_REGISTER, Scope.READ_CITY_APPLICATIONS,
                                     Scope.READ_PROVINCE_APPLICATIONS, Scope.READ_SUPPORT_LIST)
# Each token endpoint: the scopes that read it, and where a row's city is.
ENDPOINTS = {
    "titles": ({REGISTER}, lambda row: row["enterprise"]["city"]["code"]),
    "applications": ({CITY, PROVINCE}, lambda row: row["city"]["code"]),
    "quotas": ({CITY, PROVINCE}, lambda row: row["city"]["code"]),
    "support-list": ({SUPPORT}, lambda row: row["enterprise"]["city"]["code"]),
}
GRANTS = [(REGISTER, None), (REGISTER, "370100"), (REGISTER, "370200"), (CITY, "370100"), (CITY, "370200"),
          (PROVINCE, None), (SUPPORT, None), (SUPPORT, "370100"), (SUPPORT, "370200")]


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("scope, city_code", GRANTS)
def test_a_token_reads_what_its_scope_and_city_allow_and_nothing_else(api, world, token_for, endpoint, scope,
                                                                        city_code):
    allowed, city_of = ENDPOINTS[endpoint]
    raw = token_for([scope], city=city(city_code) if city_code else None)

    response = api.get(f"/api/v1/{endpoint}/", raw)

    if scope not in allowed:
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
        return
    assert response.status_code == 200
    cities = {city_of(row) for row in response.json()["results"]}
    assert cities == ({city_code} if city_code else {"370100", "370200"})


@pytest.mark.parametrize("scope, city_code", [g for g in GRANTS if g[0] in (CITY, PROVINCE, REGISTER)])
def test_one_record_of_another_city_is_a_404(api, world, token_for, scope, city_code):
    raw = token_for([scope], city=city(city_code) if city_code else None)
    if scope == REGISTER:
        records = {"370100": f"titles/{world['titles']['jinan_advanced'].pk}/history",
                   "370200": f"titles/{world['titles']['revoked'].pk}/history"}
    else:
        records = {"370100": f"applications/{world['applications']['jinan_submitted'].pk}",
                   "370200": f"applications/{world['applications']['qingdao_submitted'].pk}"}
    for code, path in records.items():
        status = api.get(f"/api/v1/{path}/", raw).status_code
        assert status == (200 if city_code in (None, code) else 404), (code, path)


@pytest.mark.parametrize("endpoint", ["titles", "applications", "quotas", "support-list", "titles/1/history",
                                      "applications/1"])
def test_token_endpoints_need_a_token(api, world, endpoint):
    response = api.get(f"/api/v1/{endpoint}/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused_and_its_refusals_are_logged(api, world, token_for, admin_user):
    raw = token_for([PROVINCE])
    token = ApiToken.objects.get(token_hash=digest(raw))
    assert api.get("/api/v1/applications/", raw).status_code == 200

    revoke_token(token, actor=admin_user)
    response = api.get("/api/v1/applications/", raw)

    assert response.status_code == 401 and response.json()["error"]["code"] == "token_revoked"
    # Revoked tokens are refused on the public endpoints too: a client learns at once.
    assert api.get("/api/v1/register/", raw).status_code == 401
    assert list(token.requests.order_by("pk").values_list("status", flat=True)) == [200, 401, 401]
    with pytest.raises(ActionRefused):
        revoke_token(token, actor=admin_user)


def test_an_expired_token_is_refused(api, world, token_for, time_machine):
    raw = token_for([PROVINCE], expires_at=timezone.now() + datetime.timedelta(days=1))
    assert api.get("/api/v1/quotas/", raw).status_code == 200

    time_machine.move_to(timezone.now() + datetime.timedelta(days=2))
    response = api.get("/api/v1/quotas/", raw)

    assert response.status_code == 401 and response.json()["error"]["code"] == "token_expired"


@pytest.mark.parametrize("header", ["Bearer sdzn_not-a-token", "Bearer nothing", "Bearer "])
def test_an_unknown_token_is_refused_and_nothing_is_logged(api, world, header):
    response = api.client.get("/api/v1/register/", headers={"Authorization": header})

    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"
    assert ApiRequest.objects.count() == 0


def test_every_use_is_logged_with_token_path_status_time_and_address(api, world, token_for, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    raw = token_for([CITY], city=city("370100"))
    before = timezone.now()
    api.client.get("/api/v1/applications/", {"status": "submitted"}, headers={"Authorization": f"Bearer {raw}"},
                   REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    api.get("/api/v1/titles/", raw)  # no scope for it: refused, still logged
    api.get("/api/v1/nowhere/", raw)

    rows = list(ApiRequest.objects.order_by("pk"))
    token = ApiToken.objects.get(token_hash=digest(raw))
    assert [(r.token, r.method, r.path, r.status) for r in rows] == [
        (token, "GET", "/api/v1/applications/", 200), (token, "GET", "/api/v1/titles/", 403),
        (token, "GET", "/api/v1/nowhere/", 404)]
    assert rows[0].query == "status=submitted" and rows[0].client_ip == "203.0.113.9" and rows[0].at >= before


def test_issuing_stores_only_a_hash_and_writes_one_audit_row(admin_user, jinan):
    token, raw = issue_token(client="济南市大数据局", scopes=[CITY], city=jinan, actor=admin_user)

    assert raw.startswith("sdzn_") and len(raw) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert raw not in str(stored) and stored["token_hash"] == digest(raw)
    entry = AuditEntry.objects.get(verb="api.token_issued")
    assert entry.after["scopes"] == ["read_city_applications"] and entry.after["city"] == "370100"
    assert raw not in str(entry.after)


@pytest.mark.parametrize("scopes, with_city", [([], False), ([CITY], False), ([PROVINCE], True), (["write_all"], False)])
def test_a_token_needs_coherent_scopes(admin_user, jinan, scopes, with_city):
    with pytest.raises(ActionRefused):
        issue_token(client="x", scopes=scopes, city=jinan if with_city else None, actor=admin_user)
    assert not ApiToken.objects.exists()


def test_applications_show_scores_once_decided_and_never_an_expert(api, world, token_for, expert):
    raw = token_for([PROVINCE])
    rows = {row["id"]: row for row in api.get("/api/v1/applications/", raw).json()["results"]}
    apps = world["applications"]

    assert apps["jinan_draft"].pk not in rows
    assert rows[apps["jinan_approved"].pk]["scores"] == {"experts": 2, "mean": "85.00", "trimmed_mean": None,
                                                          "final": "85.00"}
    assert rows[apps["jinan_under_review"].pk]["scores"] is None  # scored, not yet decided
    assert rows[apps["jinan_approved"].pk]["status"] == {"code": "in_notice", "name_zh": "公示中"}
    detail = api.get(f"/api/v1/applications/{apps['jinan_approved'].pk}/", raw)
    text = detail.content.decode()
    assert expert.username not in text and "expert_one" not in text and "assigned_by" not in text
    assert detail.json()["scores"]["final"] == "85.00" and isinstance(detail.json()["timeline"], list)


def test_an_application_timeline_names_events_not_people(api, world, token_for, enterprise_user):
    application = services.create_draft(enterprise=enterprise_user.enterprise, round=open_round("时间线批次"),
                                        tier=tier(TierCode.SCENARIO), actor=enterprise_user)
    Application.objects.filter(pk=application.pk).update(status="submitted")
    body = api.get(f"/api/v1/applications/{application.pk}/", token_for([CITY], city=city("370100"))).json()

    assert body["timeline"][0]["event"] == "applications.draft_created"
    assert body["timeline"][0]["name_zh"] and body["timeline"][0]["at"]
    assert enterprise_user.username not in str(body)


def test_the_support_list_records_each_request_like_an_export(api, world, token_for):
    raw = token_for([SUPPORT], client="省财政厅专项资金系统")
    api.get("/api/v1/support-list/", raw, tier="advanced")

    entry = AuditEntry.objects.get(verb="titles.support_list_exported")
    assert entry.after["recipient"] == "省财政厅专项资金系统" and entry.after["filters"] == {"tier": "advanced"}
    assert entry.after["rows"] == 2  # the active advanced titles of 济南 and 青岛


def test_quotas_show_the_quota_in_force_and_its_use(api, world, token_for):
    raw = token_for([CITY], city=city("370200"))
    [row] = api.get("/api/v1/quotas/", raw).json()["results"]

    assert row["city"]["code"] == "370200" and row["quota"] == 4 and row["remaining"] == 4 - row["used"]
    assert row["tier"]["code"] == "advanced" and row["round"]["id"] == world["round"].pk


@pytest.mark.parametrize("city_code", [None, "370100", "370200"])
def test_a_token_reads_the_applications_its_reader_sees_on_the_pages(api, world, token_for, city_code,
                                                                      jinan_official, provincial_officer):
    """Which rows a token reads is decided by the pages' own selector, given the token's reader: a city's
    bureau when restricted to it, else the province."""
    from applications.selectors import applications_visible_to
    from portal.api.models import ApiToken

    raw = token_for([CITY if city_code else PROVINCE], city=city(city_code) if city_code else None)
    token = ApiToken.objects.latest("pk")
    read = {row["id"] for row in api.get("/api/v1/applications/", raw).json()["results"]}
    assert read
    assert read == set(applications_visible_to(token.reader).values_list("pk", flat=True))
    person = provincial_officer if city_code is None else None
    if city_code == "370100":
        person = jinan_official
    if person is not None:
        assert read == set(applications_visible_to(person).values_list("pk", flat=True))
