"""NO_CHALLENGE: the verifier gave no challenge, so the presentation is not bound to one.

A signed presentation without a challenge to answer proves who signed it once, not that it was
made for this verification: a copy replays. The library reports it (a warning); a verifier that
requires a challenge (``require_challenge``: the CLI, the VC-API, Digital Bazaar's
``vc.verify``) fails the presentation.
"""

from __future__ import annotations

import pytest

from credstack.core.verify import verify_document
from tests.factories import issue, options, outcome, presentation

MESSAGE = (
    "the verifier gave no challenge, so the presentation is not bound to one: nothing shows "
    "it was made for this verification rather than copied from an earlier one"
)


@pytest.mark.parametrize("signed_with", ["c0ffee", None], ids=["answering-one", "without-one"])
def test_no_challenge_given_is_a_warning(signed_with: str | None) -> None:
    report = verify_document(presentation([issue()], challenge=signed_with), options())
    assert outcome(report)["challenge"] == ("warning", "NO_CHALLENGE")
    challenge = report.check("challenge")
    assert challenge is not None
    assert challenge.message == MESSAGE
    assert report.verified is True
    assert "NO_CHALLENGE" in {c["code"] for c in report.to_json()["checks"]}


@pytest.mark.parametrize("signed_with", ["c0ffee", None], ids=["answering-one", "without-one"])
def test_a_verifier_that_requires_a_challenge_fails_without_one(signed_with: str | None) -> None:
    signed = presentation([issue()], challenge=signed_with)
    report = verify_document(signed, options(require_challenge=True, domain="verifier.example"))
    assert outcome(report) == {
        "format": ("passed", None),
        "contexts": ("passed", None),
        "proof": ("passed", None),
        "key": ("passed", None),
        "challenge": ("failed", "NO_CHALLENGE"),
        "holder": ("passed", None),
        "presentation": ("passed", None),
    }
    challenge = report.check("challenge")
    assert challenge is not None
    assert challenge.message == (
        f"{MESSAGE}; a presentation verifies only against the challenge the verifier gave "
        "the holder"
    )
    assert report.verified is False


def test_a_required_challenge_that_is_given_verifies() -> None:
    report = verify_document(
        presentation([issue()]), options(require_challenge=True, challenge="c0ffee")
    )
    assert report.verified is True


def test_a_wrong_domain_is_reported_before_the_missing_challenge() -> None:
    signed = presentation([issue()], domain="other.example")
    report = verify_document(signed, options(domain="verifier.example"))
    assert outcome(report)["challenge"] == ("failed", "INVALID_DOMAIN_ERROR")


def test_a_credential_is_never_asked_for_a_challenge() -> None:
    report = verify_document(issue(), options(require_challenge=True))
    assert "challenge" not in outcome(report)
    assert report.verified is True
