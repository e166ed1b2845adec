"""A cursor that does not decode to a position of the list it pages is the client's mistake: a 400 in
the API's one error shape on every paginated endpoint, never a 500 (nor a 404 for an address that exists)."""
import base64

import pytest

from portal.api.scopes import Scope

pytestmark = pytest.mark.django_db


def cursor(querystring):
    return base64.b64encode(querystring.encode()).decode()


PAGINATED = ["/api/v1/register/", "/api/v1/notices/", "/api/v1/titles/", "/api/v1/applications/",
             "/api/v1/quotas/", "/api/v1/support-list/"]
HOSTILE = {
    "not base64": "not-a-cursor!",
    "non-integer position": cursor("r=1&p=abc"),
    "impossible date": cursor("p=2026-13-45"),
    "impossible date-time": cursor("p=2026-02-30 25:61:00"),
    "position out of range": cursor("p=99999999999999999999999"),
    "non-integer offset": cursor("o=x&p=1"),
    "non-integer reverse": cursor("r=yes&p=1"),
    "not ascii": base64.b64encode("p=济南".encode()).decode(),
}


@pytest.fixture
def token(world, token_for):
    return token_for([Scope.READ_REGISTER, Scope.READ_PROVINCE_APPLICATIONS, Scope.READ_SUPPORT_LIST])


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize("kind", HOSTILE)
def test_a_cursor_that_does_not_decode_to_a_position_is_a_400_in_the_error_shape(api, token, path, kind):
    response = api.get(path, token=token, cursor=HOSTILE[kind])

    assert response.status_code == 400, (path, kind, response.content[:300])
    assert response.json() == {"error": {"code": "invalid_cursor", "message": "Invalid cursor.", "detail": None}}


@pytest.mark.parametrize("kind", ["non-integer position", "impossible date-time", "not base64"])
def test_a_titles_history_cursor_that_does_not_decode_is_a_400(api, world, token, kind):
    title = world["titles"]["jinan_advanced"]

    response = api.get(f"/api/v1/titles/{title.pk}/history/", token=token, cursor=HOSTILE[kind])

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"


def test_the_crafted_register_cursor_of_the_issue_is_a_400_for_an_anonymous_caller(api, world):
    response = api.get("/api/v1/register/", cursor="cj0xJnA9YWJj")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"


def test_the_next_links_the_api_hands_out_still_walk_every_list(api, token):
    for path in PAGINATED:
        url, pages = f"{path}?page_size=1", 0
        while url and pages < 4:
            response = api.client.get(url, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, (url, response.content[:300])
            url, pages = response.json()["next"], pages + 1
