"""Signing keys: creation, rotation, the DID document, and signing with the active key."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from credstack.core.crypto.keys import Ed25519KeyPair
from credstack.core.did.methods import find_verification_method, resolver
from credstack.core.errors import ErrorCode
from credstack.core.issuing import SignatureSuite, SigningKey
from credstack.core.verify import verify_document
from credstack.services import keys
from credstack.services.config import ServiceConfig
from credstack.services.errors import ConflictError, KeyStoreError
from credstack.services.keys import (
    clear_key_cache,
    create_signing_key,
    did_document,
    rotate_signing_key,
    signing_key,
)
from credstack.services.organisations import create_organisation
from credstack.services.records import Organisation, SigningKeyRecord
from tests.factories import NOW, expected, fetcher, issue, options, outcome
from tests.services.fakes import FakeKeyStore, FakeUnitOfWork

CONFIG = ServiceConfig(base_url="https://credentials.uni.example")
CREATED = NOW - timedelta(days=100)
ROTATED = NOW - timedelta(days=10)
DID = "did:web:credentials.uni.example:orgs:tu-delta"


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def key_store() -> FakeKeyStore:
    return FakeKeyStore()


@pytest.fixture
def organisation(uow: FakeUnitOfWork, key_store: FakeKeyStore) -> Organisation:
    return create_organisation(
        uow,
        key_store,
        CONFIG,
        slug="tu-delta",
        name="TU Delta",
        kind="university",
        profile={},
        now=CREATED,
    )


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    clear_key_cache()
    yield
    clear_key_cache()


def _only_key(uow: FakeUnitOfWork, organisation: Organisation) -> SigningKeyRecord:
    (record,) = uow.keys.history(organisation.id)
    return record


# --- creating ---------------------------------------------------------------------------


def test_a_new_key_is_ed25519_with_its_seed_in_the_key_store(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    record = _only_key(uow, organisation)
    assert re.fullmatch(r"key-[0-9a-f]{8}", record.fragment)
    assert (record.valid_from, record.valid_until, record.created_at) == (CREATED, None, CREATED)
    seed = key_store.secrets[(record.id, organisation.id)]
    assert len(seed) == 32
    assert Ed25519KeyPair(seed).public_key.multikey == record.public_key_multibase
    assert record.public_key_multibase.startswith("z6Mk")
    event = list(uow.state["audit"].values())[-1]
    assert (event.action, event.object_id) == ("signing_key.created", str(record.id))
    assert event.details == {"fragment": record.fragment}
    assert seed.hex() not in repr(event)


def test_another_key_gets_another_fragment_even_when_the_first_draw_collides(
    uow: FakeUnitOfWork,
    key_store: FakeKeyStore,
    organisation: Organisation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken = _only_key(uow, organisation).fragment
    draws = iter([taken, taken, "key-0000beef"])
    monkeypatch.setattr(keys, "_fragment", lambda: next(draws))
    record = create_signing_key(uow, key_store, organisation, now=NOW)
    assert record.fragment == "key-0000beef"


def test_keys_of_two_organisations_differ(uow: FakeUnitOfWork, key_store: FakeKeyStore) -> None:
    first, second = (
        create_organisation(
            uow, key_store, CONFIG, slug=slug, name=slug, kind="other", profile={}, now=NOW
        )
        for slug in ("one", "two")
    )
    assert _only_key(uow, first).public_key_multibase != (
        _only_key(uow, second).public_key_multibase
    )


# --- signing ----------------------------------------------------------------------------


def test_the_signing_key_is_the_active_key_with_its_verification_method(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    record = _only_key(uow, organisation)
    key = signing_key(uow, key_store, organisation, now=NOW)
    assert key.verification_method == f"{DID}#{record.fragment}"
    assert key.controller == organisation.did == DID
    assert key.key_pair.public_key.multikey == record.public_key_multibase


def test_no_key_before_the_first_one_is_valid(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    with pytest.raises(ConflictError) as caught:
        signing_key(uow, key_store, organisation, now=CREATED - timedelta(seconds=1))
    assert caught.value.code is ErrorCode.INVALID_STATE_TRANSITION
    assert "'tu-delta' has no signing key" in caught.value.message


def test_no_key_once_every_key_has_ended(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    uow.keys.end_validity(organisation.id, _only_key(uow, organisation).id, ROTATED)
    with pytest.raises(ConflictError):
        signing_key(uow, key_store, organisation, now=NOW)


def test_unsealed_key_pairs_are_cached(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    first = signing_key(uow, key_store, organisation, now=NOW)
    for _ in range(100):
        assert signing_key(uow, key_store, organisation, now=NOW).key_pair is first.key_pair
    assert key_store.gets == 1
    clear_key_cache()
    signing_key(uow, key_store, organisation, now=NOW)
    assert key_store.gets == 2


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "_CACHE", keys._KeyPairCache(2))
    uow, key_store = FakeUnitOfWork(), FakeKeyStore()
    organisations = [
        create_organisation(
            uow, key_store, CONFIG, slug=f"o{i}", name="O", kind="other", profile={}, now=NOW
        )
        for i in range(3)
    ]
    for organisation in [*organisations, organisations[2], organisations[0]]:
        signing_key(uow, key_store, organisation, now=NOW)
    # o0, o1, o2 loaded; o2 cached; o0 evicted by o2 and loaded again
    assert key_store.gets == 4


def test_a_cached_pair_is_not_used_for_a_record_with_another_public_key(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    signing_key(uow, key_store, organisation, now=NOW)
    record = _only_key(uow, organisation)
    other = Ed25519KeyPair(bytes(32)).public_key.multikey
    uow.state["keys"][record.id] = dataclasses.replace(record, public_key_multibase=other)
    with pytest.raises(KeyStoreError) as caught:
        signing_key(uow, key_store, organisation, now=NOW)
    assert "does not match its recorded public key" in caught.value.message


def test_a_missing_private_key_is_a_key_store_error(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    key_store.secrets.clear()
    with pytest.raises(KeyStoreError) as caught:
        signing_key(uow, key_store, organisation, now=NOW)
    assert caught.value.code is ErrorCode.KEY_STORE_ERROR


def test_a_private_key_of_the_wrong_size_is_a_key_store_error(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    record = _only_key(uow, organisation)
    key_store.secrets[(record.id, organisation.id)] = b"\x01" * 31
    with pytest.raises(KeyStoreError) as caught:
        signing_key(uow, key_store, organisation, now=NOW)
    assert "no Ed25519 seed" in caught.value.message
    assert caught.value.detail["key_id"] == str(record.id)


def test_a_private_key_that_is_not_the_recorded_ones_is_refused(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    record = _only_key(uow, organisation)
    key_store.secrets[(record.id, organisation.id)] = b"\x01" * 32
    with pytest.raises(KeyStoreError) as caught:
        signing_key(uow, key_store, organisation, now=NOW)
    assert "does not match" in caught.value.message


# --- rotation and the DID document --------------------------------------------------------


def test_rotation_ends_the_old_key_and_starts_a_new_one(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    old = _only_key(uow, organisation)
    new = rotate_signing_key(uow, key_store, organisation, now=ROTATED)
    assert new.id != old.id
    assert new.fragment != old.fragment
    assert (new.valid_from, new.valid_until) == (ROTATED, None)
    history = uow.keys.history(organisation.id)
    assert [(k.id, k.valid_until) for k in history] == [(old.id, ROTATED), (new.id, None)]
    assert uow.keys.active(organisation.id, ROTATED) == new
    assert uow.keys.active(organisation.id, ROTATED - timedelta(seconds=1)) == history[0]
    event = list(uow.state["audit"].values())[-1]
    assert (event.action, event.object_id) == ("signing_key.rotated", str(new.id))
    assert event.details == {"fragment": new.fragment, "previous_fragment": old.fragment}
    key = signing_key(uow, key_store, organisation, now=NOW)
    assert key.verification_method == f"{DID}#{new.fragment}"


def test_rotating_without_an_active_key_just_creates_one(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    uow.keys.end_validity(organisation.id, _only_key(uow, organisation).id, ROTATED)
    new = rotate_signing_key(uow, key_store, organisation, now=NOW)
    assert list(uow.state["audit"].values())[-1].details["previous_fragment"] is None
    assert uow.keys.active(organisation.id, NOW) == new


def test_the_did_document_lists_every_key_and_when_the_old_one_expired(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    old = _only_key(uow, organisation)
    new = rotate_signing_key(uow, key_store, organisation, now=ROTATED)
    document = did_document(uow, organisation)
    assert document["id"] == DID
    methods = {m["id"]: m for m in document["verificationMethod"]}
    old_id, new_id = f"{DID}#{old.fragment}", f"{DID}#{new.fragment}"
    assert methods[old_id] == {
        "id": old_id,
        "type": "Multikey",
        "controller": DID,
        "publicKeyMultibase": old.public_key_multibase,
        "expires": "2025-05-22T12:00:00Z",
    }
    assert "expires" not in methods[new_id]
    assert document["assertionMethod"] == [old_id, new_id]
    method = find_verification_method(document, old_id)
    assert method.valid_until == ROTATED
    assert method.is_valid_at(ROTATED - timedelta(seconds=1))
    assert not method.is_valid_at(ROTATED)


def test_an_expiry_inside_a_second_is_rounded_up(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    old = _only_key(uow, organisation)
    rotate_signing_key(uow, key_store, organisation, now=ROTATED + timedelta(microseconds=1))
    methods = {m["id"]: m for m in did_document(uow, organisation)["verificationMethod"]}
    assert methods[f"{DID}#{old.fragment}"]["expires"] == "2025-05-22T12:00:01Z"


# --- verifying against the rotated DID document --------------------------------------------


def _verify_outcome(
    uow: FakeUnitOfWork, organisation: Organisation, key: SigningKey, signed_at: datetime
) -> dict[str, tuple[str, str | None]]:
    document = did_document(uow, organisation)
    credential = issue(key=key, now=signed_at, suite=SignatureSuite.EDDSA_RDFC_2022)
    return outcome(verify_document(credential, options(resolve=resolver(fetch=fetcher(document)))))


def test_a_credential_signed_before_rotation_still_verifies(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    old_key = signing_key(uow, key_store, organisation, now=ROTATED - timedelta(days=1))
    signed_at = ROTATED - timedelta(days=30)
    credential = issue(key=old_key, now=signed_at)
    rotate_signing_key(uow, key_store, organisation, now=ROTATED)
    rotated = did_document(uow, organisation)
    report = verify_document(credential, options(resolve=resolver(fetch=fetcher(rotated))))
    assert outcome(report) == expected()
    assert report.verified is True


def test_a_credential_signed_with_the_old_key_after_rotation_does_not_verify(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    old_key = signing_key(uow, key_store, organisation, now=ROTATED - timedelta(days=1))
    rotate_signing_key(uow, key_store, organisation, now=ROTATED)
    result = _verify_outcome(uow, organisation, old_key, ROTATED + timedelta(days=1))
    assert result == expected(key=("failed", "KEY_OUTSIDE_VALIDITY_PERIOD"))


def test_a_credential_signed_with_the_new_key_after_rotation_verifies(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    rotate_signing_key(uow, key_store, organisation, now=ROTATED)
    new_key = signing_key(uow, key_store, organisation, now=ROTATED)
    assert _verify_outcome(uow, organisation, new_key, ROTATED) == expected()


def test_the_old_key_verifies_in_the_second_of_a_rotation_made_inside_it(
    uow: FakeUnitOfWork, key_store: FakeKeyStore, organisation: Organisation
) -> None:
    # the proof says 12:00:00 (whole seconds); the key ended at 12:00:00.5
    old_key = signing_key(uow, key_store, organisation, now=ROTATED)
    signed_at = ROTATED + timedelta(milliseconds=200)
    rotate_signing_key(uow, key_store, organisation, now=ROTATED + timedelta(milliseconds=500))
    assert _verify_outcome(uow, organisation, old_key, signed_at) == expected()
