"""Interoperability with Digital Bazaar's ``vc`` libraries (node): an implementation not ours.

Credentials signed by credstack must verify in ``vc.verifyCredential``; credentials signed by
``vc.issue`` must verify in credstack; tampered credentials must fail in both. Both
implementations are given the same key, so for a given proof configuration they must also
compute the same signature (Ed25519 is deterministic), which checks canonicalization and
hashing byte for byte rather than only "each accepts the other".

Key resolution on the node side is independent too: did:key DIDs are expanded into DID
documents by Digital Bazaar's own did:key driver; other controllers (did:web, https) come from
the DID documents the tests hand over.

Where the two disagree the tests say so rather than avoid the case: a strict ``xfail`` marks a
credstack defect (it turns into a failure once fixed, so the marker gets removed), a plain test
records a Digital Bazaar behaviour (it fails on the upgrade that changes it).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from credstack.core.crypto.keys import (
    Ed25519KeyPair,
    key_pair_from_multikey,
    public_key_from_multikey,
)
from credstack.core.errors import CredstackError, ErrorCode, ProofError
from credstack.core.proofs.data_integrity import Cryptosuite, ProofOptions, add_proof
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.proofs.eddsa_rdfc_2022 import EDDSA_RDFC_2022
from tests.interop.credentials import (
    ISSUER_DID,
    ISSUER_KEY,
    ISSUER_METHOD,
    JsonObject,
    micro_credential,
    realistic_credential,
)

if TYPE_CHECKING:
    from tests.interop.conftest import DigitalBazaar

pytestmark = pytest.mark.interop

CREATED = "2025-01-01T00:00:00Z"
VECTOR_DIR = (
    Path(__file__).parents[1] / "vectors" / "test-vectors" / "1edtech-ob-v3p0-eddsa-rdfc-2022"
)

SUITES = pytest.mark.parametrize(
    "suite", [EDDSA_RDFC_2022, EDDSA_JCS_2022], ids=lambda suite: suite.name
)
CREDENTIALS: dict[str, Callable[[str], JsonObject]] = {
    "micro": micro_credential,
    "realistic": realistic_credential,
}
KINDS = pytest.mark.parametrize("kind", list(CREDENTIALS))


# --- the two implementations ----------------------------------------------------------------


def credstack_sign(
    credential: JsonObject,
    suite: Cryptosuite,
    key_pair: Ed25519KeyPair = ISSUER_KEY,
    verification_method: str = ISSUER_METHOD,
) -> JsonObject:
    options = ProofOptions(verification_method=verification_method, created=CREATED)
    return add_proof(credential, suite.create_proof(credential, options, key_pair))


def credstack_verify(signed: JsonObject, suite: Cryptosuite) -> None:
    """Verify with the key named by a did:key verification method; raise ProofError if bad."""
    proof = signed["proof"]
    did, _, fragment = proof["verificationMethod"].partition("#")
    assert did == f"did:key:{fragment}", "credstack_verify resolves did:key methods only"
    suite.verify_proof(signed, proof, public_key_from_multikey(fragment))


def node_sign(
    digitalbazaar: DigitalBazaar, credential: JsonObject, suite: Cryptosuite
) -> JsonObject:
    return digitalbazaar.sign(
        credential,
        ISSUER_KEY,
        suite.name,
        verification_method=ISSUER_METHOD,
        controller=ISSUER_DID,
        date=CREATED,
    )


def did_document(did: str, key_pair: Ed25519KeyPair, relationship: str) -> JsonObject:
    method_id = f"{did}#key-1"
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {
                "id": method_id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key_pair.public_key.multikey,
            }
        ],
        relationship: [method_id],
    }


# --- each verifies the other; both sign alike ------------------------------------------------


@SUITES
@KINDS
def test_credstack_credential_verifies_in_digitalbazaar(
    digitalbazaar: DigitalBazaar, suite: Cryptosuite, kind: str
) -> None:
    signed = credstack_sign(CREDENTIALS[kind](ISSUER_DID), suite)

    result = digitalbazaar.verify(signed)

    assert result.verified, result.errors
    assert result.errors == ()


@SUITES
@KINDS
def test_digitalbazaar_credential_verifies_in_credstack(
    digitalbazaar: DigitalBazaar, suite: Cryptosuite, kind: str
) -> None:
    credential = CREDENTIALS[kind](ISSUER_DID)

    signed = node_sign(digitalbazaar, credential, suite)

    assert {k: v for k, v in signed.items() if k != "proof"} == credential
    assert signed["proof"]["cryptosuite"] == suite.name
    credstack_verify(signed, suite)


@SUITES
@KINDS
def test_same_key_and_options_give_the_same_proof(
    digitalbazaar: DigitalBazaar, suite: Cryptosuite, kind: str
) -> None:
    credential = CREDENTIALS[kind](ISSUER_DID)

    ours = credstack_sign(credential, suite)["proof"]
    theirs = node_sign(digitalbazaar, credential, suite)["proof"]

    assert ours == theirs


def test_jcs_numbers_and_key_order_agree(digitalbazaar: DigitalBazaar) -> None:
    """JCS edge cases: floats JCS prints as integers, and keys beyond the BMP.

    JCS orders keys by UTF-16 code unit, so U+1F393 (a surrogate pair, 0xD83C…) sorts before
    U+E000; ordering by code point would put it after. JSON-LD is not involved in
    ``eddsa-jcs-2022``, so these members need no context.
    """
    credential = micro_credential()
    credential["credentialSubject"]["extension"] = {
        "\ue000": "private use",
        "\U0001f393": "graduation cap",
        "ü": "latin-1",
        "a": [5.0, 1e16, 0.1, -0.0, 1e-7, 123456789.125, 2**53 - 1],
    }

    ours = credstack_sign(credential, EDDSA_JCS_2022)
    theirs = node_sign(digitalbazaar, credential, EDDSA_JCS_2022)

    assert ours["proof"] == theirs["proof"]
    assert digitalbazaar.verify(ours).verified


@pytest.mark.parametrize("credits", [0.1 + 0.2, 434.99999999999994, 3.3000000000000003])
def test_float_needing_17_digits_canonicalizes_alike(
    digitalbazaar: DigitalBazaar, credits: float
) -> None:
    """Credits computed by float arithmetic: 0.1 + 0.2 == 0.30000000000000004.

    JSON-LD writes such a double with 16 significant digits ("3.0E-1"), where Python's
    shortest form has 17; credstack writes what jsonld.js writes, so the signatures agree.
    """
    credential = realistic_credential()
    credential["credentialSubject"]["creditsEarned"] = credits
    credential["credentialSubject"]["achievement"]["creditsAvailable"] = credits

    ours = credstack_sign(credential, EDDSA_RDFC_2022)
    theirs = node_sign(digitalbazaar, credential, EDDSA_RDFC_2022)

    assert ours["proof"] == theirs["proof"]
    assert digitalbazaar.verify(ours).verified
    credstack_verify(theirs, EDDSA_RDFC_2022)


def test_jsonld_js_turns_floats_below_1e_6_into_zero(digitalbazaar: DigitalBazaar) -> None:
    """A jsonld.js 9.0.0 defect, recorded so that an upgrade that fixes it is noticed.

    jsonld.js treats a number as a double only when ``String(n)`` contains a "." (or
    ``|n| >= 1e21``); ``String(2e-7)`` is "2e-7", so the value becomes the integer "0". The
    value is then not protected by Digital Bazaar's signature, and credstack (which writes
    "2.0E-7", as pyld does) and Digital Bazaar disagree in both directions.
    """
    credential = micro_credential()
    credential["credentialSubject"]["achievement"]["creditsAvailable"] = 2e-7

    ours = digitalbazaar.verify(credstack_sign(credential, EDDSA_RDFC_2022))
    theirs = node_sign(digitalbazaar, credential, EDDSA_RDFC_2022)
    changed = copy.deepcopy(theirs)
    changed["credentialSubject"]["achievement"]["creditsAvailable"] = 9e-7

    assert ours.errors == ("Invalid signature.",)
    with pytest.raises(ProofError):
        credstack_verify(theirs, EDDSA_RDFC_2022)
    assert digitalbazaar.verify(changed).verified


def set_schema_type_without_its_context(credential: JsonObject) -> None:
    credential["credentialSchema"] = realistic_credential()["credentialSchema"]


NOT_AN_IRI = "https://badges.example.edu/a b"


def set_achievement_id_that_is_not_an_iri(credential: JsonObject) -> None:
    credential["credentialSubject"]["achievement"]["id"] = NOT_AN_IRI


@pytest.mark.parametrize(
    ("change", "error", "credstack_refusal"),
    [
        (
            set_schema_type_without_its_context,
            "Safe mode validation error. "
            '[relative @type reference: {"type":"1EdTechJsonSchemaValidator2019"}]',
            None,
        ),
        (
            set_achievement_id_that_is_not_an_iri,
            "Safe mode validation error. [relative @id reference: "
            f'{{"id":"{NOT_AN_IRI}","expandedId":"{NOT_AN_IRI}"}}]',
            ErrorCode.MALFORMED_VALUE_ERROR,
        ),
    ],
    ids=["undefined-type", "invalid-iri"],
)
def test_digitalbazaar_refuses_what_json_ld_would_drop(
    digitalbazaar: DigitalBazaar,
    change: Callable[[JsonObject], None],
    error: str,
    credstack_refusal: ErrorCode | None,
) -> None:
    """jsonld.js runs in safe mode: data that RDF conversion would drop makes verification fail.

    The OB extensions context defines ``1EdTechJsonSchemaValidator2019``; without it the type
    is a relative IRI, which credstack drops as pyld does (the type carries no data). A space
    makes an ``id`` a relative IRI too: credstack refuses to sign that, since the whole node
    would be left out of the signature, so Digital Bazaar is shown a credential changed after
    credstack signed it.
    """
    credential = micro_credential()
    changed = copy.deepcopy(credential)
    change(changed)

    try:
        signed = credstack_sign(changed, EDDSA_RDFC_2022)
        refusal = None
    except CredstackError as exc:
        refusal = exc.code
        signed = add_proof(changed, credstack_sign(credential, EDDSA_RDFC_2022)["proof"])
    result = digitalbazaar.verify(signed)

    assert refusal is credstack_refusal
    assert not result.verified
    assert result.errors == (error,)


def test_credstack_does_not_sign_a_node_it_cannot_name() -> None:
    """A node whose id is not an IRI would be left out of what is signed: credstack refuses to
    sign it (as jsonld.js's safe mode refuses it), naming the value."""
    credential = micro_credential()
    set_achievement_id_that_is_not_an_iri(credential)

    with pytest.raises(CredstackError) as caught:
        credstack_sign(credential, EDDSA_RDFC_2022)

    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert caught.value.to_dict()["invalid_values"] == [NOT_AN_IRI]


# --- tampering is caught by both -------------------------------------------------------------


def change_name(signed: JsonObject) -> None:
    signed["name"] = "Data Protection Advanced"


def change_subject_id(signed: JsonObject) -> None:
    signed["credentialSubject"]["id"] = "did:example:ebfeb1f712ebc6f1c276e12ec22"


def flip_proof_value(signed: JsonObject) -> None:
    value = signed["proof"]["proofValue"]
    middle = len(value) // 2
    replacement = "2" if value[middle] != "2" else "3"
    signed["proof"]["proofValue"] = value[:middle] + replacement + value[middle + 1 :]


TAMPERINGS = {
    "name": change_name,
    "subject-id": change_subject_id,
    "proof-value": flip_proof_value,
}


@SUITES
@pytest.mark.parametrize("signer", ["credstack", "digitalbazaar"])
@pytest.mark.parametrize("tamper", list(TAMPERINGS))
def test_tampered_credential_fails_in_both(
    digitalbazaar: DigitalBazaar, suite: Cryptosuite, signer: str, tamper: str
) -> None:
    credential = micro_credential()
    if signer == "credstack":
        signed = credstack_sign(credential, suite)
    else:
        signed = node_sign(digitalbazaar, credential, suite)
    assert digitalbazaar.verify(signed).verified
    tampered = copy.deepcopy(signed)
    TAMPERINGS[tamper](tampered)

    result = digitalbazaar.verify(tampered)

    assert not result.verified
    assert result.errors == ("Invalid signature.",)
    with pytest.raises(ProofError):
        credstack_verify(tampered, suite)


# --- a third-party test vector and issuer forms ----------------------------------------------


def load_vector(name: str) -> JsonObject:
    document: JsonObject = json.loads((VECTOR_DIR / name).read_text(encoding="utf-8"))
    return document


def vector_controller_document() -> JsonObject:
    keypair = load_vector("keypair.json")
    controller = keypair["controller"]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": controller,
        "verificationMethod": [
            {
                "id": keypair["id"],
                "type": "Multikey",
                "controller": controller,
                "publicKeyMultibase": keypair["publicKeyMultibase"],
            }
        ],
        "assertionMethod": [keypair["id"]],
    }


def test_1edtech_vector_verifies_in_digitalbazaar(digitalbazaar: DigitalBazaar) -> None:
    """The 1EdTech implementation guide's signed OB 3.0 credential (https issuer)."""
    result = digitalbazaar.verify(load_vector("signed.json"), [vector_controller_document()])

    assert result.verified, result.errors


def test_1edtech_vector_signed_again_in_both_gives_its_proof_value(
    digitalbazaar: DigitalBazaar,
) -> None:
    keypair = load_vector("keypair.json")
    key_pair = key_pair_from_multikey(keypair["secretKeyMultibase"])
    assert isinstance(key_pair, Ed25519KeyPair)
    signed = load_vector("signed.json")
    unsigned = load_vector("unsigned.json")
    options = ProofOptions(verification_method=keypair["id"], created=signed["proof"]["created"])

    ours = EDDSA_RDFC_2022.create_proof(unsigned, options, key_pair)
    theirs = digitalbazaar.sign(
        unsigned,
        key_pair,
        "eddsa-rdfc-2022",
        verification_method=keypair["id"],
        controller=keypair["controller"],
        date=signed["proof"]["created"],
    )["proof"]

    assert ours["proofValue"] == signed["proof"]["proofValue"]
    assert theirs["proofValue"] == signed["proof"]["proofValue"]


@SUITES
def test_did_web_issuer_verifies_with_its_did_document(
    digitalbazaar: DigitalBazaar, suite: Cryptosuite
) -> None:
    did = "did:web:badges.example.edu"
    document = did_document(did, ISSUER_KEY, "assertionMethod")
    signed = credstack_sign(realistic_credential(did), suite, verification_method=f"{did}#key-1")

    result = digitalbazaar.verify(signed, [document])

    assert result.verified, result.errors


def test_key_not_listed_for_assertion_is_refused(digitalbazaar: DigitalBazaar) -> None:
    did = "did:web:badges.example.edu"
    document = did_document(did, ISSUER_KEY, "authentication")
    signed = credstack_sign(
        micro_credential(did), EDDSA_RDFC_2022, verification_method=f"{did}#key-1"
    )

    result = digitalbazaar.verify(signed, [document])

    assert not result.verified
    assert result.errors == (
        f'Verification method "{did}#key-1" not authorized by controller for proof '
        'purpose "assertionMethod".',
    )


@pytest.mark.parametrize("form", ["profile", "url"])
def test_issuer_may_be_a_profile_or_a_url(digitalbazaar: DigitalBazaar, form: str) -> None:
    credential = micro_credential()
    if form == "url":
        credential["issuer"] = ISSUER_DID

    result = digitalbazaar.verify(credstack_sign(credential, EDDSA_RDFC_2022))

    assert result.verified, result.errors


def test_issuer_must_control_the_signing_key(digitalbazaar: DigitalBazaar) -> None:
    """vc.verifyCredential binds the proof to the issuer: issuer.id == method controller."""
    signed = credstack_sign(micro_credential("https://badges.example.edu"), EDDSA_RDFC_2022)

    result = digitalbazaar.verify(signed)

    assert not result.verified
    assert result.errors == ("Credential issuer must match the verification method controller.",)


def test_node_document_loader_is_offline(digitalbazaar: DigitalBazaar) -> None:
    """A context that is not bundled is refused, not fetched (RDFC must load every context)."""
    signed = credstack_sign(micro_credential(), EDDSA_RDFC_2022)
    signed["@context"] = [*signed["@context"], "https://contexts.example.org/v1"]

    result = digitalbazaar.verify(signed)

    assert not result.verified
    assert any("offline document loader" in error for error in result.errors), result.errors
