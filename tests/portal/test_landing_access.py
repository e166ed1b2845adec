"""Each role's landing page opens for that role only: 403 for every other role, login for visitors."""
import pytest

LANDINGS = {
    "enterprise_user": "/enterprise/",
    "jinan_official": "/city/",
    "provincial_officer": "/province/",
    "expert": "/expert/",
    "admin_user": "/console/",
}
CASES = [(persona, url) for persona in LANDINGS for url in LANDINGS.values()]


@pytest.mark.django_db  # personas come via getfixturevalue: declare the db for pytest-django's ordering
@pytest.mark.parametrize("persona, url", CASES, ids=[f"{p}-{u.strip('/')}" for p, u in CASES])
def test_landing_page_opens_only_for_its_own_role(persona, url, request, client_for):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(url)
    if LANDINGS[persona] == url:
        assert response.status_code == 200
        assert response.context["user"] == user
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("url", LANDINGS.values())
def test_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.django_db  # personas come via getfixturevalue: declare the db for pytest-django's ordering
@pytest.mark.parametrize("persona", LANDINGS)
def test_home_sends_each_signed_in_role_to_its_landing_page(persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get("/")
    assert response.status_code == 302
    assert response.url == LANDINGS[persona]
