"""The installed ``credstack`` command, run as a separate process (as people run it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from tests.factories import EXAMPLES

CREDSTACK = Path(sys.executable).parent / "credstack"


def _credstack(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CREDSTACK), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


def test_the_command_is_installed_and_knows_its_version() -> None:
    result = _credstack("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("credstack, version ")


def test_key_issue_verify_and_tamper(tmp_path: Path) -> None:
    key = tmp_path / "key.json"
    made = _credstack("keys", "new", "--out", str(key))
    assert made.returncode == 0
    assert made.stdout.startswith("did:key:z6Mk")

    issued = _credstack(
        "issue", "--key", str(key), "--achievement", str(EXAMPLES / "achievement.yaml"),
        "--recipient", "learner@example.org", "--now", "2025-06-01T12:00:00Z",
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    credential = issued.stdout

    verified = _credstack("verify", "-", "--now", "2025-06-02T00:00:00Z", stdin=credential)
    assert verified.returncode == 0
    assert verified.stdout.splitlines()[-1] == "VERIFIED"

    tampered = credential.replace("Data Analysis with Python", "Data Analysis with Rust")
    refused = _credstack("verify", "-", "--json", "--now", "2025-06-02T00:00:00Z", stdin=tampered)
    assert refused.returncode == 1
    report = orjson.loads(refused.stdout)
    assert report["verified"] is False
    proof = next(c for c in report["checks"] if c["id"] == "proof")
    assert proof["code"] == "PROOF_VERIFICATION_ERROR"


def test_a_usage_error_exits_2_without_a_traceback(tmp_path: Path) -> None:
    result = _credstack("verify", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "Error: cannot read" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_verifying_a_list_as_a_proof_reports_instead_of_aborting() -> None:
    # pyoxigraph 0.5.13 aborted the process (exit status 134) on this credential
    credential = (
        '{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],'
        '"issuer":"did:example:i","credentialSubject":{"id":"did:example:s"},"proof":{"@list":null}}'
    )
    result = _credstack("verify", "-", "--json", stdin=credential)
    assert result.returncode == 1, result.stderr[-2000:]
    report = orjson.loads(result.stdout)
    assert report["verified"] is False
    terms = next(c for c in report["checks"] if c["id"] == "terms")
    assert terms["code"] == "MALFORMED_VALUE_ERROR"
