"""Presentations across implementations: Digital Bazaar's ``vc`` (node) and credstack.

A presentation made and signed by ``vc.signPresentation`` for a challenge verifies in
credstack, and one made by ``vc.createPresentation`` without a proof fails in both (unless
Digital Bazaar is told ``unsignedPresentation``, which credstack has no equivalent of); a
presentation credstack signs verifies in ``vc.verify``. Where credstack is stricter than
Digital Bazaar — the holder binding, which ``vc.verify`` leaves to its caller — a plain test
records Digital Bazaar's answer (decision 0010), so that an upgrade that changes it is noticed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from credstack.core.issuing import SigningKey
from credstack.core.verify import VerificationReport, verify_document
from tests.factories import HOLDER, OTHER, issue, options, outcome, presentation

if TYPE_CHECKING:
    from tests.interop.conftest import DigitalBazaar

pytestmark = pytest.mark.interop

CREATED = "2025-06-01T12:00:00Z"
VERIFIER = {"challenge": "c0ffee", "domain": "verifier.example"}
ALL_PASSED = dict.fromkeys(
    ["format", "contexts", "proof", "key", "challenge", "holder", "presentation"],
    ("passed", None),
)
SUITES = pytest.mark.parametrize("cryptosuite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])


def _node_present(
    digitalbazaar: DigitalBazaar,
    credentials: list[Any],
    key: SigningKey = HOLDER,
    *,
    holder: str | None = None,
    **proof: Any,
) -> dict[str, Any]:
    """``credentials`` presented by ``vc.signPresentation`` with ``key`` (for VERIFIER)."""
    return digitalbazaar.present(
        credentials,
        holder=holder or key.controller,
        key_pair=key.key_pair,
        verification_method=key.verification_method,
        date=CREATED,
        **{**VERIFIER, **proof},
    )


def _credstack(document: Any, **verifier: Any) -> VerificationReport:
    """credstack's report, requiring a challenge as ``vc.verify`` does."""
    return verify_document(document, options(require_challenge=True, **verifier))


# --- Digital Bazaar presents, credstack verifies ---------------------------------------------


@SUITES
def test_a_digitalbazaar_presentation_verifies_in_credstack(
    digitalbazaar: DigitalBazaar, cryptosuite: str
) -> None:
    vp = _node_present(
        digitalbazaar, [issue(), issue(credential_id="urn:uuid:3")], cryptosuite=cryptosuite
    )
    proof = vp["proof"]
    assert (proof["cryptosuite"], proof["proofPurpose"]) == (cryptosuite, "authentication")
    assert (proof["challenge"], proof["domain"]) == ("c0ffee", "verifier.example")

    report = _credstack(vp, **VERIFIER)

    assert outcome(report) == ALL_PASSED, report.to_json()
    assert [n.verified for n in report.nested] == [True, True]
    theirs = digitalbazaar.verify_presentation(vp, **VERIFIER)
    assert (theirs.verified, theirs.credentials) == (True, (True, True)), theirs.errors


@pytest.mark.parametrize(
    ("verifier", "check", "message"),
    [
        ({"challenge": "d00d"}, ("challenge", "INVALID_CHALLENGE_ERROR"), "challenge"),
        ({**VERIFIER, "domain": "other.example"}, ("challenge", "INVALID_DOMAIN_ERROR"), "domain"),
    ],
    ids=["challenge", "domain"],
)
def test_a_digitalbazaar_presentation_for_another_verification_fails_in_both(
    digitalbazaar: DigitalBazaar, verifier: dict[str, str], check: tuple[str, str], message: str
) -> None:
    vp = _node_present(digitalbazaar, [issue()])

    report = _credstack(vp, **verifier)

    assert outcome(report)[check[0]] == ("failed", check[1])
    assert report.verified is False
    theirs = digitalbazaar.verify_presentation(vp, **verifier)
    assert theirs.verified is False
    assert any(f"The {message} is not as expected" in e for e in theirs.errors), theirs.errors


def test_an_unsigned_digitalbazaar_presentation_fails_in_both(
    digitalbazaar: DigitalBazaar,
) -> None:
    vp = digitalbazaar.present([issue()], holder=HOLDER.controller)
    assert "proof" not in vp

    report = _credstack(vp, **VERIFIER)

    assert outcome(report)["proof"] == ("failed", "NO_PROOF")
    assert [n.verified for n in report.nested] == [True]
    assert report.verified is False
    theirs = digitalbazaar.verify_presentation(vp, **VERIFIER)
    assert theirs.verified is False
    assert theirs.credentials == (True,)
    # only when told to expect an unsigned presentation does Digital Bazaar pass it
    assert digitalbazaar.verify_presentation(vp, unsigned_presentation=True).verified


def test_both_need_a_challenge(digitalbazaar: DigitalBazaar) -> None:
    vp = _node_present(digitalbazaar, [issue()])

    report = _credstack(vp, domain="verifier.example")

    assert outcome(report)["challenge"] == ("failed", "NO_CHALLENGE")
    theirs = digitalbazaar.verify_presentation(vp, domain="verifier.example")
    assert theirs.verified is False
    assert theirs.errors == ('A "challenge" param is required for AuthenticationProofPurpose.',)
    # the library alone only warns: the CLI and the VC-API require a challenge
    lenient = verify_document(vp, options(domain="verifier.example"))
    assert outcome(lenient)["challenge"] == ("warning", "NO_CHALLENGE")


# --- credstack presents, Digital Bazaar verifies ---------------------------------------------


def test_a_credstack_presentation_verifies_in_digitalbazaar(
    digitalbazaar: DigitalBazaar,
) -> None:
    vp = presentation([issue()], **VERIFIER)

    theirs = digitalbazaar.verify_presentation(vp, **VERIFIER)

    assert (theirs.verified, theirs.credentials) == (True, (True,)), theirs.errors
    assert theirs.errors == ()
    assert digitalbazaar.verify_presentation(vp, challenge="d00d").verified is False


def test_both_sign_a_presentation_alike(digitalbazaar: DigitalBazaar) -> None:
    # Ed25519 is deterministic: the same key and proof options give the same proof
    ours = presentation([issue()], **VERIFIER)
    theirs = _node_present(digitalbazaar, [issue()])
    proof = ours["proof"][0]
    assert {k: v for k, v in theirs["proof"].items() if k != "@context"} == proof


# --- where credstack is stricter: the holder binding ------------------------------------------


def test_a_presentation_by_someone_other_than_the_subject(digitalbazaar: DigitalBazaar) -> None:
    vp = _node_present(digitalbazaar, [issue(recipient=OTHER.controller)])

    report = _credstack(vp, **VERIFIER)

    assert outcome(report)["holder"] == ("failed", "HOLDER_NOT_SUBJECT")
    assert report.verified is False
    assert digitalbazaar.verify_presentation(vp, **VERIFIER).verified is True  # no such check


def test_a_holder_that_did_not_sign(digitalbazaar: DigitalBazaar) -> None:
    vp = _node_present(digitalbazaar, [issue()], OTHER, holder=HOLDER.controller)

    report = _credstack(vp, **VERIFIER)

    assert outcome(report)["holder"] == ("failed", "HOLDER_MISMATCH")
    # vc.verify checks the key is its controller's authentication key, not that the
    # controller is the holder the presentation names
    assert digitalbazaar.verify_presentation(vp, **VERIFIER).verified is True
