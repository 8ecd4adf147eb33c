"""Password storage: Argon2id with OWASP's parameters (timed by bench/passwords.py, not here); verification and
rehash."""
from argon2 import PasswordHasher, Type

from coordinator.services.passwords import (
    HASHER,
    hash_password,
    needs_rehash,
    verify_password,
)


def test_hash_is_argon2id_with_the_tuned_parameters():
    stored = hash_password("Correct-Horse-Battery-9")
    algorithm, version, params, salt, digest = stored.split("$")[1:]
    assert algorithm == "argon2id" and version == "v=19"
    assert dict(p.split("=") for p in params.split(",")) == {"m": "19456", "t": "2", "p": "1"}
    assert len(salt) >= 22 and len(digest) >= 43  # 16-byte salt, 32-byte hash (base64)
    assert hash_password("Correct-Horse-Battery-9") != stored  # a fresh salt each time


def test_the_hasher_uses_owasp_argon2id_parameters():
    """The speed (about 50 ms a hash) follows from these; bench/passwords.py measures it."""
    assert HASHER.type is Type.ID
    assert (HASHER.memory_cost, HASHER.time_cost, HASHER.parallelism) == (19456, 2, 1)
    assert (HASHER.hash_len, HASHER.salt_len) == (32, 16)
    assert HASHER.hash("x").startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_verify_accepts_only_the_right_password():
    stored = hash_password("Correct-Horse-Battery-9")
    assert verify_password(stored, "Correct-Horse-Battery-9")
    assert not verify_password(stored, "correct-horse-battery-9")
    assert not verify_password(None, "anything")
    assert not verify_password("not-a-hash", "anything")


def test_older_parameters_are_rehashed():
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("Correct-Horse-Battery-9")
    assert needs_rehash(weak)
    assert not needs_rehash(HASHER.hash("x"))
