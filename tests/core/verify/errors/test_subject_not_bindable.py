"""SUBJECT_NOT_BINDABLE: a presented credential's subject is no one a key can belong to.

Open Badges 3.0 lets a credential name its learner by a hashed e-mail ``identifier`` instead of
an ``id``; an id may also be a ``urn:uuid:…``. No signature can show that the presenter is that
subject, so the report says so: a warning (the verifier checks the identity some other way),
a failure when strict.
"""

from __future__ import annotations

import pytest

from credstack.core.model import IdentityObject
from credstack.core.verify import verify_document
from tests.factories import (
    HOLDER,
    OTHER,
    add_signature,
    issue,
    options,
    outcome,
    presentation,
    unsigned_credential,
)

VERIFIER = {"challenge": "c0ffee", "domain": "verifier.example"}
HASHED_EMAIL = IdentityObject.hashed_value("ada@example.org", "5a1t")
UNBINDABLE = ("warning", "SUBJECT_NOT_BINDABLE")


def _without_subject_id() -> dict[str, object]:
    credential = unsigned_credential()
    del credential["credentialSubject"]["id"]
    return add_signature(credential)


CREDENTIALS = {
    "hashed-email": lambda: issue(recipient=HASHED_EMAIL),
    "urn-uuid": lambda: issue(recipient="urn:uuid:6f1c8a52-4d1e-4a3b-9d7e-2f0b6c1a9e44"),
    "no-id": _without_subject_id,
}


@pytest.mark.parametrize("kind", list(CREDENTIALS))
def test_a_subject_no_key_can_belong_to_is_a_warning(kind: str) -> None:
    report = verify_document(presentation([CREDENTIALS[kind]()]), options(**VERIFIER))
    assert outcome(report)["holder"] == UNBINDABLE
    check = report.check("holder")
    assert check is not None
    assert check.message == (
        "credential 1: no subject is a DID or URL a key can belong to (no id, or an id such "
        f"as urn:uuid:…), so nothing binds it to {HOLDER.controller}; the subject's identity "
        "(such as a hashed email identifier) must be checked some other way"
    )
    assert report.verified is True


def test_strict_verification_fails_it() -> None:
    credentials = [issue(), issue(recipient=HASHED_EMAIL), _without_subject_id()]
    report = verify_document(presentation(credentials), options(**VERIFIER, strict=True))
    assert outcome(report)["holder"] == ("failed", "SUBJECT_NOT_BINDABLE")
    check = report.check("holder")
    assert check is not None
    assert check.message.startswith("credentials 2, 3: no subject is a DID or URL")
    assert "so nothing binds them to" in check.message
    assert report.verified is False


def test_a_credential_about_someone_else_outweighs_an_unbindable_one() -> None:
    credentials = [issue(recipient=HASHED_EMAIL), issue(recipient=OTHER.controller)]
    report = verify_document(presentation(credentials), options(**VERIFIER))
    assert outcome(report)["holder"] == ("failed", "HOLDER_NOT_SUBJECT")
    check = report.check("holder")
    assert check is not None
    assert check.message.startswith(f"credential 2 is about {OTHER.controller};")
    assert "; also: credential 1: no subject is a DID or URL" in check.message


def test_a_strict_failure_outweighs_an_accepted_third_party() -> None:
    credentials = [issue(recipient=OTHER.controller), issue(recipient=HASHED_EMAIL)]
    opts = options(**VERIFIER, strict=True, allow_holder_not_subject=True)
    report = verify_document(presentation(credentials), opts)
    assert outcome(report)["holder"] == ("failed", "SUBJECT_NOT_BINDABLE")


def test_an_unreadable_credential_is_left_to_the_presentation_check() -> None:
    report = verify_document(presentation([issue(), "not.a.jws"]), options(**VERIFIER))
    assert outcome(report)["holder"] == ("passed", None)
    assert outcome(report)["presentation"] == ("failed", "PROOF_VERIFICATION_ERROR")


def test_no_credentials_leave_nothing_to_bind() -> None:
    report = verify_document(presentation([]), options(**VERIFIER))
    assert outcome(report)["holder"] == ("skipped", None)
    assert outcome(report)["presentation"] == ("warning", "MALFORMED_VALUE_ERROR")
