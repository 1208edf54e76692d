"""Credentials that name the extension context where an installation serves it.

An installation names ``{contexts URL}/credstack/v1`` and pins it to the extension context's
digest (``relatedResource``). Any credstack verifier reads such a credential offline, whatever
the installation: the pin, not the URL, says which context it is. Without the pin the URL is
just an unknown context; a pin the signature does not cover changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.errors import CredstackError, ErrorCode
from credstack.core.issuing import SignatureSuite, check_issuable, sign_credential
from credstack.core.ob3 import CREDSTACK_CONTEXT, build_credential, parse_credential
from credstack.core.verify import verify_document
from tests.factories import (
    HOLDER,
    ISSUER,
    NOW,
    achievement,
    expected,
    issuer_profile,
    options,
    outcome,
    presentation,
)

SERVED = "https://credentials.uni.example/contexts/credstack/v1"
ELSEWHERE = "https://badges.other.example/ld/credstack/v1"


def _unsigned(url: str = SERVED) -> dict[str, Any]:
    return build_credential(
        id="urn:uuid:00000000-0000-4000-8000-0000000000c1",
        issuer=issuer_profile(ISSUER),
        achievement=achievement(),
        recipient=HOLDER.controller,
        valid_from=NOW,
        awarded_date=NOW,
        extension_context=url,
    )


def _signed(document: dict[str, Any], suite: SignatureSuite) -> Any:
    return sign_credential(document, ISSUER, suite=suite, created=NOW)


def test_the_credential_names_the_served_url_and_pins_it() -> None:
    credential = _unsigned()
    assert credential["@context"][-1] == SERVED
    assert CREDSTACK_CONTEXT not in credential["@context"]
    [pin] = credential["relatedResource"]
    assert pin["id"] == SERVED
    assert pin["mediaType"] == "application/ld+json"
    assert pin["digestSRI"].startswith("sha384-")
    check_issuable(credential)


@pytest.mark.parametrize("suite", list(SignatureSuite))
@pytest.mark.parametrize("url", [SERVED, ELSEWHERE])
def test_a_credential_of_any_installation_verifies_offline(url: str, suite: SignatureSuite) -> None:
    report = verify_document(_signed(_unsigned(url), suite), options(profile="eu-annex1"))
    assert outcome(report) == expected(policy=("passed", None)), report.to_json()
    contexts = report.check("contexts")
    assert contexts is not None
    assert f"{url} pinned by digest as {CREDSTACK_CONTEXT}" in contexts.message


def test_the_extension_terms_are_read_from_a_served_url() -> None:
    parsed = parse_credential(_unsigned())
    assert parsed.achievement.learning_outcomes
    assert parsed.achievement == parse_credential(_unsigned(CREDSTACK_CONTEXT)).achievement


@pytest.mark.parametrize(
    ("suite", "verified"),
    [(SignatureSuite.EDDSA_RDFC_2022, True), (SignatureSuite.EDDSA_JCS_2022, False)],
)
def test_a_served_url_means_what_the_bundled_url_means(
    suite: SignatureSuite, verified: bool
) -> None:
    # an RDF signature covers the dataset, where no context URL appears: naming the bundled
    # URL instead changes nothing it signed; JCS signs the JSON text, URL included
    renamed = _signed(_unsigned(), suite)
    renamed["@context"][-1] = CREDSTACK_CONTEXT
    assert verify_document(renamed, options()).verified is verified


def test_without_the_pin_the_served_url_is_an_unknown_context() -> None:
    credential = _unsigned()
    del credential["relatedResource"]
    with pytest.raises(CredstackError) as caught:
        check_issuable(credential)
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT
    assert SERVED in caught.value.message
    assert "pins its URL to the context's digest" in caught.value.message


def test_removing_the_pin_after_signing_fails_the_contexts_check() -> None:
    signed = _signed(_unsigned(), SignatureSuite.EDDSA_JCS_2022)
    del signed["relatedResource"]
    report = verify_document(signed, options())
    assert report.verified is False
    assert outcome(report)["contexts"] == ("failed", "UNKNOWN_CONTEXT")


def test_a_pin_the_signature_does_not_cover_is_unsigned_content() -> None:
    # the pin moved where no context defines relatedResource: JSON-LD drops it, so the RDF
    # signature does not cover what decides how the URL is read
    credential = _unsigned()
    pin = credential.pop("relatedResource")
    credential["credentialSubject"]["relatedResource"] = pin
    signed = _signed(credential, SignatureSuite.EDDSA_RDFC_2022)
    report = verify_document(signed, options())
    assert report.verified is False
    assert outcome(report)["proof"] == ("failed", "UNSIGNED_CONTENT")
    proof = report.check("proof")
    assert proof is not None
    assert "credentialSubject.relatedResource" in proof.message


@pytest.mark.parametrize("suite", [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022])
def test_a_presentation_of_such_a_credential_verifies(suite: SignatureSuite) -> None:
    credential = _signed(_unsigned(), suite)
    report = verify_document(
        presentation([credential]), options(challenge="c0ffee", domain="verifier.example")
    )
    assert report.verified is True, report.to_json()
    assert [outcome(n) for n in report.nested] == [expected()]
