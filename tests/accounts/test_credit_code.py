"""The unified social credit code (GB 32100-2015) and the Shandong rule of Art. 5 (1)."""
import pytest
from django.core.exceptions import ValidationError

from portal.accounts import credit_code as cc
from portal.accounts.forms import CreditCodeField
from portal.accounts.models import CreditCodeException
from tests.factories import UserFactory, make_credit_code

# Published codes of Shandong companies, check characters verified with the algorithm:
# Haier Smart Home Co., Ltd. (青岛) and Weichai Power Co., Ltd. (registered at provincial level, 370000).
PUBLISHED = ["91370200264574251E", "913700007456765902"]
GENERATED = [
    make_credit_code("370102", 1),      # 济南 历下区
    make_credit_code("371203", 4711),   # former 莱芜, now 济南
    make_credit_code("371702", 99999),  # 菏泽
    "12370000" + "MB1234567",           # a public institution (12...), completed below
]
GENERATED[-1] += cc.check_character(GENERATED[-1])
VALID = PUBLISHED + GENERATED


def _with_check_character(first17):
    return first17 + cc.check_character(first17)


@pytest.mark.parametrize("code", VALID)
def test_valid_shandong_codes_are_accepted(code):
    assert cc.has_valid_check_character(code)
    cc.validate_credit_code(code)  # does not raise


@pytest.mark.parametrize("code", VALID)
def test_every_single_character_change_is_rejected(code):
    """All 18 positions × the 30 other characters of the alphabet: none passes (GB 32100 detects them
    all; a change in characters 3-8 may instead make the code non-Shandong, also a rejection)."""
    accepted = []
    for position in range(18):
        for replacement in cc.CHARSET:
            if replacement == code[position]:
                continue
            changed = code[:position] + replacement + code[position + 1:]
            try:
                cc.validate_credit_code(changed)
            except ValidationError:
                continue
            accepted.append(changed)
    assert accepted == []


def test_every_single_character_change_fails_the_check_character_itself():
    # Stronger than the above: the check character alone catches each change, Shandong or not.
    code = PUBLISHED[0]
    for position in range(18):
        for replacement in cc.CHARSET.replace(code[position], ""):
            assert not cc.has_valid_check_character(code[:position] + replacement + code[position + 1:])


@pytest.mark.parametrize("code", [
    _with_check_character("91110000MA01ABCD1"),  # Beijing
    _with_check_character("91310115MA1K3XY72"),  # Shanghai
    _with_check_character("91440300MA5F0A1B3"),  # Shenzhen
    _with_check_character("91000000MA5F0A1B3"),  # no province at all
])
def test_codes_from_outside_shandong_are_rejected_even_with_a_correct_check_character(code):
    assert cc.has_valid_check_character(code)
    with pytest.raises(ValidationError) as error:
        cc.validate_credit_code(code)
    assert error.value.code == "not_shandong"


@pytest.mark.parametrize("typed, error_code", [
    ("91370200264574251", "length"),
    ("91370200264574251EE", "length"),
    ("91370200264574251I", "charset"),  # I is not in the alphabet
    ("91370200264574251O", "charset"),
    ("91A70200264574251E", "division"),  # letters where the division code goes
])
def test_malformed_codes_are_rejected_with_a_precise_reason(typed, error_code):
    with pytest.raises(ValidationError) as error:
        cc.validate_credit_code(typed)
    assert error.value.code == error_code


@pytest.mark.parametrize("typed", [
    "91370200264574251e", " 9137 0200 2645 7425 1E ", "9137020026457425\t1e", "91370200264574251E\n",
])
def test_lower_case_and_spaces_are_normalised(typed, db):
    assert cc.normalize(typed) == "91370200264574251E"
    assert CreditCodeField().clean(typed) == "91370200264574251E"


@pytest.fixture
def bad_check_code():
    """A Shandong code whose check character is wrong (as some real codes are)."""
    code = make_credit_code("370102", 424242)
    wrong = next(c for c in cc.CHARSET if c != code[17])
    return code[:17] + wrong


def test_a_bad_check_character_is_rejected_without_a_verified_exception(bad_check_code, db):
    with pytest.raises(ValidationError) as error:
        CreditCodeField().clean(bad_check_code)
    assert error.value.code == "check_character"


def test_a_verified_exception_lets_a_bad_check_character_through(bad_check_code, db):
    admin = UserFactory(admin=True)
    CreditCodeException.objects.create(credit_code=bad_check_code, reason="营业执照原件已核对", recorded_by=admin)

    assert CreditCodeField().clean(bad_check_code.lower()) == bad_check_code


def test_a_verified_exception_does_not_excuse_a_code_outside_shandong(db):
    beijing = _with_check_character("91110000MA01ABCD1")
    beijing_bad = beijing[:17] + next(c for c in cc.CHARSET if c != beijing[17])
    admin = UserFactory(admin=True)
    for code in (beijing, beijing_bad):
        CreditCodeException.objects.create(credit_code=code, reason="?", recorded_by=admin)
        with pytest.raises(ValidationError) as error:
            CreditCodeField().clean(code)
        assert error.value.code == "not_shandong"


def test_admin_cannot_record_an_exception_for_a_code_outside_shandong(client_for, admin_user):
    beijing = _with_check_character("91110000MA01ABCD1")
    response = client_for(admin_user).post(
        "/accounts/credit-code-exceptions/", {"credit_code": beijing, "reason": "核对过"}
    )
    assert response.status_code == 200
    assert not CreditCodeException.objects.exists()
