"""统一社会信用代码 check character (GB 32100-2015), with codes of real registered companies."""
import pytest

from coordinator.domain.credit_code import (
    check_character,
    credit_code_problem,
    is_valid_credit_code,
    normalise,
)


@pytest.mark.parametrize("code", [
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "914403001922038216",  # 华为技术有限公司
    "91350100M000100Y43",  # the standard's worked example shape (check character 3)
])
def test_real_codes_are_valid(code):
    assert is_valid_credit_code(code)
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize("code, problem", [
    ("91330100716105852E", "check"),      # last character changed
    ("91330100716105825F", "check"),      # two characters swapped
    ("9133010071610585", "length"),
    ("91330100716105852FF", "length"),
    ("91330100716105852I", "characters"), # I, O, S, V, Z are not used
    ("9133010071610585ZF", "characters"),
    ("0133010071610585 F", "characters"),
    ("91AB0100716105852F", "characters"), # the division code is six digits
    ("", "length"),
])
def test_invalid_codes_say_why(code, problem):
    assert credit_code_problem(code) == problem


def test_normalise_removes_spaces_and_lowers_nothing():
    assert normalise(" 9133 0100 7161 0585 2f ") == "91330100716105852F"
