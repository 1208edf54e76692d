"""Context URLs pinned by digest (VC 2.0 ``relatedResource``): recognised, checked, resolved."""

from __future__ import annotations

import base64
import copy
import hashlib
from typing import Any

import pytest

from credstack.core.crypto import multibase
from credstack.core.errors import ContextError, ErrorCode
from credstack.core.jsonld.contexts import (
    PUBLISHED_CONTEXTS,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    bundled_context_bytes,
    check_contexts,
)
from credstack.core.jsonld.pins import pinned_contexts, resolve_pinned_contexts, sri_digest
from credstack.core.jsonld.rdfc import canonicalize, canonicalize_reference
from credstack.core.ob3 import CREDSTACK_CONTEXT

SERVED = "https://credentials.uni.example/contexts/credstack/v1"
EXTENSION = bundled_context_bytes(CREDSTACK_CONTEXT)
PIN = sri_digest(EXTENSION)
OB_UNVERSIONED = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
# VC Data Model 2.0 §5.3, Examples 25 and 26: digests of the VC 2.0 context as W3C publishes it
VC_V2_SRI = "sha384-l/HrjlBCNWyAX91hr6LFV2Y3heB5Tcr6IeE4/Tje8YyzYBM8IhqjHWiWpr8+ZbYU"
VC_V2_MULTIBASE = "uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA"


def _document(*pins: dict[str, Any], context: Any = SERVED) -> dict[str, Any]:
    return {
        "@context": [VC_V2_CONTEXT, context],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:ada", "creditSystem": "ECTS"},
        "relatedResource": list(pins),
    }


def _pin(url: str = SERVED, **digests: Any) -> dict[str, Any]:
    return {"id": url, **(digests or {"digestSRI": PIN}), "mediaType": "application/ld+json"}


def _multihash(code: int, algorithm: str, data: bytes = EXTENSION) -> bytes:
    digest = hashlib.new(algorithm, data).digest()
    return bytes([code, len(digest)]) + digest


def _refused(document: Any, code: ErrorCode) -> ContextError:
    with pytest.raises(ContextError) as caught:
        pinned_contexts(document)
    assert caught.value.code is code, caught.value
    return caught.value


# -- what a pin means ------------------------------------------------------------------------


def test_the_extension_context_is_the_published_one() -> None:
    assert dict(PUBLISHED_CONTEXTS) == {"credstack/v1": CREDSTACK_CONTEXT}


def test_a_url_pinned_to_the_extension_context_is_that_context() -> None:
    assert pinned_contexts(_document(_pin())) == {SERVED: CREDSTACK_CONTEXT}


def test_resolving_names_the_bundled_url_and_leaves_the_input_alone() -> None:
    document = _document(_pin())
    original = copy.deepcopy(document)
    resolved = resolve_pinned_contexts(document)
    assert resolved["@context"] == [VC_V2_CONTEXT, CREDSTACK_CONTEXT]
    assert resolved["relatedResource"] == document["relatedResource"]  # data, not a context
    assert document == original
    check_contexts(resolved)


def test_the_resolved_document_means_what_the_bundled_url_means() -> None:
    served = resolve_pinned_contexts(_document(_pin()))
    bundled = _document(_pin(), context=CREDSTACK_CONTEXT)
    assert canonicalize(served) == canonicalize(bundled) == canonicalize_reference(bundled)


def test_every_context_position_is_resolved() -> None:
    document = {
        "@context": [VC_V2_CONTEXT, SERVED, {"T": {"@id": "urn:t", "@context": SERVED}}],
        "relatedResource": [_pin()],
        "credentialSubject": {"@context": SERVED, "id": "urn:s"},
        "proof": {"@context": [VC_V2_CONTEXT, SERVED]},
    }
    resolved = resolve_pinned_contexts(document)
    assert resolved["@context"][1] == CREDSTACK_CONTEXT
    assert resolved["@context"][2]["T"]["@context"] == CREDSTACK_CONTEXT
    assert resolved["credentialSubject"]["@context"] == CREDSTACK_CONTEXT
    assert resolved["proof"]["@context"] == [VC_V2_CONTEXT, CREDSTACK_CONTEXT]


def test_values_that_spell_the_keys_do_not_hide_a_nested_context() -> None:
    # the quick reading of a document whose keys are only at the top is told from its JSON
    # text: strings spelling "@context" or "relatedResource" send it the long way round
    document = _document(_pin())
    document["credentialSubject"] = {"@context": SERVED, "name": "@context"}
    document["description"] = "relatedResource"
    resolved = resolve_pinned_contexts(document)
    assert resolved["@context"][1] == CREDSTACK_CONTEXT
    assert resolved["credentialSubject"] == {"@context": CREDSTACK_CONTEXT, "name": "@context"}
    nested_pin = {"@context": [VC_V2_CONTEXT, SERVED], "evidence": {"relatedResource": _pin()}}
    assert pinned_contexts(nested_pin) == {SERVED: CREDSTACK_CONTEXT}


def test_a_document_json_cannot_carry_is_read_the_long_way() -> None:
    document = _document(_pin())
    document["credentialSubject"] = {1: "a key that is not a string", "@context": SERVED}
    resolved = resolve_pinned_contexts(document)
    assert resolved["credentialSubject"]["@context"] == CREDSTACK_CONTEXT


def test_a_document_without_pins_is_returned_as_it_is() -> None:
    document = {"@context": [VC_V2_CONTEXT, CREDSTACK_CONTEXT], "type": "VerifiableCredential"}
    assert resolve_pinned_contexts(document) is document
    assert pinned_contexts(document) == {}


def test_pins_given_by_the_caller_apply_to_a_document_without_them() -> None:
    # a proof configuration carries its document's @context, not its pins
    config = {"@context": [VC_V2_CONTEXT, SERVED], "type": "DataIntegrityProof"}
    resolved = resolve_pinned_contexts(config, pins=pinned_contexts(_document(_pin())))
    assert resolved["@context"] == [VC_V2_CONTEXT, CREDSTACK_CONTEXT]


def test_a_pin_inside_an_embedded_credential_holds_for_the_presentation() -> None:
    presentation = {"@context": [VC_V2_CONTEXT], "verifiableCredential": [_document(_pin())]}
    assert pinned_contexts(presentation) == {SERVED: CREDSTACK_CONTEXT}


def test_pins_of_urls_that_are_no_context_are_ignored() -> None:
    document = _document(
        _pin(),
        {"id": "https://uni.example/logo.png", "digestSRI": "sha384-bm90IHRoZSBsb2dv"},
        {"id": "https://uni.example/broken", "digestSRI": 42},
        "not an object",
        {"digestSRI": PIN},
    )
    assert pinned_contexts(document) == {SERVED: CREDSTACK_CONTEXT}


def test_a_single_pin_object_is_read_like_a_list_of_one() -> None:
    document = _document()
    document["relatedResource"] = _pin()
    assert pinned_contexts(document) == {SERVED: CREDSTACK_CONTEXT}


def test_an_unpinned_url_stays_unknown() -> None:
    document = _document()
    assert pinned_contexts(document) == {}
    with pytest.raises(ContextError) as caught:
        check_contexts(resolve_pinned_contexts(document))
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT


# -- digest forms ----------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["sha256", "sha384", "sha512"])
def test_every_sha2_sri_digest_is_understood(algorithm: str) -> None:
    pin = _pin(digestSRI=sri_digest(EXTENSION, algorithm))
    assert pinned_contexts(_document(pin)) == {SERVED: CREDSTACK_CONTEXT}


def test_sri_accepts_url_safe_base64_unpadded_options_and_lists() -> None:
    digest = base64.urlsafe_b64encode(hashlib.sha384(EXTENSION).digest()).decode().rstrip("=")
    for value in (f"sha384-{digest}", f"sha384-{digest}?ct=application/ld+json", [PIN]):
        assert pinned_contexts(_document(_pin(digestSRI=value))) == {SERVED: CREDSTACK_CONTEXT}


def test_sri_decides_by_the_strongest_algorithm_present() -> None:
    weak_right = sri_digest(EXTENSION, "sha256")
    strong_wrong = sri_digest(b"other bytes", "sha512")
    _refused(_document(_pin(digestSRI=f"{weak_right} {strong_wrong}")), ErrorCode.UNKNOWN_CONTEXT)
    strong_right = sri_digest(EXTENSION, "sha512")
    either = f"{sri_digest(b'x', 'sha512')} {strong_right} md5-abc {weak_right}"
    assert pinned_contexts(_document(_pin(digestSRI=either))) == {SERVED: CREDSTACK_CONTEXT}


@pytest.mark.parametrize(
    ("code", "algorithm"), [(0x12, "sha256"), (0x20, "sha384"), (0x13, "sha512")]
)
def test_multibase_multihash_digests_are_understood(code: int, algorithm: str) -> None:
    multihash = _multihash(code, algorithm)
    for value in (multibase.encode_base64url(multihash), multibase.encode_base58btc(multihash)):
        pin = _pin(digestMultibase=value)
        assert pinned_contexts(_document(pin)) == {SERVED: CREDSTACK_CONTEXT}


def test_every_digest_of_a_pin_must_match() -> None:
    wrong = multibase.encode_base64url(_multihash(0x12, "sha256", b"other"))
    _refused(_document(_pin(digestSRI=PIN, digestMultibase=wrong)), ErrorCode.UNKNOWN_CONTEXT)
    truncated = multibase.encode_base64url(_multihash(0x12, "sha256")[:-1])
    _refused(_document(_pin(digestMultibase=truncated)), ErrorCode.UNKNOWN_CONTEXT)


def test_the_vc_data_model_examples_pin_the_bundled_vc_2_context() -> None:
    for digests in ({"digestSRI": VC_V2_SRI}, {"digestMultibase": VC_V2_MULTIBASE}):
        document = _document(_pin(VC_V2_CONTEXT, **digests), context=CREDSTACK_CONTEXT)
        assert pinned_contexts(document) == {}  # bundled: checked, nothing to resolve


# -- refused pins ----------------------------------------------------------------------------


def test_a_bundled_context_pinned_to_other_bytes_is_a_digest_mismatch() -> None:
    document = _document(_pin(CREDSTACK_CONTEXT, digestSRI=VC_V2_SRI), context=CREDSTACK_CONTEXT)
    error = _refused(document, ErrorCode.CONTEXT_DIGEST_MISMATCH)
    assert error.to_dict()["context"] == CREDSTACK_CONTEXT
    assert CREDSTACK_CONTEXT in error.message


def test_a_vc_1_1_document_pins_the_content_it_reads() -> None:
    legacy = bundled_context_bytes(OB_UNVERSIONED, vc11=True)
    assert legacy != bundled_context_bytes(OB_UNVERSIONED)
    document = {"@context": [VC_V1_CONTEXT, OB_UNVERSIONED], "relatedResource": []}
    document["relatedResource"] = [_pin(OB_UNVERSIONED, digestSRI=sri_digest(legacy))]
    assert pinned_contexts(document) == {}
    document["relatedResource"] = [_pin(OB_UNVERSIONED, digestSRI=sri_digest(legacy[:-1]))]
    _refused(document, ErrorCode.CONTEXT_DIGEST_MISMATCH)


def test_a_url_pinned_to_content_credstack_does_not_publish_is_unknown() -> None:
    error = _refused(_document(_pin(digestSRI=VC_V2_SRI)), ErrorCode.UNKNOWN_CONTEXT)
    assert error.to_dict()["context"] == SERVED
    assert CREDSTACK_CONTEXT in error.message  # it says what it does publish


def test_every_pin_of_a_url_must_match_the_same_context() -> None:
    _refused(_document(_pin(), _pin(digestSRI=VC_V2_SRI)), ErrorCode.UNKNOWN_CONTEXT)
    twice = _document(_pin(), _pin(digestSRI=sri_digest(EXTENSION, "sha256")))
    assert pinned_contexts(twice) == {SERVED: CREDSTACK_CONTEXT}


@pytest.mark.parametrize(
    ("digests", "problem"),
    [
        ({"mediaType": "application/ld+json"}, "neither digestSRI nor digestMultibase"),
        ({"digestSRI": "md5-1B2M2Y8AsgTpgAmY7PhCfg=="}, "no digestSRI credstack can check"),
        ({"digestSRI": "not a hash expression"}, "no digestSRI credstack can check"),
        ({"digestSRI": 384}, "not a string or a list of strings"),
        ({"digestSRI": []}, "not a string or a list of strings"),
        ({"digestMultibase": "uAAAA"}, "no digestMultibase credstack can check"),
        ({"digestMultibase": "x-not-multibase"}, "no digestMultibase credstack can check"),
        ({"digestMultibase": ["z!!"]}, "no digestMultibase credstack can check"),
    ],
    ids=[
        "no digest",
        "md5",
        "no expression",
        "number",
        "empty list",
        "identity hash",
        "unknown base",
        "bad base58",
    ],
)
def test_a_pin_credstack_cannot_check_is_invalid(digests: dict[str, Any], problem: str) -> None:
    pin = {"id": SERVED, **digests}
    error = _refused(_document(pin), ErrorCode.INVALID_CONTEXT)
    assert problem in error.message
    assert error.to_dict()["context"] == SERVED


def test_a_bundled_url_with_a_pin_credstack_cannot_check_is_invalid() -> None:
    pin = {"id": VC_V2_CONTEXT, "digestSRI": "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk="}
    _refused(_document(pin, context=CREDSTACK_CONTEXT), ErrorCode.INVALID_CONTEXT)
