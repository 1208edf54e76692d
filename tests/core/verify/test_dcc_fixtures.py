"""The Digital Credentials Consortium's test fixtures that carry a revocation status.

Their status list is issued and signed by a status service, ``did:key:z6MknNQD…``, not by any of
the credentials' issuers. A verifier with the default policy therefore reads no status from it
(``STATUS_LIST_SIGNER_NOT_ACCEPTED``, naming the signer); one whose trust configuration accepts
the status service reads it: the nine fixtures with a clear bit verify, the twenty-five with a
set bit are revoked. The list holds 100,000 entries, fewer than the specification's 131,072, so
reading it is reported as a warning. Everything is offline: the DID documents and the list are
bundled (``tests/vectors/MANIFEST.json`` names their sources).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from credstack.core.did.methods import document_resolver, resolver
from credstack.core.verify import (
    StatusListSigners,
    VerificationReport,
    VerifyOptions,
    verify_document,
)
from tests.factories import VECTORS

DCC = VECTORS / "test-vectors" / "dcc-vc-test-fixtures"
STATUS_SERVICE = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"
LIST_URLS = (
    "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/"
    "e5WK8CbZ1GjycuPombrj",
    "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/"
    "test-fixtures/status/e5WK8CbZ1GjycuPombrj",
)
NOW = datetime(2026, 1, 1, tzinfo=UTC)
"""After every fixture's proof (the latest from 2025-05-13) and the list's validFrom."""

FIXTURES = sorted((DCC / "verifiableCredentials").rglob("*.json"))
VALID = [p for p in FIXTURES if "validStatus" in p.name]
REVOKED = [p for p in FIXTURES if "revoked" in p.name]
EXPIRED_ON_2026_01_01 = {
    # the names do not always say: "noRegistry-revokedStatus-noExpiry" expired on 2010-01-02,
    # "noRegsitry-revokedStatus-expired" is valid until 2027
    "v1/bothSignatureTypes/didKey/oidf-revokedStatus-expired.json",
    "v1/dataIntegrityProof/didKey/oidf-revokedStatus-expired.json",
    "v1/ed25519/didKey/oidf-revokedStatus-expired.json",
    "v2/bothSignatureTypes/didkey/noRegistry-revokedStatus-expired.json",
    "v2/bothSignatureTypes/didweb/legacy-revokedStatus-expired.json",
    "v2/dataIntegrityProof/didKey/noRegistry-revokedStatus-noExpiry.json",
    "v2/dataIntegrityProof/didweb/legacy-revokedStatus-expired.json",
    "v2/ed25519/didKey/noRegistry-revokedStatus-expired.json",
    "v2/ed25519/didWeb/legacy-revokedStatus-expired.json",
}
TRUST_THE_STATUS_SERVICE = StatusListSigners.from_json({"*": [STATUS_SERVICE]})
DEFAULT_POLICY = StatusListSigners()


def _load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = orjson.loads(path.read_bytes())
    return document


def _name(path: Path) -> str:
    return str(path.relative_to(DCC / "verifiableCredentials"))


def _options(signers: StatusListSigners = DEFAULT_POLICY, **changes: Any) -> VerifyOptions:
    documents = {d["id"]: d for d in map(_load, DCC.rglob("did.json"))}
    status_list = _load(
        DCC / "statusLists" / "didkey-ed25519Signature2020" / "e5WK8CbZ1GjycuPombrj.json"
    )
    lists = dict.fromkeys(LIST_URLS, status_list)
    options = VerifyOptions(
        resolve=resolver(documents),
        resolve_document=document_resolver(documents),
        now=NOW,
        fetch_status_list=lists.get,
        status_list_signers=signers,
    )
    return replace(options, **changes)


def _verify(path: Path, signers: StatusListSigners = DEFAULT_POLICY) -> VerificationReport:
    return verify_document(path.read_bytes(), _options(signers))


def _check(report: VerificationReport, check_id: str) -> tuple[str, str | None, str]:
    check = report.check(check_id)
    assert check is not None
    return str(check.status), check.code, check.message


def test_the_bundle_holds_the_nine_valid_and_twenty_five_revoked_fixtures() -> None:
    assert (len(VALID), len(REVOKED), len(FIXTURES)) == (9, 25, 34)


def test_the_bundled_files_are_the_ones_the_manifest_records() -> None:
    manifest = orjson.loads((VECTORS / "MANIFEST.json").read_bytes())
    recorded = {e["path"]: e["sha256"] for e in manifest if "dcc-vc-test-fixtures" in e["path"]}
    bundled = {str(p.relative_to(VECTORS)): p for p in DCC.rglob("*.json")}
    assert set(recorded) == set(bundled)
    for path, digest in recorded.items():
        assert hashlib.sha256(bundled[path].read_bytes()).hexdigest() == digest, path


@pytest.mark.parametrize("path", FIXTURES, ids=_name)
def test_every_fixture_is_signed_by_its_issuer(path: Path) -> None:
    report = _verify(path)
    assert _check(report, "proof")[0] == "passed"
    assert _check(report, "key")[0] == "passed"


@pytest.mark.parametrize("path", FIXTURES, ids=_name)
def test_by_default_the_status_service_is_not_accepted(path: Path) -> None:
    report = _verify(path)
    status, code, message = _check(report, "status")
    assert (status, code) == ("failed", "STATUS_LIST_SIGNER_NOT_ACCEPTED")
    issuer = _load(path)["issuer"]["id"]
    assert f"the status list is signed by {STATUS_SERVICE} ({STATUS_SERVICE}#" in message
    assert f"not by the credential's issuer {issuer}" in message
    assert report.verified is False


@pytest.mark.parametrize("path", VALID, ids=_name)
def test_a_valid_fixture_verifies_when_the_status_service_is_trusted(path: Path) -> None:
    report = _verify(path, TRUST_THE_STATUS_SERVICE)
    status, code, message = _check(report, "status")
    assert (status, code) == ("warning", "STATUS_LIST_LENGTH_ERROR")
    assert message.startswith("not revoked (status list ")
    assert f"signed by {STATUS_SERVICE}, a status list signer the trust configuration" in message
    assert "the status list holds 100,000 entries" in message
    assert _check(report, "dates")[:2] == ("passed", None)
    assert report.verified is True


@pytest.mark.parametrize("path", REVOKED, ids=_name)
def test_a_revoked_fixture_is_revoked_when_the_status_service_is_trusted(path: Path) -> None:
    report = _verify(path, TRUST_THE_STATUS_SERVICE)
    status, code, message = _check(report, "status")
    assert (status, code) == ("failed", "CREDENTIAL_REVOKED")
    assert message.startswith("revoked by the issuer (status list ")
    dates = _check(report, "dates")[:2]
    expired = _name(path) in EXPIRED_ON_2026_01_01
    assert dates == (("failed", "CREDENTIAL_EXPIRED") if expired else ("passed", None))
    assert report.verified is False


def test_trust_for_one_issuer_does_not_extend_to_the_others() -> None:
    legacy = "did:web:digitalcredentials.github.io:vc-test-fixtures:dids:legacy"
    signers = StatusListSigners.from_json({legacy: [STATUS_SERVICE]})
    outcomes = {
        _load(p)["issuer"]["id"] == legacy: _check(_verify(p, signers), "status")[:2] for p in VALID
    }
    assert outcomes == {
        True: ("warning", "STATUS_LIST_LENGTH_ERROR"),
        False: ("failed", "STATUS_LIST_SIGNER_NOT_ACCEPTED"),
    }


def test_reading_signers_from_did_documents_does_not_accept_the_status_service_here() -> None:
    # none of these issuers' DID documents (nor their did:keys) names the status service's key
    signers = StatusListSigners(issuer_document=True)
    codes = {_check(_verify(p, signers), "status")[1] for p in FIXTURES}
    assert codes == {"STATUS_LIST_SIGNER_NOT_ACCEPTED"}


# --- the issuer's DID document names the status service's key -----------------------------------

VERIFIER_CORE = DCC / "verifier-core" / "v2didWebWithValidStatus.json"


def test_a_list_signed_with_a_key_the_issuers_did_document_names_is_accepted() -> None:
    # digitalcredentials/verifier-core's did:web fixture: its issuer's DID document names
    # z6MknNQD… for assertions, the key the status service signs the list with
    report = verify_document(
        VERIFIER_CORE.read_bytes(), _options(StatusListSigners(issuer_document=True))
    )
    status, code, message = _check(report, "status")
    assert (status, code) == ("warning", "STATUS_LIST_LENGTH_ERROR")
    assert (
        f"signed with {STATUS_SERVICE}#z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q (= "
        "did:web:digitalcredentials.github.io:dcc-did-web#z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q)"
        ", a key the DID document of did:web:digitalcredentials.github.io:dcc-did-web names for "
        "assertions" in message
    )
    assert report.verified is True


def test_without_the_did_document_rule_that_list_is_not_accepted() -> None:
    report = verify_document(VERIFIER_CORE.read_bytes(), _options())
    assert _check(report, "status")[:2] == ("failed", "STATUS_LIST_SIGNER_NOT_ACCEPTED")
    assert "this verifier does not read signers from DID documents" in _check(report, "status")[2]


def test_a_strict_verifier_refuses_the_short_list_even_from_a_trusted_signer() -> None:
    report = verify_document(VALID[0].read_bytes(), _options(TRUST_THE_STATUS_SERVICE, strict=True))
    assert _check(report, "status")[:2] == ("failed", "STATUS_LIST_LENGTH_ERROR")
