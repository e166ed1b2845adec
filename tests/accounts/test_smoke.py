from portal.accounts import credit_code as cc
from tests.factories import make_credit_code


def test_factory_codes_pass_the_check_character():
    code = make_credit_code("370102", 7)
    assert len(code) == 18 and cc.has_valid_check_character(code)


def test_home_page_renders_for_visitors(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "山东".encode() in response.content or b"Shandong" in response.content
