"""Credentials issued by the platform verify with Digital Bazaar's libraries, status included.

A credential issued through the service (an organisation's ``did:web`` key, a revocation entry
in its Bitstring Status List) is handed to ``vc.verifyCredential`` with the organisation's DID
document, its signed status list and the extension context, as served at
``/orgs/{slug}/did.json``, ``/status/{list}`` and ``/contexts/credstack/v1``
(``test_contexts_on_the_web.py`` has a verifier fetch them from a running server instead).
Digital Bazaar's ``vc-bitstring-status-list`` verifies the list's own proof, checks that its
issuer is the credential's, and reads the credential's bit: clear when issued, set once revoked.
Suspension is the platform's own (decision 0006): another verifier does not see it, and this
test pins that.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.jsonld.contexts import bundled_context_bytes
from credstack.core.ob3 import CREDSTACK_CONTEXT
from credstack.services.credentials import change_status
from credstack.services.keys import did_document
from credstack.services.records import CredentialRecord
from credstack.services.status import status_list_credential
from credstack.services.urls import extension_context_url
from tests.interop.conftest import DigitalBazaar, NodeVerification
from tests.services.issuing_support import LATER, NOW, Platform, new_platform

pytestmark = pytest.mark.interop

DATA_INTEGRITY = pytest.mark.parametrize(
    "suite", [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022], ids=str
)


def _verify_in_node(
    digitalbazaar: DigitalBazaar, platform: Platform, record: CredentialRecord
) -> NodeVerification:
    signed_list = status_list_credential(
        platform.uow, platform.key_store, platform.config, record.status_list_id, now=LATER
    )
    document: Any = record.document
    return digitalbazaar.verify(
        document,
        [did_document(platform.uow, platform.organisation)],
        status_lists=[signed_list.document],
        contexts=_served_contexts(platform),
    )


def _served_contexts(platform: Platform) -> dict[str, Any]:
    """The extension context, at the URL the platform serves it (its bytes, as served)."""
    served = json.loads(bundled_context_bytes(CREDSTACK_CONTEXT))
    return {extension_context_url(platform.config): served}


@DATA_INTEGRITY
def test_an_issued_credential_and_its_status_list_verify_in_digitalbazaar(
    digitalbazaar: DigitalBazaar, suite: SignatureSuite
) -> None:
    platform = new_platform()
    record = platform.issue({"recipient": "ada@example.org"}, suite=suite)
    result = _verify_in_node(digitalbazaar, platform, record)
    assert result.verified, result.errors
    assert result.statuses == (("revocation", False),)


@DATA_INTEGRITY
def test_a_revoked_credential_has_its_bit_set_for_digitalbazaar(
    digitalbazaar: DigitalBazaar, suite: SignatureSuite
) -> None:
    platform = new_platform()
    record = platform.issue(suite=suite)
    change_status(platform.uow, platform.owner, record.id, action="revoke", reason=None, now=NOW)
    result = _verify_in_node(digitalbazaar, platform, record)
    # the signature and the (re-signed) list verify; the bit says revoked
    assert result.verified, result.errors
    assert result.statuses == (("revocation", True),)


def test_a_status_list_changed_after_signing_is_refused_by_digitalbazaar(
    digitalbazaar: DigitalBazaar,
) -> None:
    platform = new_platform()
    record = platform.issue()
    signed_list = status_list_credential(
        platform.uow, platform.key_store, platform.config, record.status_list_id, now=LATER
    ).document
    forged = {**signed_list, "validUntil": "2099-01-01T00:00:00Z"}
    result = digitalbazaar.verify(
        record.document,  # type: ignore[arg-type]
        [did_document(platform.uow, platform.organisation)],
        status_lists=[forged],
        contexts=_served_contexts(platform),
    )
    assert not result.verified
    assert any("BitstringStatusListCredential" in e for e in result.errors), result.errors


def test_a_suspension_is_not_visible_to_another_verifier(digitalbazaar: DigitalBazaar) -> None:
    platform = new_platform()
    record = platform.issue()
    change_status(platform.uow, platform.owner, record.id, action="suspend", reason=None, now=NOW)
    result = _verify_in_node(digitalbazaar, platform, record)
    assert result.verified, result.errors
    assert result.statuses == (("revocation", False),)
