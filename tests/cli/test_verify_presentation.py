"""``credstack verify`` on a presentation: signed by the credentials' subject, for --challenge.

Like Digital Bazaar's ``vc.verify``, the command passes a presentation only against the
challenge the verifier gave its holder (decision 0010).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.model import IdentityObject
from tests.cli.conftest import Run
from tests.factories import HOLDER, OTHER, add_signature, issue, presentation

NOW = "2025-06-01T12:05:00Z"
VERIFIER = ["--challenge", "c0ffee", "--domain", "verifier.example"]
CHECKS = ["format", "contexts", "proof", "key", "challenge", "holder", "presentation"]


def _write(tmp_path: Path, document: Any, name: str = "vp.json") -> str:
    path = tmp_path / name
    path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    return str(path)


def _json_report(run: Run, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("verify", "--json", "--now", NOW, *args)
    return result.exit_code, orjson.loads(result.stdout)


def _outcome(report: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {c["id"]: (c["status"], c["code"]) for c in report["checks"]}


def test_a_presentation(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, presentation([issue(), issue(suite=SignatureSuite.VC_JWT)]))
    code, report = _json_report(run, path, *VERIFIER)
    assert code == 0
    assert list(report) == ["verified", "checks", "credentials"]
    assert [c["id"] for c in report["checks"]] == CHECKS
    assert {s for s, _ in _outcome(report).values()} == {"passed"}
    assert [n["verified"] for n in report["credentials"]] == [True, True]
    table = run("verify", path, "--now", NOW, *VERIFIER)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[-1] == "VERIFIED"
    assert table.stdout.count("credential 1 in the presentation") == 1
    assert table.stdout.count("credential 2 in the presentation") == 1
    assert table.stderr == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--challenge", "replayed"], "INVALID_CHALLENGE_ERROR"),
        (["--challenge", "c0ffee", "--domain", "other.example"], "INVALID_DOMAIN_ERROR"),
    ],
    ids=["challenge", "domain"],
)
def test_a_presentation_for_another_verification(
    run: Run, tmp_path: Path, args: list[str], code: str
) -> None:
    path = _write(tmp_path, presentation([issue()]))
    exit_code, report = _json_report(run, path, *args)
    assert exit_code == 1
    assert report["verified"] is False
    assert _outcome(report)["challenge"] == ("failed", code)
    assert _outcome(report)["proof"] == ("passed", None)


def test_without_challenge_a_presentation_does_not_verify(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, presentation([issue()]))
    code, report = _json_report(run, path, "--domain", "verifier.example")
    assert code == 1
    assert report["verified"] is False
    check = next(c for c in report["checks"] if c["id"] == "challenge")
    assert (check["status"], check["code"]) == ("failed", "NO_CHALLENGE")
    assert check["message"].startswith("the verifier gave no challenge, so the presentation")
    table = run("verify", path, "--now", NOW)
    assert table.exit_code == 1
    assert table.stdout.splitlines()[-1] == "NOT VERIFIED"
    assert "NO_CHALLENGE" in table.stdout
    assert "pass it with --challenge" in table.stderr


def test_a_credential_needs_no_challenge(run: Run, tmp_path: Path) -> None:
    result = run("verify", _write(tmp_path, issue(), "credential.json"), "--now", NOW)
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("args", [VERIFIER, []], ids=["with-a-challenge", "without"])
def test_an_unsigned_presentation_does_not_verify(
    run: Run, tmp_path: Path, args: list[str]
) -> None:
    path = _write(tmp_path, presentation([issue()], holder=None))
    code, report = _json_report(run, path, *args)
    assert code == 1
    assert _outcome(report)["proof"] == ("failed", "NO_PROOF")
    assert [n["verified"] for n in report["credentials"]] == [True]


def test_a_presentation_signed_by_someone_other_than_the_subject(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, presentation([issue(recipient=OTHER.controller)]))
    code, report = _json_report(run, path, *VERIFIER)
    assert code == 1
    assert _outcome(report)["holder"] == ("failed", "HOLDER_NOT_SUBJECT")
    code, report = _json_report(run, path, *VERIFIER, "--allow-holder-not-subject")
    assert code == 0
    assert _outcome(report)["holder"] == ("warning", "HOLDER_NOT_SUBJECT")


def test_a_presentation_whose_holder_is_not_its_signer(run: Run, tmp_path: Path) -> None:
    unsigned = {**presentation([issue()], holder=None), "holder": HOLDER.controller}
    signed = add_signature(unsigned, OTHER, proof_purpose="authentication", challenge="c0ffee")
    code, report = _json_report(run, _write(tmp_path, signed), "--challenge", "c0ffee")
    assert code == 1
    assert _outcome(report)["holder"] == ("failed", "HOLDER_MISMATCH")
    code, _ = _json_report(
        run, _write(tmp_path, signed), "--challenge", "c0ffee", "--allow-holder-not-subject"
    )
    assert code == 1  # the option is about the subject; the named holder must still sign


def test_a_credential_about_a_hashed_email_warns_or_fails_when_strict(
    run: Run, tmp_path: Path
) -> None:
    recipient = IdentityObject.hashed_value("ada@example.org", "5a1t")
    path = _write(tmp_path, presentation([issue(recipient=recipient)]))
    code, report = _json_report(run, path, *VERIFIER)
    assert (code, _outcome(report)["holder"]) == (0, ("warning", "SUBJECT_NOT_BINDABLE"))
    code, report = _json_report(run, path, *VERIFIER, "--strict")
    assert (code, _outcome(report)["holder"]) == (1, ("failed", "SUBJECT_NOT_BINDABLE"))


def test_a_malformed_holder(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, {**presentation([issue()], holder=None), "holder": 42})
    code, report = _json_report(run, path, *VERIFIER)
    assert code == 1
    assert _outcome(report) == {"format": ("failed", "MALFORMED_VALUE_ERROR")}
