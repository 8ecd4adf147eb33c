"""The password policy as an accept/reject table."""
import pytest

from coordinator.domain.passwords import (
    PasswordPolicy,
    character_classes,
    is_expired,
    password_problems,
)

DENGBAO = PasswordPolicy(min_length=12, dengbao=True)
ASVS = PasswordPolicy(min_length=12, dengbao=False)
CONTEXT = ["wang.wei", "王伟"]


@pytest.mark.parametrize("password, policy, problems", [
    ("Correct-Horse-Battery-9", DENGBAO, []),
    ("correct horse battery staple", ASVS, []),                 # a long passphrase, letters only
    ("correct horse battery staple", DENGBAO, ["classes"]),     # 等保 wants 3 of 4 classes
    ("Correcthorsebatterystaple", DENGBAO, ["classes"]),        # two classes are not enough
    ("Correct horse battery staple 7", DENGBAO, []),
    ("x" * 200 + "A1!", DENGBAO, []),                           # long passwords are accepted
    ("Ab1!" * 65, DENGBAO, ["too_long"]),                       # 260 characters
    ("Sh0rt-Pass!", DENGBAO, ["too_short"]),                    # 11 characters
    ("", DENGBAO, ["too_short", "classes"]),
    ("password", ASVS, ["too_short", "common"]),
    ("Password2024!", DENGBAO, ["common"]),                     # a common word with digits and symbols
    ("woaini1314520", ASVS, ["common"]),
    ("1qaz2wsx3edc", ASVS, ["common"]),
    ("Qwertyuiop123!", DENGBAO, ["common"]),
    ("My-wang.wei-secret-9", DENGBAO, ["context"]),             # the user name
    ("Wang-Secret-2026-xyz", DENGBAO, ["context"]),             # part of the user name
    ("王伟的密码Abc-123456", DENGBAO, ["context"]),                # the display name
    ("Brightly-Lit-Cave-88", DENGBAO, []),
])
def test_policy_table(password, policy, problems):
    assert password_problems(password, policy, CONTEXT) == problems


def test_minimum_length_is_a_setting():
    assert password_problems("Abc-1234", PasswordPolicy(min_length=8), []) == []
    assert password_problems("Abc-1234", PasswordPolicy(min_length=12), []) == ["too_short"]


@pytest.mark.parametrize("password, classes", [("abc", 1), ("aB", 2), ("aB1", 3), ("aB1!", 4), ("密码a1", 3)])
def test_character_classes(password, classes):
    assert character_classes(password) == classes


@pytest.mark.parametrize("days, policy, expired", [
    (10, DENGBAO, False), (91, DENGBAO, True), (None, DENGBAO, True), (400, ASVS, False), (None, ASVS, False),
])
def test_expiry_only_in_dengbao_mode(days, policy, expired):
    assert is_expired(days, policy, 90) is expired
