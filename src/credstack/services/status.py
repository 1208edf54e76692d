"""Publishing status lists: the signed ``BitstringStatusListCredential`` behind each list URL.

``GET {base}/status/{list_id}`` serves :func:`status_list_credential`. Every verifier of every
credential in the list fetches it, so:

- the signed document is cached in-process per (list id, revision, signing key id, base URL,
  TTL): repeated requests between two revocations cost a dictionary lookup, not a signature;
- the document is deterministic for that key (``validFrom`` is the list's last change, the
  proof's ``created`` the later of that and the key's start, and Ed25519 signatures are
  deterministic), so every process serves the same bytes and the ETag can be strong;
- ``etag`` derives from the list id, its revision and the signing key, and changes exactly
  when the content does (a revocation bumps the revision; a key rotation re-signs);
- ``max_age`` is ``config.status_list_ttl``, which also goes into the document as ``ttl``
  (milliseconds), the time within which a revocation reaches every verifier.

A list shorter than the specification's minimum of 131,072 entries (a small test or demo
deployment) is published padded with zeros to the minimum: the padding is never allocated.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from credstack.core.errors import ErrorCode
from credstack.core.issuing import SignatureSuite, sign_credential
from credstack.core.status.bitstring import MIN_ENTRIES
from credstack.core.status.bitstring import StatusList as CoreStatusList
from credstack.core.status.bitstring import status_list_credential as core_status_list_credential
from credstack.core.timestamps import format_datetime
from credstack.services.config import ServiceConfig
from credstack.services.errors import ConflictError, NotFoundError
from credstack.services.keys import signing_key
from credstack.services.ports import KeyStore, UnitOfWork
from credstack.services.records import StatusListRecord
from credstack.services.urls import status_list_url

CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class SignedStatusList:
    """A signed status list credential and what HTTP caching needs to know about it."""

    document: dict[str, Any]
    etag: str
    """A strong entity tag, quoted as the ``ETag`` header wants it (``"…"``)."""
    last_modified: datetime
    max_age: int
    """Seconds a client may cache the document (``Cache-Control: max-age``)."""


_CacheKey = tuple[UUID, int, UUID, str, int]


class _SignedCache:
    """An LRU of signed status lists; the lock makes it safe for a threaded server."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[_CacheKey, SignedStatusList] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: _CacheKey) -> SignedStatusList | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: _CacheKey, value: SignedStatusList) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_CACHE = _SignedCache(CACHE_SIZE)


def clear_status_cache() -> None:
    """Forget every signed status list held in this process."""
    _CACHE.clear()


def status_list_credential(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    list_id: UUID,
    *,
    now: datetime,
) -> SignedStatusList:
    """The signed ``BitstringStatusListCredential`` of list ``list_id``, for anyone to fetch.

    Raises :class:`NotFoundError` for an unknown list, and what
    :func:`~credstack.services.keys.signing_key` raises when the organisation cannot sign.
    """
    record = uow.status_lists.get(list_id)
    organisation = uow.organisations.get(record.organisation_id) if record is not None else None
    if record is None or organisation is None:
        raise NotFoundError(f"no status list {list_id}", status_list=str(list_id))
    key_record = uow.keys.active(organisation.id, now)
    if key_record is None:
        raise ConflictError(
            f"organisation {organisation.slug!r} has no signing key valid now",
            code=ErrorCode.INVALID_STATE_TRANSITION,
        )
    cache_key = (record.id, record.revision, key_record.id, config.base_url, config.status_list_ttl)
    cached = _CACHE.get(cache_key)
    if cached is not None:
        # a copy: whatever the caller does to its document must not reach the cache
        return dataclasses.replace(cached, document=copy.deepcopy(cached.document))
    key = signing_key(uow, key_store, organisation, now=now)
    url = status_list_url(config.base_url, record.id)
    unsigned = core_status_list_credential(
        id=url,
        issuer=organisation.did,
        purpose=record.purpose,
        status_list=_bitstring(record),
        valid_from=format_datetime(record.updated_at),
        ttl_ms=config.status_list_ttl * 1000,
    )
    created = max(record.updated_at, key_record.valid_from)
    signed = sign_credential(unsigned, key, suite=SignatureSuite.EDDSA_RDFC_2022, created=created)
    assert isinstance(signed, dict)  # a Data Integrity suite returns the document
    published = SignedStatusList(
        document=signed,
        etag=_etag(record, key_record.id),
        last_modified=record.updated_at,
        max_age=config.status_list_ttl,
    )
    _CACHE.put(cache_key, published)
    return dataclasses.replace(published, document=copy.deepcopy(signed))


def _bitstring(record: StatusListRecord) -> CoreStatusList:
    bits = record.bits
    minimum = MIN_ENTRIES // 8
    if len(bits) < minimum:
        bits = bits + bytes(minimum - len(bits))
    return CoreStatusList.from_bytes(bits)


def _etag(record: StatusListRecord, key_id: UUID) -> str:
    digest = hashlib.sha256(f"{record.id}:{record.revision}:{key_id}".encode()).hexdigest()
    return f'"{digest[:32]}"'


__all__ = ["CACHE_SIZE", "SignedStatusList", "clear_status_cache", "status_list_credential"]
