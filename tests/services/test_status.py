"""Published status lists: signed by the organisation, cached, with a strong ETag."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from credstack.core.did.methods import resolver
from credstack.core.status.bitstring import MIN_ENTRIES, StatusList
from credstack.core.verify import VerifyOptions, verify_document
from credstack.services import status
from credstack.services.config import ServiceConfig
from credstack.services.credentials import change_status
from credstack.services.errors import ConflictError, NotFoundError
from credstack.services.keys import clear_key_cache, did_document, rotate_signing_key
from credstack.services.records import CredentialRecord
from credstack.services.status import SignedStatusList, clear_status_cache, status_list_credential
from credstack.services.urls import status_list_url
from tests.factories import NOW
from tests.services.issuing_support import CONFIG, CREATED, Platform, new_platform

LATER = NOW + timedelta(hours=1)


@pytest.fixture
def signatures(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every document the status module signs."""
    signed: list[Any] = []
    original = status.sign_credential

    def counting(document: Any, *args: Any, **kwargs: Any) -> Any:
        signed.append(document)
        return original(document, *args, **kwargs)

    monkeypatch.setattr(status, "sign_credential", counting)
    return signed


def _published(platform: Platform, record: CredentialRecord, **kw: Any) -> SignedStatusList:
    return status_list_credential(
        platform.uow,
        platform.key_store,
        kw.pop("config", platform.config),
        record.status_list_id,
        now=kw.pop("now", LATER),
    )


def _revoke(platform: Platform, record: CredentialRecord, at: Any = LATER) -> None:
    change_status(platform.uow, platform.owner, record.id, action="revoke", reason=None, now=at)


def _verify(platform: Platform, document: dict[str, Any]) -> Any:
    did = did_document(platform.uow, platform.organisation)
    return verify_document(
        document, VerifyOptions(resolve=resolver({platform.organisation.did: did}), now=LATER)
    )


def test_the_list_is_a_signed_bitstring_status_list_credential(platform: Platform) -> None:
    record = platform.issue()
    published = _published(platform, record)
    document = published.document
    url = status_list_url(CONFIG.base_url, record.status_list_id)
    assert document["id"] == url
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == platform.organisation.did
    assert document["validFrom"] == "2025-05-02T12:00:00Z"  # when the list last changed
    subject = document["credentialSubject"]
    assert subject["statusPurpose"] == "revocation"
    assert subject["ttl"] == 300_000
    assert subject["id"] == f"{url}#list"
    assert published.last_modified == CREATED
    assert published.max_age == CONFIG.status_list_ttl
    report = _verify(platform, document)
    assert report.verified, report.to_json()
    assert report.check("proof") is not None


def test_a_revocation_shows_in_the_list(platform: Platform) -> None:
    record = platform.issue()
    _revoke(platform, record)
    document = _published(platform, record).document
    encoded = StatusList.decode(document["credentialSubject"]["encodedList"])
    assert encoded.set_indexes() == [record.status_index]
    assert document["validFrom"] == "2025-06-01T13:00:00Z"
    assert _verify(platform, document).verified


def test_the_etag_is_strong_and_changes_with_a_revocation(platform: Platform) -> None:
    record = platform.issue()
    first = _published(platform, record)
    assert first.etag.startswith('"')
    assert first.etag.endswith('"')
    assert len(first.etag) == 34
    assert _published(platform, record).etag == first.etag
    _revoke(platform, record)
    revoked = _published(platform, record)
    assert revoked.etag != first.etag
    assert revoked.last_modified == LATER


def test_the_etag_stays_when_nothing_public_changes(platform: Platform) -> None:
    record = platform.issue()
    first = _published(platform, record)
    change_status(platform.uow, platform.owner, record.id, action="suspend", reason=None, now=LATER)
    platform.issue()  # another credential in the same list: the bits do not change
    again = _published(platform, record, now=LATER + timedelta(days=1))
    assert (again.etag, again.document) == (first.etag, first.document)


def test_a_list_is_signed_once_per_revision(platform: Platform, signatures: list[Any]) -> None:
    record = platform.issue()
    first = _published(platform, record)
    second = _published(platform, record)
    assert len(signatures) == 1
    assert second.document == first.document
    _revoke(platform, record)
    _published(platform, record)
    assert len(signatures) == 2


def test_changing_a_served_document_does_not_change_the_cache(platform: Platform) -> None:
    record = platform.issue()
    first = _published(platform, record)
    first.document["credentialSubject"]["encodedList"] = "tampered"
    assert _published(platform, record).document["credentialSubject"]["encodedList"] != "tampered"


def test_a_new_key_re_signs_the_list_with_a_new_etag(platform: Platform) -> None:
    record = platform.issue()
    before = _published(platform, record)
    rotate_signing_key(platform.uow, platform.key_store, platform.organisation, now=LATER)
    after = _published(platform, record, now=LATER + timedelta(minutes=1))
    assert after.etag != before.etag
    proof = after.document["proof"][0]
    assert proof["verificationMethod"] != before.document["proof"][0]["verificationMethod"]
    assert proof["created"] == "2025-06-01T13:00:00Z"  # not before the key existed
    assert _verify(platform, after.document).verified


def test_the_same_revision_is_signed_identically_by_every_process(platform: Platform) -> None:
    record = platform.issue()
    first = _published(platform, record).document
    clear_status_cache()
    clear_key_cache()
    assert _published(platform, record, now=LATER + timedelta(days=3)).document == first


def test_a_short_list_is_published_padded_to_the_minimum() -> None:
    tiny = ServiceConfig(base_url=CONFIG.base_url, status_list_length=8)
    platform = new_platform(config=tiny)
    record = platform.issue()
    _revoke(platform, record)
    document = _published(platform, record).document
    decoded = StatusList.decode(document["credentialSubject"]["encodedList"])
    assert decoded.length == MIN_ENTRIES
    assert decoded.set_indexes() == [record.status_index]


def test_an_unknown_list_is_not_found(platform: Platform) -> None:
    with pytest.raises(NotFoundError):
        status_list_credential(platform.uow, platform.key_store, CONFIG, uuid4(), now=LATER)


def test_a_list_without_a_signing_key_cannot_be_published(platform: Platform) -> None:
    record = platform.issue()
    with pytest.raises(ConflictError, match="no signing key"):
        _published(platform, record, now=CREATED - timedelta(days=1))


def test_the_cache_keeps_the_most_recently_served_lists(
    platform: Platform, monkeypatch: pytest.MonkeyPatch, signatures: list[Any]
) -> None:
    monkeypatch.setattr(status, "_CACHE", status._SignedCache(1))
    record = platform.issue()
    other = platform.other().issue()
    _published(platform, record)
    _published(platform, record)
    _published(platform, other)  # pushes the first list out
    _published(platform, record)
    assert len(signatures) == 3
