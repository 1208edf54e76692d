"""Issued credentials verify; any change an attacker makes to them does not.

One credential per signature suite is issued through :func:`issue_credential` and then edited
every way Hypothesis finds: a value replaced, a member added or removed, one character of the
signature changed. Each edit must leave ``verified`` false with the ``proof`` check failed.
Reordering the members of the JSON objects changes nothing a signature covers, so it must
still verify.

Edits that the ``format`` check refuses before any proof is looked at (no ``@context``, no
issuer, no credentialSubject, no ``VerifiableCredential`` type) are left out here; the
MALFORMED_VALUE_ERROR tests cover them.
"""

from __future__ import annotations

import copy
import random
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import (
    expected,
    issue,
    jws,
    jws_parts,
    options,
    outcome,
)
from tests.strategies import (
    BASE58_ALPHABET,
    BASE64URL_ALPHABET,
    TamperPath,
    tamper_additions,
    tamper_flips,
    tamper_get,
    tamper_junk,
    tamper_paths,
    tamper_replacements,
)

DATA_INTEGRITY = [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022]
ISSUED: dict[SignatureSuite, Any] = {suite: issue(suite=suite) for suite in SignatureSuite}
ISSUED_REPORTS = {suite: verify_document(ISSUED[suite], options()).to_json() for suite in ISSUED}
PAYLOAD = jws_parts(ISSUED[SignatureSuite.VC_JWT])

# the format check's business, and the signatures themselves (flipped separately)
FORMAT_PATHS = frozenset(
    {("@context",), ("type",), ("issuer",), ("issuer", "id"), ("credentialSubject",), ("proof",)}
)
TAMPER = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# terms every context in these credentials defines, wherever they are added
DEFINED_NAMES = st.sampled_from(["name", "description"])
B64_VALUES = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
"""The base64url characters in the order of the 6-bit values they encode."""
ANY_NAMES = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzXYZ"), min_size=1, max_size=10)


def _replaced(document: Any, path: TamperPath, value: Any) -> Any:
    edited = copy.deepcopy(document)
    tamper_get(edited, path[:-1])[path[-1]] = value
    return edited


def _removed(document: Any, path: TamperPath) -> Any:
    edited = copy.deepcopy(document)
    del tamper_get(edited, path[:-1])[path[-1]]
    return edited


def _added(document: Any, path: TamperPath, name: str, value: Any) -> Any:
    edited = copy.deepcopy(document)
    tamper_get(edited, path)[name] = value
    return edited


def _signed_payload(payload: dict[str, Any]) -> str:
    """The VC-JWT with ``payload`` in place of its own, and its original signature."""
    header, _, signature = PAYLOAD
    return jws(header, payload, signature)


def _assert_refused(document: Any, path: TamperPath = ()) -> None:
    report = verify_document(document, options())
    checks = outcome(report)
    # the pin of the extension context decides what its URL means: a changed pin is refused
    # by the contexts check before any proof is read (a changed media type, by the proof)
    pinned = path[:1] == ("relatedResource",) and checks["contexts"][0] == "failed"
    assert pinned or checks["proof"][0] == "failed", checks
    assert report.verified is False


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_an_issued_credential_verifies(suite: SignatureSuite) -> None:
    report = verify_document(ISSUED[suite], options())
    assert outcome(report) == expected()
    assert report.verified is True


@pytest.mark.parametrize("suite", DATA_INTEGRITY)
@TAMPER
@given(data=st.data())
def test_a_replaced_value_breaks_a_data_integrity_proof(
    suite: SignatureSuite, data: st.DataObject
) -> None:
    document = ISSUED[suite]
    path, value = data.draw(tamper_replacements(document, skip=FORMAT_PATHS))
    _assert_refused(_replaced(document, path, value), path)


@TAMPER
@given(data=st.data())
def test_a_replaced_value_breaks_a_vc_jwt(data: st.DataObject) -> None:
    payload = PAYLOAD[1]
    path, value = data.draw(tamper_replacements(payload))
    _assert_refused(_signed_payload(_replaced(payload, path, value)))


@pytest.mark.parametrize("suite", DATA_INTEGRITY)
@TAMPER
@given(data=st.data())
def test_a_removed_member_or_item_breaks_a_data_integrity_proof(
    suite: SignatureSuite, data: st.DataObject
) -> None:
    document = ISSUED[suite]
    path = data.draw(st.sampled_from(tamper_paths(document, skip=FORMAT_PATHS)))
    _assert_refused(_removed(document, path), path)


@TAMPER
@given(data=st.data())
def test_a_removed_member_or_item_breaks_a_vc_jwt(data: st.DataObject) -> None:
    payload = PAYLOAD[1]
    path = data.draw(st.sampled_from(tamper_paths(payload)))
    _assert_refused(_signed_payload(_removed(payload, path)))


@TAMPER
@given(data=st.data())
def test_an_added_defined_member_breaks_an_rdfc_proof(data: st.DataObject) -> None:
    document = ISSUED[SignatureSuite.EDDSA_RDFC_2022]
    path, name, value = data.draw(tamper_additions(document, names=DEFINED_NAMES))
    _assert_refused(_added(document, path, name, value))


@TAMPER
@given(data=st.data())
def test_any_added_member_breaks_a_jcs_proof(data: st.DataObject) -> None:
    document = ISSUED[SignatureSuite.EDDSA_JCS_2022]
    path, name, value = data.draw(tamper_additions(document, names=DEFINED_NAMES | ANY_NAMES))
    _assert_refused(_added(document, path, name, value))


@TAMPER
@given(data=st.data())
def test_any_added_member_breaks_a_vc_jwt(data: st.DataObject) -> None:
    payload = PAYLOAD[1]
    path, name, value = data.draw(tamper_additions(payload, names=DEFINED_NAMES | ANY_NAMES))
    _assert_refused(_signed_payload(_added(payload, path, name, value)))


def _carries_data(value: Any) -> bool:
    """False for ``null``, and for arrays and ``@set`` objects of nothing but ``null``: JSON-LD
    flattens and drops them, and a reader sees nothing in them either."""
    if isinstance(value, list):
        return any(_carries_data(item) for item in value)
    if isinstance(value, dict) and set(value) == {"@set"}:
        return _carries_data(value["@set"])
    return value is not None


# names that no context defines, that look like keywords, or that JSON-LD keeps out of RDF
UNSIGNABLE_NAMES = st.sampled_from(["grade", "poison", "@poison", "@index", "@vocab", "@base"])


@TAMPER
@given(data=st.data())
def test_any_member_added_anywhere_fails_an_rdfc_credential(data: st.DataObject) -> None:
    # RDFC signs the RDF graph, and JSON-LD drops what no context defines: such an addition
    # leaves the signature valid, so the verdict must come from the coverage check instead
    document = ISSUED[SignatureSuite.EDDSA_RDFC_2022]
    names = DEFINED_NAMES | ANY_NAMES | UNSIGNABLE_NAMES
    path, name, _ = data.draw(tamper_additions(document, names=names))
    value = data.draw(tamper_junk().filter(_carries_data))
    report = verify_document(_added(document, path, name, value), options())
    assert report.verified is False, (path, name, value)


@TAMPER
@given(data=st.data())
def test_any_item_inserted_in_a_list_fails_an_rdfc_credential_unless_already_there(
    data: st.DataObject,
) -> None:
    document = ISSUED[SignatureSuite.EDDSA_RDFC_2022]
    # the @context list is the contexts check's business: it gives meaning, it states nothing
    lists = [
        p
        for p in tamper_paths(document)
        if isinstance(tamper_get(document, p), list) and p[:1] != ("@context",)
    ]
    path = data.draw(st.sampled_from(lists))
    value = data.draw(tamper_junk().filter(_carries_data))
    position = data.draw(st.integers(0, len(tamper_get(document, path))))
    edited = copy.deepcopy(document)
    tamper_get(edited, path).insert(position, value)
    report = verify_document(edited, options())
    # a repeated item of a set is the same statement, which the signature does cover
    assert report.verified is False or value in tamper_get(document, path), (path, value)


def test_an_added_undefined_member_is_reported_by_the_terms_and_proof_checks() -> None:
    document = _added(ISSUED[SignatureSuite.EDDSA_RDFC_2022], (), "grade", "A+")
    report = verify_document(document, options())
    assert outcome(report)["proof"] == ("failed", "UNSIGNED_CONTENT")
    assert outcome(report)["terms"] == ("warning", "UNDEFINED_TERM")
    terms = report.check("terms")
    assert terms is not None
    assert terms.message.endswith(": grade")


@pytest.mark.parametrize("suite", DATA_INTEGRITY)
@TAMPER
@given(data=st.data())
def test_a_changed_proof_value_character_breaks_the_proof(
    suite: SignatureSuite, data: st.DataObject
) -> None:
    document = ISSUED[suite]
    proof_value = document["proof"][0]["proofValue"]
    index, char = data.draw(tamper_flips(proof_value, BASE58_ALPHABET + "z"))
    edited = _replaced(
        document,
        ("proof", 0, "proofValue"),
        proof_value[:index] + char + proof_value[index + 1 :],
    )
    report = verify_document(edited, options())
    assert outcome(report)["proof"] in {
        ("failed", "PROOF_VERIFICATION_ERROR"),
        ("failed", "MALFORMED_VALUE_ERROR"),  # the multibase prefix, or no longer base58btc
    }
    assert report.verified is False


@TAMPER
@given(data=st.data())
def test_a_changed_jws_character_breaks_a_vc_jwt(data: st.DataObject) -> None:
    token = ISSUED[SignatureSuite.VC_JWT]
    index, char = data.draw(tamper_flips(token, BASE64URL_ALPHABET))
    _assert_refused(token[:index] + char + token[index + 1 :])


@pytest.mark.parametrize("offset", range(1, 16))
def test_another_spelling_of_the_same_jws_signature_is_refused(offset: int) -> None:
    # 64 signature bytes take 86 base64url characters; the last one carries 4 bits that
    # decoders ignore, so 16 characters decode to the same signature. Only the one the
    # signer wrote (unused bits zero) is the signed token.
    token = ISSUED[SignatureSuite.VC_JWT]
    header, payload, signature = token.split(".")
    value = B64_VALUES.index(signature[-1])
    assert len(signature) == 86
    assert value % 16 == 0
    same_bytes = B64_VALUES[value + offset]
    report = verify_document(f"{header}.{payload}.{signature[:-1]}{same_bytes}", options())
    assert outcome(report)["proof"] == ("failed", "PARSING_ERROR")
    assert report.verified is False


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


@pytest.mark.parametrize("suite", DATA_INTEGRITY)
@settings(TAMPER, max_examples=25)
@given(rng=st.randoms(use_true_random=False))
def test_reordered_members_still_verify(suite: SignatureSuite, rng: random.Random) -> None:
    document = ISSUED[suite]
    reordered = _shuffled(document, rng)
    assert reordered == document
    report = verify_document(reordered, options())
    assert report.verified is True
    assert report.to_json() == ISSUED_REPORTS[suite]
