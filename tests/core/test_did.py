"""did:key and did:web: resolution, documents, key history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import base58
import pytest

from credstack.core.crypto.keys import Ed25519KeyPair, P256KeyPair
from credstack.core.did.methods import (
    KeyHistoryEntry,
    assertion_methods,
    did_key,
    did_key_document,
    did_key_verification_method,
    did_web_document,
    did_web_from_url,
    did_web_url,
    document_resolver,
    find_verification_method,
    resolver,
)
from credstack.core.errors import ErrorCode, ResolutionError

W3C_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
OLD = Ed25519KeyPair(b"\x01" * 32)
NEW = Ed25519KeyPair(b"\x02" * 32)
ISSUER = "did:web:uni.example"


def test_did_key_document_lists_the_key_under_every_relationship() -> None:
    document = did_key_document(f"did:key:{W3C_KEY}")
    vm_id = f"did:key:{W3C_KEY}#{W3C_KEY}"
    assert document["verificationMethod"] == [
        {
            "id": vm_id,
            "type": "Multikey",
            "controller": f"did:key:{W3C_KEY}",
            "publicKeyMultibase": W3C_KEY,
        }
    ]
    assert document["assertionMethod"] == [vm_id]
    assert document["authentication"] == [vm_id]


def test_did_key_round_trip_for_ed25519_and_p256() -> None:
    for pair in (OLD, P256KeyPair(b"\x03" * 32)):
        method = resolver()(did_key_verification_method(pair.public_key))
        assert method.controller == did_key(pair.public_key)
        assert method.public_key.multikey == pair.public_key.multikey
        assert "assertionMethod" in method.relationships


def test_did_key_fragment_must_equal_the_key() -> None:
    with pytest.raises(ResolutionError) as info:
        resolver()(f"did:key:{W3C_KEY}#z6MkOther")
    assert info.value.code is ErrorCode.INVALID_VERIFICATION_METHOD


def test_did_key_with_a_malformed_key_does_not_resolve() -> None:
    with pytest.raises(ResolutionError) as info:
        resolver()("did:key:z6Mk0OIl")  # 0, O, I, l are not base58btc
    assert info.value.code is ErrorCode.DID_RESOLUTION_ERROR


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
        ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
        ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
    ],
)
def test_did_web_url_follows_the_method_specification(did: str, url: str) -> None:
    assert did_web_url(did) == url


@pytest.mark.parametrize("did", ["did:web:", "did:web:host::path", "did:key:z6Mk", "did:web:a%2Fb"])
def test_malformed_did_web_is_refused(did: str) -> None:
    with pytest.raises(ResolutionError):
        did_web_url(did)


def test_did_web_from_url_encodes_the_port_and_path() -> None:
    assert did_web_from_url("https://example.com:3000/user/alice") == (
        "did:web:example.com%3A3000:user:alice"
    )
    assert did_web_url(did_web_from_url("https://uni.example/issuers/7/")) == (
        "https://uni.example/issuers/7/did.json"
    )
    with pytest.raises(ResolutionError) as info:
        did_web_from_url("http://insecure.example")
    assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR


def _history_document() -> dict[str, Any]:
    return did_web_document(
        ISSUER,
        [
            KeyHistoryEntry("key-1", OLD.public_key, valid_until=datetime(2025, 1, 1, tzinfo=UTC)),
            KeyHistoryEntry("key-2", NEW.public_key),
        ],
    )


def test_did_web_document_keeps_retired_keys_with_their_end_of_validity() -> None:
    document = _history_document()
    methods = {m["id"]: m for m in document["verificationMethod"]}
    assert methods[f"{ISSUER}#key-1"]["expires"] == "2025-01-01T00:00:00Z"
    assert "expires" not in methods[f"{ISSUER}#key-2"]
    assert document["assertionMethod"] == [f"{ISSUER}#key-1", f"{ISSUER}#key-2"]


def test_did_web_resolution_through_a_fetcher_reads_key_history() -> None:
    fetched: list[str] = []

    def fetch(url: str) -> dict[str, Any]:
        fetched.append(url)
        return _history_document()

    resolve = resolver(fetch=fetch)
    old = resolve(f"{ISSUER}#key-1")
    assert fetched == ["https://uni.example/.well-known/did.json"]
    assert old.valid_until == datetime(2025, 1, 1, tzinfo=UTC)
    assert old.is_valid_at(datetime(2024, 6, 1, tzinfo=UTC))
    assert not old.is_valid_at(datetime(2025, 6, 1, tzinfo=UTC))
    assert resolve(f"{ISSUER}#key-2").is_valid_at(datetime(2030, 1, 1, tzinfo=UTC))


def test_revoked_key_ends_at_the_earlier_of_expires_and_revoked() -> None:
    document = _history_document()
    document["verificationMethod"][0]["revoked"] = "2024-03-01T00:00:00Z"
    method = find_verification_method(document, f"{ISSUER}#key-1")
    assert method.valid_until == datetime(2024, 3, 1, tzinfo=UTC)


def test_did_web_document_for_another_did_is_refused() -> None:
    resolve = resolver(fetch=lambda url: {**_history_document(), "id": "did:web:evil.example"})
    with pytest.raises(ResolutionError) as info:
        resolve(f"{ISSUER}#key-1")
    assert info.value.code is ErrorCode.DID_RESOLUTION_ERROR
    assert "evil.example" in info.value.message


def test_fetch_failure_is_reported_not_raised_raw() -> None:
    def fetch(url: str) -> dict[str, Any]:
        raise TimeoutError("no answer")

    with pytest.raises(ResolutionError) as info:
        resolver(fetch=fetch)(f"{ISSUER}#key-1")
    assert info.value.code is ErrorCode.DID_RESOLUTION_ERROR
    assert "no answer" in info.value.message


def test_unknown_method_in_a_document_is_reported() -> None:
    with pytest.raises(ResolutionError) as info:
        resolver({ISSUER: _history_document()})(f"{ISSUER}#key-9")
    assert info.value.code is ErrorCode.INVALID_VERIFICATION_METHOD


def test_offline_without_a_document_names_what_to_supply() -> None:
    with pytest.raises(ResolutionError) as info:
        resolver()("https://example.edu/issuers/565049#key-1")
    assert info.value.code is ErrorCode.DID_RESOLUTION_ERROR
    assert "supply its controller document" in info.value.message


def test_method_listed_only_in_verification_method_has_no_assertion_relationship() -> None:
    document = _history_document()
    document["assertionMethod"] = [f"{ISSUER}#key-2"]
    method = find_verification_method(document, f"{ISSUER}#key-1")
    assert "assertionMethod" not in method.relationships
    assert "authentication" in method.relationships


def test_relative_ids_resolve_against_the_document() -> None:
    document = {
        "id": ISSUER,
        "verificationMethod": [
            {"id": "#k", "type": "Multikey", "publicKeyMultibase": OLD.public_key.multikey}
        ],
        "assertionMethod": ["#k"],
    }
    method = find_verification_method(document, f"{ISSUER}#k")
    assert method.controller == ISSUER
    assert "assertionMethod" in method.relationships


def test_jwk_and_base58_2018_methods_are_read() -> None:
    jwk_method = {
        "id": f"{ISSUER}#jwk",
        "type": "JsonWebKey",
        "controller": ISSUER,
        "publicKeyJwk": OLD.public_key.to_jwk(),
    }
    document = {
        "id": ISSUER,
        "verificationMethod": [jwk_method],
        "assertionMethod": [jwk_method["id"]],
    }
    assert find_verification_method(document, jwk_method["id"]).public_key.multikey == (
        OLD.public_key.multikey
    )
    legacy = {
        "id": f"{ISSUER}#b58",
        "type": "Ed25519VerificationKey2018",
        "controller": ISSUER,
        "publicKeyBase58": base58.b58encode(OLD.public_key.raw).decode(),
    }
    document = {"id": ISSUER, "verificationMethod": [legacy], "assertionMethod": [legacy["id"]]}
    assert find_verification_method(document, legacy["id"]).public_key.raw == OLD.public_key.raw


def test_method_without_a_key_is_invalid() -> None:
    document = {
        "id": ISSUER,
        "verificationMethod": [{"id": f"{ISSUER}#x", "type": "Multikey", "controller": ISSUER}],
    }
    with pytest.raises(ResolutionError) as info:
        find_verification_method(document, f"{ISSUER}#x")
    assert info.value.code is ErrorCode.INVALID_VERIFICATION_METHOD


def test_key_file_style_document_resolves_directly() -> None:
    vm = "https://example.edu/issuers/565049#key-1"
    documents = {
        vm: {
            "id": vm,
            "type": "Multikey",
            "controller": "https://example.edu/issuers/565049",
            "publicKeyMultibase": OLD.public_key.multikey,
        }
    }
    method = resolver(documents)(vm)
    assert method.controller == "https://example.edu/issuers/565049"


def test_other_did_methods_are_unsupported_unless_their_document_is_supplied() -> None:
    with pytest.raises(ResolutionError) as info:
        resolver()("did:ion:EiAnKD8#key-1")
    assert info.value.code is ErrorCode.UNSUPPORTED_DID_METHOD
    assert "did:ion" in info.value.message
    document = {
        "id": "did:ion:EiAnKD8",
        "verificationMethod": [
            {
                "id": "did:ion:EiAnKD8#key-1",
                "type": "Multikey",
                "controller": "did:ion:EiAnKD8",
                "publicKeyMultibase": OLD.public_key.multikey,
            }
        ],
        "assertionMethod": ["did:ion:EiAnKD8#key-1"],
    }
    assert resolver({"did:ion:EiAnKD8": document})("did:ion:EiAnKD8#key-1").controller == (
        "did:ion:EiAnKD8"
    )


# --- DID documents by DID, and the keys they name for assertions -------------------------------


def test_document_resolver_reads_did_key_offline_and_supplied_documents() -> None:
    resolve_document = document_resolver({ISSUER: _history_document()})
    assert resolve_document(ISSUER)["id"] == ISSUER
    assert resolve_document(did_key(OLD.public_key)) == did_key_document(did_key(OLD.public_key))


def test_document_resolver_fetches_did_web_and_checks_the_id() -> None:
    resolve_document = document_resolver(fetch=lambda url: _history_document())
    assert resolve_document(ISSUER)["id"] == ISSUER
    with pytest.raises(ResolutionError) as caught:
        resolve_document("did:web:other.example")
    assert caught.value.code is ErrorCode.DID_RESOLUTION_ERROR
    assert "is for 'did:web:uni.example', not 'did:web:other.example'" in caught.value.message


@pytest.mark.parametrize(
    ("did", "fetch"),
    [
        ("did:web:uni.example", None),
        ("did:example:123", lambda url: {}),
        ("https://uni.example", lambda url: {}),
        ("did:web:uni.example", lambda url: (_ for _ in ()).throw(OSError("timeout"))),
    ],
    ids=["no-fetcher", "other-method", "not-a-did", "fetch-fails"],
)
def test_document_resolver_refuses_what_it_cannot_read(did: str, fetch: Any) -> None:
    with pytest.raises(ResolutionError) as caught:
        document_resolver(fetch=fetch)(did)
    assert caught.value.code is ErrorCode.DID_RESOLUTION_ERROR


def test_assertion_methods_reads_embedded_relative_and_referenced_methods() -> None:
    other = did_key_verification_method(NEW.public_key)
    document = {
        "id": ISSUER,
        "verificationMethod": [
            {
                "id": "#key-1",
                "type": "Multikey",
                "controller": ISSUER,
                "publicKeyMultibase": OLD.public_key.multikey,
            }
        ],
        "assertionMethod": [
            "#key-1",
            {
                "id": f"{ISSUER}#key-2",
                "type": "Multikey",
                "controller": ISSUER,
                "publicKeyMultibase": NEW.public_key.multikey,
            },
            other,
            "did:example:elsewhere#key-9",  # unresolvable: names no key
            {"type": "Multikey"},  # no id: names no key
            7,
        ],
        "authentication": [f"{ISSUER}#key-3"],
    }
    named = assertion_methods(document, resolver())
    assert [m.id for m in named] == [f"{ISSUER}#key-1", f"{ISSUER}#key-2", other]
    assert named[0].public_key.to_jwk() == OLD.public_key.to_jwk()
    assert named[2].controller == did_key(NEW.public_key)
    # without a resolver, references to other controllers' methods are skipped
    assert [m.id for m in assertion_methods(document)] == [f"{ISSUER}#key-1", f"{ISSUER}#key-2"]


def test_assertion_methods_of_a_document_without_any() -> None:
    assert assertion_methods({"id": ISSUER, "verificationMethod": []}) == []
