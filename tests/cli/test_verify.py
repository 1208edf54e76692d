"""``credstack verify``: exit 0 verified, 1 not verified, 2 unusable arguments."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from credstack.core.did.methods import KeyHistoryEntry, did_web_document
from credstack.core.issuing import SignatureSuite
from tests.cli.conftest import Run
from tests.factories import (
    CHECK_ORDER,
    VECTORS,
    did_web_signer,
    issue,
    key_pair,
    sign,
    sign_ed25519_2020,
    unsigned_credential,
)
from tests.factories import NOW as ISSUED

NOW = "2025-06-01T12:05:00Z"
OB_SAMPLE = VECTORS / "samples" / "ob-v3p0" / "1edtech-validator" / "simple.json"
SAMPLE_METHOD = (
    "https://example.com/issuers/876543#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
)


def _write(tmp_path: Path, name: str, document: Any) -> str:
    path = tmp_path / name
    if isinstance(document, str):
        path.write_text(document + "\n", encoding="utf-8")
    else:
        path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    return str(path)


def _json_report(run: Run, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("verify", "--json", "--now", NOW, *args)
    return result.exit_code, orjson.loads(result.stdout)


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_a_credential_verifies(run: Run, tmp_path: Path, suite: SignatureSuite) -> None:
    path = _write(tmp_path, "credential", issue(suite=suite))
    result = run("verify", path, "--now", NOW)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "VERIFIED"
    for check in CHECK_ORDER:
        assert any(line.split("│")[1:2] == [f" {check:<8} "] for line in lines), check


def test_a_tampered_credential_does_not_verify_and_says_why(run: Run, tmp_path: Path) -> None:
    credential = issue()
    credential["credentialSubject"]["achievement"]["name"] = "Data Analysis (Honours)"
    path = _write(tmp_path, "tampered.json", credential)
    result = run("verify", path, "--now", NOW)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "NOT VERIFIED"
    assert "PROOF_VERIFICATION_ERROR" in result.stdout
    assert "the signature does not match the document" in result.stdout


def test_json_output_is_exactly_verified_and_checks(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, "credential.json", issue())
    code, report = _json_report(run, path)
    assert code == 0
    assert list(report) == ["verified", "checks"]
    assert report["verified"] is True
    assert [c["id"] for c in report["checks"]] == list(CHECK_ORDER)
    assert all(list(c) == ["id", "status", "code", "message"] for c in report["checks"])
    assert [c["status"] for c in report["checks"]] == [
        "passed", "passed", "passed", "passed", "passed", "passed", "skipped", "passed", "skipped",
    ]  # fmt: skip


def test_json_output_of_a_failure(run: Run, tmp_path: Path) -> None:
    credential = issue()
    credential["name"] = "Forged"
    code, report = _json_report(run, _write(tmp_path, "forged.json", credential))
    assert code == 1
    assert report["verified"] is False
    proof = next(c for c in report["checks"] if c["id"] == "proof")
    assert (proof["status"], proof["code"]) == ("failed", "PROOF_VERIFICATION_ERROR")


def test_now_decides_expiry(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, "c.json", issue(valid_until=ISSUED + timedelta(days=30)))
    assert run("verify", path, "--now", "2025-06-30T00:00:00Z").exit_code == 0
    code, report = _json_report(run, path, "--now", "2025-07-02T00:00:00Z")
    assert code == 1
    dates = next(c for c in report["checks"] if c["id"] == "dates")
    assert dates["code"] == "CREDENTIAL_EXPIRED"


def test_the_1edtech_sample_with_its_key_supplied(run: Run, tmp_path: Path) -> None:
    key = _write(
        tmp_path,
        "keyfile.json",
        {
            "id": SAMPLE_METHOD,
            "type": "Multikey",
            "controller": "https://example.com/issuers/876543",
            "publicKeyMultibase": SAMPLE_METHOD.partition("#")[2],
        },
    )
    args = [str(OB_SAMPLE), "--now", "2025-01-01T00:00:00Z"]
    result = run("verify", *args, "--resolve", f"{SAMPLE_METHOD}={key}")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "VERIFIED"
    without = run("verify", "--json", *args)
    assert without.exit_code == 1
    assert '"code": "DID_RESOLUTION_ERROR"' in without.stdout


def test_a_did_web_issuer_resolved_from_its_did_document(run: Run, tmp_path: Path) -> None:
    did = "did:web:uni.example"
    key = did_web_signer(key_pair(71), did, "key-1")
    credential = _write(tmp_path, "c.json", sign(unsigned_credential(key=key), key))
    document = _write(
        tmp_path,
        "did.json",
        did_web_document(did, [KeyHistoryEntry("key-1", key.key_pair.public_key)]),
    )
    assert run("verify", credential, "--now", NOW, "--resolve", f"{did}={document}").exit_code == 0
    assert run("verify", credential, "--now", NOW).exit_code == 1


@pytest.mark.parametrize("suite", [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.VC_JWT])
def test_standard_input(run: Run, suite: SignatureSuite) -> None:
    credential = issue(suite=suite)
    text = credential if isinstance(credential, str) else orjson.dumps(credential).decode()
    result = run("verify", "-", "--now", NOW, input=text)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "VERIFIED"
    assert run("verify", "-", "--now", NOW, input="{").exit_code == 1


def test_a_policy_profile(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, "c.json", issue())
    code, report = _json_report(run, path, "--profile", "emc-cmf")
    assert code == 0
    policy = next(c for c in report["checks"] if c["id"] == "policy")
    assert policy["status"] == "passed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json"], "cannot read missing.json"),
        (["{credential}", "--now", "yesterday"], "--now: 'yesterday' is not an XML Schema"),
        (["{credential}", "--now", "2025-06-01T12:00:00"], "--now:"),
        (["{credential}", "--resolve", "did:web:uni.example"], "--resolve takes ID=FILE"),
        (["{credential}", "--resolve", "=did.json"], "--resolve takes ID=FILE"),
        (["{credential}", "--resolve", "did:web:uni.example={not_json}"], "not valid JSON"),
        (["{credential}", "--resolve", "did:web:uni.example={array}"], "must hold a JSON object"),
        (["{credential}", "--resolve", "did:web:uni.example=nowhere.json"], "cannot read"),
        (["{credential}", "--status-list", "{array}"], "is not a status list credential"),
        (["{credential}", "--profile", "eu-annex-9"], "--profile: unknown policy profile"),
        (["{credential}", "--status-list-signer", "did:key:z6Mk"], "takes ISSUER=SIGNER"),
        (["{credential}", "--status-list-signer", "=did:key:z6Mk"], "takes ISSUER=SIGNER"),
    ],
    ids=[
        "missing-file",
        "bad-now",
        "now-without-zone",
        "resolve-without-file",
        "resolve-without-id",
        "resolve-not-json",
        "resolve-not-an-object",
        "resolve-missing-file",
        "status-list-not-a-list",
        "unknown-profile",
        "signer-without-issuer",
        "signer-with-empty-issuer",
    ],
)
def test_unusable_arguments(run: Run, tmp_path: Path, args: list[str], message: str) -> None:
    files = {
        "credential": _write(tmp_path, "c.json", issue()),
        "not_json": _write(tmp_path, "not.json", "this is not JSON"),
        "array": _write(tmp_path, "array.json", [1, 2]),
    }
    result = run("verify", *(a.format(**files) for a in args))
    assert result.exit_code == 2
    assert message in result.output
    assert result.output.startswith("Usage: ")
    assert "Traceback" not in result.output


def test_strict_fails_a_credential_whose_urn_issuer_is_not_authenticated(run: Run) -> None:
    # the 1EdTech sample signed by a did:key for a urn:uuid issuer: a warning, or with --strict
    # a failure
    sample = OB_SAMPLE.with_name("simple-did-key-method.json")
    lenient = run("verify", "--json", "--now", NOW, str(sample))
    strict = run("verify", "--json", "--now", NOW, "--strict", str(sample))
    assert (lenient.exit_code, strict.exit_code) == (0, 1)
    key = [
        next(c for c in orjson.loads(r.stdout)["checks"] if c["id"] == "key")
        for r in (lenient, strict)
    ]
    assert [(c["status"], c["code"]) for c in key] == [
        ("warning", "KEY_NOT_BOUND_TO_ISSUER"),
        ("failed", "KEY_NOT_BOUND_TO_ISSUER"),
    ]


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda c: c["credentialSubject"]["achievement"].__setitem__("grade", "A+"),
         "credentialSubject.achievement.grade"),
        (lambda c: c["credentialSubject"].__setitem__("poison", "x"), "credentialSubject.poison"),
    ],
    ids=["grade", "poison"],
)  # fmt: skip
@pytest.mark.parametrize("legacy", [False, True], ids=["eddsa-rdfc-2022", "Ed25519Signature2020"])
def test_a_claim_the_signature_does_not_cover_fails(
    run: Run, tmp_path: Path, edit: Any, path: str, legacy: bool
) -> None:
    credential = sign_ed25519_2020(issue()) if legacy else issue()
    edit(credential)
    file = _write(tmp_path, "widened.json", credential)
    result = run("verify", file, "--now", NOW)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "NOT VERIFIED"
    assert "UNSIGNED_CONTENT" in result.stdout
    code, report = _json_report(run, file)
    assert code == 1
    proof = next(c for c in report["checks"] if c["id"] == "proof")
    assert (proof["status"], proof["code"]) == ("failed", "UNSIGNED_CONTENT")
    assert proof["detail"] == {"paths": [path]}
    assert _json_report(run, file, "--strict")[1]["verified"] is False


# --- status lists signed by a status service: the Digital Credentials Consortium's ------------

DCC = VECTORS / "test-vectors" / "dcc-vc-test-fixtures"
DCC_LIST = DCC / "statusLists" / "didkey-ed25519Signature2020" / "e5WK8CbZ1GjycuPombrj.json"
DCC_LIST_URL = (
    "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/"
    "e5WK8CbZ1GjycuPombrj"
)
DCC_ISSUER = "did:web:digitalcredentials.github.io:vc-test-fixtures:dids:legacy"
STATUS_SERVICE = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"
NOT_ACCEPTED = ("failed", "STATUS_LIST_SIGNER_NOT_ACCEPTED")
SHORT_LIST = ("warning", "STATUS_LIST_LENGTH_ERROR")  # 100,000 entries: read, and said so


@pytest.mark.parametrize(
    ("signers", "exit_code", "status"),
    [
        ([], 1, NOT_ACCEPTED),
        ([f"{DCC_ISSUER}={STATUS_SERVICE}"], 0, SHORT_LIST),
        ([f"*={STATUS_SERVICE}"], 0, SHORT_LIST),
        ([f"did:web:someone.example={STATUS_SERVICE}"], 1, NOT_ACCEPTED),
    ],
    ids=["default", "for-the-issuer", "for-every-issuer", "for-another-issuer"],
)  # fmt: skip
def test_a_status_list_signer_named_on_the_command_line(
    run: Run, signers: list[str], exit_code: int, status: tuple[str, str]
) -> None:
    fixture = DCC / "verifiableCredentials/v1/ed25519/didWeb/legacy-validStatus-noExpiry.json"
    args = [
        "verify", "--json", "--now", "2026-01-01T00:00:00Z", str(fixture),
        "--resolve", f"{DCC_ISSUER}={DCC / 'dids' / 'legacy' / 'did.json'}",
        "--resolve", f"{DCC_LIST_URL}={DCC_LIST}",
    ]  # fmt: skip
    for signer in signers:
        args += ["--status-list-signer", signer]
    result = run(*args)
    assert result.exit_code == exit_code, result.output
    checks = {c["id"]: (c["status"], c["code"]) for c in orjson.loads(result.stdout)["checks"]}
    assert checks["status"] == status


def test_a_status_list_signer_named_by_the_issuers_did_document(run: Run) -> None:
    fixture = DCC / "verifier-core" / "v2didWebWithValidStatus.json"
    issuer = "did:web:digitalcredentials.github.io:dcc-did-web"
    url = (
        "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/"
        "test-fixtures/status/e5WK8CbZ1GjycuPombrj"
    )
    args = [
        "verify", "--json", "--now", "2026-01-01T00:00:00Z", str(fixture),
        "--resolve", f"{issuer}={DCC / 'dcc-did-web' / 'did.json'}",
        "--resolve", f"{url}={DCC_LIST}",
    ]  # fmt: skip
    refused, accepted = run(*args), run(*args, "--status-list-signers-from-did-documents")
    assert (refused.exit_code, accepted.exit_code) == (1, 0)
