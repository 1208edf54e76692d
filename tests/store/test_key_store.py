"""The database key store: sealed blobs only, bound to their key and organisation."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from uuid import uuid4

import pytest
from sqlalchemy import Engine, select, update

from credstack.services.errors import ConflictError, KeyStoreError
from credstack.store.key_store import SqlKeyStore, associated_data
from credstack.store.tables import SealedKeyRow
from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store import builders

UowFactory = Callable[[], SqlUnitOfWork]
MASTER = b"m" * 32
SECRET = bytes(range(32))


def seal(secret: bytes, aad: bytes) -> bytes:
    """A stand-in for the envelope encryption: XOR with a keystream, then an HMAC tag."""
    stream = hashlib.sha256(MASTER + b"stream").digest()
    body = bytes(s ^ k for s, k in zip(secret, stream * 8, strict=False))
    return body + hmac.digest(MASTER, aad + body, "sha256")


def unseal(blob: bytes, aad: bytes) -> bytes:
    body, tag = blob[:-32], blob[-32:]
    if not hmac.compare_digest(tag, hmac.digest(MASTER, aad + body, "sha256")):
        raise ValueError("authentication failed")
    stream = hashlib.sha256(MASTER + b"stream").digest()
    return bytes(s ^ k for s, k in zip(body, stream * 8, strict=False))


@pytest.fixture
def key_store(engine: Engine) -> SqlKeyStore:
    return SqlKeyStore(engine, seal=seal, unseal=unseal)


def test_put_then_get_returns_the_secret_and_stores_only_the_seal(
    key_store: SqlKeyStore, engine: Engine
) -> None:
    key_id, organisation_id = uuid4(), uuid4()
    key_store.put(key_id, organisation_id, SECRET)
    assert key_store.get(key_id, organisation_id) == SECRET
    with engine.connect() as connection:
        blob = connection.execute(select(SealedKeyRow.blob)).scalar_one()
    assert SECRET not in blob
    assert blob == seal(SECRET, associated_data(key_id, organisation_id))
    assert associated_data(key_id, organisation_id) == key_id.bytes + organisation_id.bytes


def test_missing_other_organisations_and_tampered_keys_are_errors(
    key_store: SqlKeyStore, engine: Engine
) -> None:
    key_id, organisation_id = uuid4(), uuid4()
    key_store.put(key_id, organisation_id, SECRET)
    with pytest.raises(KeyStoreError, match="holds no key"):
        key_store.get(uuid4(), organisation_id)
    with pytest.raises(KeyStoreError, match="holds no key"):
        key_store.get(key_id, uuid4())
    with engine.begin() as connection:
        connection.execute(update(SealedKeyRow).values(organisation_id=(other := uuid4())))
    with pytest.raises(KeyStoreError, match="cannot be unsealed"):
        key_store.get(key_id, other)


def test_a_key_is_never_replaced(key_store: SqlKeyStore) -> None:
    key_id, organisation_id = uuid4(), uuid4()
    key_store.put(key_id, organisation_id, SECRET)
    with pytest.raises(ConflictError):
        key_store.put(key_id, organisation_id, b"another secret")
    assert key_store.get(key_id, organisation_id) == SECRET


def test_sealing_failures_are_key_store_errors(engine: Engine) -> None:
    def broken(secret: bytes, aad: bytes) -> bytes:
        raise RuntimeError("no master key")

    store = SqlKeyStore(engine, seal=broken, unseal=broken)
    with pytest.raises(KeyStoreError, match="cannot be sealed"):
        store.put(uuid4(), uuid4(), SECRET)


def test_inside_a_unit_of_work_the_key_commits_or_vanishes_with_it(
    key_store: SqlKeyStore, uow_factory: UowFactory
) -> None:
    """As the key service does it: read, put the secret, add the record, all in one unit of
    work (on SQLite a separate transaction would wait for the unit of work's lock)."""
    org = builders.organisation("keys")
    kept, dropped = builders.signing_key(org.id), builders.signing_key(org.id)
    with uow_factory() as uow:
        uow.organisations.add(org)
        assert uow.keys.history(org.id) == []
        key_store.put(kept.id, org.id, SECRET)
        uow.keys.add(kept)
        assert key_store.get(kept.id, org.id) == SECRET
        uow.commit()
    with uow_factory() as uow:
        key_store.put(dropped.id, org.id, SECRET)
        uow.keys.add(dropped)
    assert key_store.get(kept.id, org.id) == SECRET
    with pytest.raises(KeyStoreError):
        key_store.get(dropped.id, org.id)
