"""An organisation's signing keys: creation, rotation, its DID document, signing with them.

Keys are Ed25519. The public half and the validity interval are a
:class:`~credstack.services.records.SigningKeyRecord`; the private half (the 32-byte seed)
lives sealed in the :class:`~credstack.services.ports.KeyStore` under the record's id.

Rotation never deletes: the retired key stays in the DID document with ``expires``, so
credentials it signed before the rotation keep verifying, while a proof it makes afterwards
fails with ``KEY_OUTSIDE_VALIDITY_PERIOD``.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from credstack.core.crypto.keys import Ed25519KeyPair, public_key_from_multikey
from credstack.core.did.methods import KeyHistoryEntry, did_web_document
from credstack.core.errors import ErrorCode, KeyMaterialError
from credstack.core.issuing import SigningKey
from credstack.services.audit import record_event
from credstack.services.errors import ConflictError, KeyStoreError
from credstack.services.ports import KeyStore, UnitOfWork
from credstack.services.records import Organisation, SigningKeyRecord

SEED_BYTES = 32
CACHE_SIZE = 256
"""Unsealed key pairs kept in memory: far more than the keys one process signs with at once."""


class _KeyPairCache:
    """A small LRU of unsealed key pairs, keyed by (organisation id, key id).

    Bulk issuance signs thousands of credentials a second with one key; unsealing (two AES-GCM
    decryptions and a file or database read) for each would dominate. Entries are only
    returned for the public key they were loaded for, so a cached pair can never sign for a
    record whose public key differs.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._pairs: OrderedDict[tuple[UUID, UUID], tuple[str, Ed25519KeyPair]] = OrderedDict()
        self._lock = threading.Lock()  # bulk jobs may sign from several threads

    def get(self, record: SigningKeyRecord) -> Ed25519KeyPair | None:
        key = (record.organisation_id, record.id)
        with self._lock:
            entry = self._pairs.get(key)
            if entry is None or entry[0] != record.public_key_multibase:
                return None
            self._pairs.move_to_end(key)
            return entry[1]

    def put(self, record: SigningKeyRecord, pair: Ed25519KeyPair) -> None:
        key = (record.organisation_id, record.id)
        with self._lock:
            self._pairs[key] = (record.public_key_multibase, pair)
            self._pairs.move_to_end(key)
            while len(self._pairs) > self._size:
                self._pairs.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pairs.clear()


_CACHE = _KeyPairCache(CACHE_SIZE)


def clear_key_cache() -> None:
    """Forget every unsealed key pair held in this process."""
    _CACHE.clear()


def create_signing_key(
    uow: UnitOfWork,
    key_store: KeyStore,
    organisation: Organisation,
    *,
    now: datetime,
    actor: str = "system",
) -> SigningKeyRecord:
    """A new Ed25519 key of ``organisation``, valid from ``now``; its seed goes sealed into
    ``key_store`` under the record's id."""
    record = _new_key(uow, key_store, organisation, now)
    _audit(uow, organisation, actor, "signing_key.created", record, now, fragment=record.fragment)
    return record


def rotate_signing_key(
    uow: UnitOfWork,
    key_store: KeyStore,
    organisation: Organisation,
    *,
    now: datetime,
    actor: str = "system",
) -> SigningKeyRecord:
    """Replace the active key: the new key signs from ``now``, the previous one ends at ``now``
    (it stays in the DID document, marked ``expires``)."""
    previous = uow.keys.active(organisation.id, now)
    if previous is not None:
        uow.keys.end_validity(organisation.id, previous.id, now)
    record = _new_key(uow, key_store, organisation, now)
    _audit(
        uow,
        organisation,
        actor,
        "signing_key.rotated",
        record,
        now,
        fragment=record.fragment,
        previous_fragment=previous.fragment if previous is not None else None,
    )
    return record


def did_document(uow: UnitOfWork, organisation: Organisation) -> dict[str, Any]:
    """The organisation's ``did:web`` document, listing every key it has had.

    ``expires`` is written in whole seconds, as every timestamp; it is rounded up, because
    proofs record their creation time rounded down and one made by the old key in the
    second of the rotation must still fall inside the key's interval.
    """
    entries = [
        KeyHistoryEntry(
            fragment=record.fragment,
            public_key=public_key_from_multikey(record.public_key_multibase),
            valid_from=record.valid_from,
            valid_until=_whole_second_after(record.valid_until),
        )
        for record in uow.keys.history(organisation.id)
    ]
    return did_web_document(organisation.did, entries)


def signing_key(
    uow: UnitOfWork, key_store: KeyStore, organisation: Organisation, *, now: datetime
) -> SigningKey:
    """The organisation's key that signs at ``now``, with its verification method.

    Raises :class:`ConflictError` (``INVALID_STATE_TRANSITION``) when the organisation has no
    key valid at ``now``, and :class:`KeyStoreError` when the private half cannot be loaded
    or does not belong to the recorded public key.
    """
    record = uow.keys.active(organisation.id, now)
    if record is None:
        raise ConflictError(
            f"organisation {organisation.slug!r} has no signing key valid at "
            f"{now.isoformat()}; create or rotate one first",
            code=ErrorCode.INVALID_STATE_TRANSITION,
        )
    pair = _CACHE.get(record)
    if pair is None:
        pair = _load_pair(key_store, record)
        _CACHE.put(record, pair)
    return SigningKey(
        key_pair=pair,
        verification_method=f"{organisation.did}#{record.fragment}",
        controller=organisation.did,
    )


def _new_key(
    uow: UnitOfWork, key_store: KeyStore, organisation: Organisation, now: datetime
) -> SigningKeyRecord:
    seed = secrets.token_bytes(SEED_BYTES)
    pair = Ed25519KeyPair.generate(seed)
    taken = {record.fragment for record in uow.keys.history(organisation.id)}
    fragment = _fragment()
    while fragment in taken:
        fragment = _fragment()
    record = SigningKeyRecord(
        id=uuid4(),
        organisation_id=organisation.id,
        fragment=fragment,
        public_key_multibase=pair.public_key.multikey,
        valid_from=now,
        valid_until=None,
        created_at=now,
    )
    # the secret first: a rolled-back transaction leaves an unused sealed file behind, while
    # the other order could commit a key whose private half was never stored
    key_store.put(record.id, organisation.id, seed)
    uow.keys.add(record)
    return record


def _fragment() -> str:
    return f"key-{secrets.token_hex(4)}"


def _load_pair(key_store: KeyStore, record: SigningKeyRecord) -> Ed25519KeyPair:
    seed = key_store.get(record.id, record.organisation_id)
    try:
        pair = Ed25519KeyPair(seed)
    except KeyMaterialError:
        raise KeyStoreError(
            f"the key store holds no Ed25519 seed for key {record.fragment}",
            key_id=str(record.id),
        ) from None
    if pair.public_key.multikey != record.public_key_multibase:
        raise KeyStoreError(
            f"the private key in the key store for {record.fragment} does not match its "
            "recorded public key",
            key_id=str(record.id),
        )
    return pair


def _whole_second_after(moment: datetime | None) -> datetime | None:
    if moment is None or moment.microsecond == 0:
        return moment
    return moment.replace(microsecond=0) + timedelta(seconds=1)


def _audit(
    uow: UnitOfWork,
    organisation: Organisation,
    actor: str,
    action: str,
    record: SigningKeyRecord,
    at: datetime,
    **details: Any,
) -> None:
    record_event(
        uow,
        organisation_id=organisation.id,
        actor=actor,
        action=action,
        object_type="signing_key",
        object_id=record.id,
        at=at,
        details=details,
    )


__all__ = [
    "CACHE_SIZE",
    "clear_key_cache",
    "create_signing_key",
    "did_document",
    "rotate_signing_key",
    "signing_key",
]
