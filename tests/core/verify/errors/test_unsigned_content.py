"""UNSIGNED_CONTENT: an RDF-canonicalized proof that verifies, over a document showing more.

``eddsa-rdfc-2022`` and ``Ed25519Signature2020`` sign the RDF dataset. Anything JSON-LD drops
on the way (a key or type no context defines, a keyword-like key, ``@index``) is outside the
signature, yet a reader of the JSON sees it. Such a proof fails, naming the JSON paths; no
option turns it into a pass. ``eddsa-jcs-2022`` and VC-JWT sign the bytes: there an undefined
term stays a ``terms`` warning.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.verify import verify_document
from tests.factories import NOW, add_signature, issue, options, outcome, sign_ed25519_2020

Edit = Callable[[dict[str, Any]], None]

# the attacks of the report that found the hole, and their relatives
EDITS: dict[str, tuple[Edit, list[str]]] = {
    "grade in the achievement": (
        lambda d: d["credentialSubject"]["achievement"].__setitem__("grade", "A+"),
        ["credentialSubject.achievement.grade"],
    ),
    "poison in the subject": (
        lambda d: d["credentialSubject"].__setitem__("poison", "x"),
        ["credentialSubject.poison"],
    ),
    "a blank-node clique under an undefined key": (
        lambda d: d["credentialSubject"].__setitem__("poison", _clique(10)),
        ["credentialSubject.poison"],
    ),
    "an object at the top": (
        lambda d: d.__setitem__("approvedBy", {"type": "Dean", "name": "Prof. X"}),
        ["approvedBy"],
    ),
    "an undefined type": (
        lambda d: d["type"].append("AccreditedDegree"),
        ["type[2]"],
    ),
    "a keyword-like key": (
        lambda d: d["credentialSubject"].__setitem__("@grade", "A+"),
        ["credentialSubject.@grade"],
    ),
    "an @index": (
        lambda d: d["credentialSubject"]["achievement"].__setitem__("@index", "honours"),
        ["credentialSubject.achievement.@index"],
    ),
    "two places at once": (
        lambda d: (d.__setitem__("grade", "A"), d["credentialSubject"].__setitem__("grade", "B")),
        ["credentialSubject.grade", "grade"],
    ),
    "an undefined key in the proof": (
        lambda d: d["proof"][0].__setitem__("note", "signed in a hurry"),
        ["proof[0].note"],
    ),
}


def _clique(size: int) -> list[dict[str, Any]]:
    ids = [f"_:n{i}" for i in range(size)]
    return [{"id": node, "knows": [o for o in ids if o != node]} for node in ids]


@pytest.mark.parametrize("name", sorted(EDITS))
def test_rdfc_credentials_with_unsigned_content_fail_naming_the_paths(name: str) -> None:
    edit, paths = EDITS[name]
    credential = issue()
    edit(credential)
    report = verify_document(credential, options())
    proof = report.check("proof")
    assert proof is not None
    assert outcome(report)["proof"] == ("failed", "UNSIGNED_CONTENT")
    assert list(proof.detail["paths"]) == paths
    for path in paths:
        assert path in proof.message
    assert report.verified is False
    assert proof.to_json()["detail"] == {"paths": paths}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_strict_or_lenient_the_verdict_is_the_same(name: str) -> None:
    edit, _ = EDITS[name]
    credential = issue()
    edit(credential)
    for strict in (False, True):
        report = verify_document(credential, options(strict=strict))
        assert outcome(report)["proof"] == ("failed", "UNSIGNED_CONTENT")


def test_the_signature_really_is_valid_over_what_it_covers() -> None:
    # the hole: the canonical form, hence the signature, does not change with the added claim
    from credstack.core.jsonld.rdfc import canonicalize

    credential = issue()
    edited = copy.deepcopy(credential)
    edited["credentialSubject"]["achievement"]["grade"] = "A+"
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    edited_unsecured = {k: v for k, v in edited.items() if k != "proof"}
    assert canonicalize(unsecured) == canonicalize(edited_unsecured)


def test_a_clean_rdfc_credential_passes() -> None:
    report = verify_document(issue(), options())
    assert outcome(report)["proof"] == ("passed", None)
    assert report.verified


def test_eddsa_jcs_signs_the_bytes_so_an_added_term_breaks_the_signature() -> None:
    credential = issue(suite=SignatureSuite.EDDSA_JCS_2022)
    credential["credentialSubject"]["achievement"]["grade"] = "A+"
    report = verify_document(credential, options())
    assert outcome(report)["terms"] == ("warning", "UNDEFINED_TERM")
    assert outcome(report)["proof"] == ("failed", "PROOF_VERIFICATION_ERROR")


def test_eddsa_jcs_covers_an_undefined_term_it_signed_so_it_stays_a_warning() -> None:
    unsigned = _unsigned_ob_credential()
    unsigned["credentialSubject"]["achievement"]["grade"] = "A+"
    credential = add_signature(unsigned, cryptosuite=EDDSA_JCS_2022)
    report = verify_document(credential, options())
    assert outcome(report)["terms"] == ("warning", "UNDEFINED_TERM")
    assert outcome(report)["proof"] == ("passed", None)
    credential["credentialSubject"]["achievement"]["grade"] = "A"
    assert outcome(verify_document(credential, options()))["proof"][1] == (
        "PROOF_VERIFICATION_ERROR"
    )


# -- Ed25519Signature2020 (verified, never issued) -------------------------------------------


def _unsigned_ob_credential() -> dict[str, Any]:
    credential = issue()
    del credential["proof"]
    return credential


def test_an_ed25519_signature_2020_credential_verifies_when_clean() -> None:
    report = verify_document(sign_ed25519_2020(issue()), options(now=NOW))
    assert outcome(report)["proof"] == ("passed", None), report.to_json()


@pytest.mark.parametrize(
    "name", ["grade in the achievement", "poison in the subject", "an undefined type"]
)
def test_ed25519_signature_2020_with_unsigned_content_fails(name: str) -> None:
    edit, paths = EDITS[name]
    credential = sign_ed25519_2020(issue())
    edit(credential)
    report = verify_document(credential, options())
    proof = report.check("proof")
    assert proof is not None
    assert outcome(report)["proof"] == ("failed", "UNSIGNED_CONTENT")
    assert list(proof.detail["paths"]) == paths
