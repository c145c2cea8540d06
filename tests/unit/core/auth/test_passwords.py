from autonomos.auth.passwords import PasswordHasher


def test_hash_is_argon2id_and_verifies() -> None:
    hasher = PasswordHasher(time_cost=1, memory_cost=8192)
    stored = hasher.hash("s3cret-password")
    assert stored.startswith("$argon2id$")
    assert hasher.verify(stored, "s3cret-password")
    assert not hasher.verify(stored, "wrong-password")


def test_unknown_account_never_verifies() -> None:
    hasher = PasswordHasher(time_cost=1, memory_cost=8192)
    assert not hasher.verify(None, "autonomos-dummy-password")


def test_rehash_when_parameters_change() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8192)
    new = PasswordHasher(time_cost=2, memory_cost=8192)
    stored = old.hash("pw-123456")
    assert new.needs_rehash(stored)
    assert not old.needs_rehash(stored)
    assert new.verify(stored, "pw-123456")
    assert new.needs_rehash("not-a-hash")
