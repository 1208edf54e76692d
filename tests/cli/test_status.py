"""``credstack status``: revocation and suspension lists, from creation to a failed verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import Result

from tests.cli.conftest import Run
from tests.factories import EXAMPLES

LIST_URL = "https://uni.example/status/1"
CREATED, ISSUED, CHANGED, CHECKED = (
    "2025-06-01T10:00:00Z",
    "2025-06-01T11:00:00Z",
    "2025-06-01T12:00:00Z",
    "2025-06-01T13:00:00Z",
)


def _create(run: Run, key: Path, path: Path, purpose: str = "revocation") -> None:
    result = run(
        "status", "create", "--key", str(key), "--url", LIST_URL, "--purpose", purpose,
        "--out", str(path), "--now", CREATED,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def _run_issue(run: Run, key: Path, list_path: Path, *args: str) -> Result:
    definition = str(EXAMPLES / "achievement-minimal.json")
    return run(
        "issue", "--key", str(key), "--achievement", definition, "--recipient",
        "did:example:learner", "--status-list", str(list_path), "--now", ISSUED, *args,
    )  # fmt: skip


def _issue(run: Run, key: Path, list_path: Path, index: int, out: Path) -> None:
    result = _run_issue(run, key, list_path, "--status-index", str(index), "--out", str(out))
    assert result.exit_code == 0, result.output


def _change(run: Run, action: str, list_path: Path, index: int, key: Path) -> Any:
    return run(
        "status", action, str(list_path), "--index", str(index), "--key", str(key), "--now", CHANGED
    )


def _status_check(run: Run, credential: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("verify", str(credential), "--json", "--now", CHECKED, *args)
    status = next(c for c in orjson.loads(result.stdout)["checks"] if c["id"] == "status")
    return result.exit_code, status


def _show(run: Run, list_path: Path) -> list[str]:
    result = run("status", "show", str(list_path))
    assert result.exit_code == 0
    return result.stdout.splitlines()


def test_revocation_end_to_end(run: Run, issuer_key: Path, tmp_path: Path) -> None:
    status_list, credential = tmp_path / "list.json", tmp_path / "credential.json"
    _create(run, issuer_key, status_list)
    assert _show(run, status_list) == [
        f"list:    {LIST_URL}",
        "purpose: revocation",
        "entries: 131072",
        "set:     (none)",
    ]
    _issue(run, issuer_key, status_list, 7, credential)
    entry = orjson.loads(credential.read_bytes())["credentialStatus"]
    assert (entry["statusListIndex"], entry["statusListCredential"]) == ("7", LIST_URL)

    code, status = _status_check(run, credential, "--status-list", str(status_list))
    assert (code, status["status"], status["code"]) == (0, "passed", None)

    result = _change(run, "revoke", status_list, 7, issuer_key)
    assert result.exit_code == 0
    assert f"revoke: index 7 in {LIST_URL}" in result.stderr
    assert _show(run, status_list)[-1] == "set:     7"

    code, status = _status_check(run, credential, "--status-list", str(status_list))
    assert (code, status["status"], status["code"]) == (1, "failed", "CREDENTIAL_REVOKED")
    # a list can also be handed over as the document for its URL
    code, status = _status_check(run, credential, "--resolve", f"{LIST_URL}={status_list}")
    assert (code, status["code"]) == (1, "CREDENTIAL_REVOKED")
    # and without the list nobody can tell
    code, status = _status_check(run, credential)
    assert (code, status["code"]) == (1, "STATUS_RETRIEVAL_ERROR")


def test_suspension_round_trip(run: Run, issuer_key: Path, tmp_path: Path) -> None:
    status_list, credential = tmp_path / "suspensions.json", tmp_path / "credential.json"
    _create(run, issuer_key, status_list, "suspension")
    _issue(run, issuer_key, status_list, 3, credential)
    assert (
        orjson.loads(credential.read_bytes())["credentialStatus"]["statusPurpose"] == "suspension"
    )
    lists = ("--status-list", str(status_list))

    assert _change(run, "suspend", status_list, 3, issuer_key).exit_code == 0
    code, status = _status_check(run, credential, *lists)
    assert (code, status["code"]) == (1, "CREDENTIAL_SUSPENDED")

    assert _change(run, "reinstate", status_list, 3, issuer_key).exit_code == 0
    assert _show(run, status_list)[-1] == "set:     (none)"
    code, status = _status_check(run, credential, *lists)
    assert (code, status["status"]) == (0, "passed")


@pytest.mark.parametrize(
    ("purpose", "action", "message"),
    [
        ("revocation", "reinstate", "reinstate needs a suspension list (revocation is permanent)"),
        ("revocation", "suspend", "suspend needs a suspension list"),
        ("suspension", "revoke", "revoke needs a revocation list"),
    ],
)
def test_an_action_the_list_does_not_allow(
    run: Run, issuer_key: Path, tmp_path: Path, purpose: str, action: str, message: str
) -> None:
    status_list = tmp_path / "list.json"
    _create(run, issuer_key, status_list, purpose)
    before = status_list.read_bytes()
    result = _change(run, action, status_list, 7, issuer_key)
    assert result.exit_code == 2
    assert message in result.output
    assert status_list.read_bytes() == before


@pytest.mark.parametrize("index", ["-1", "131072"])
def test_an_index_outside_the_list(run: Run, issuer_key: Path, tmp_path: Path, index: str) -> None:
    status_list = tmp_path / "list.json"
    _create(run, issuer_key, status_list)
    result = run("status", "revoke", str(status_list), "--index", index, "--key", str(issuer_key))
    assert result.exit_code == 2
    assert "RANGE_ERROR" in result.output
    result = _run_issue(run, issuer_key, status_list, "--status-index", index)
    assert result.exit_code == 2
    assert "--status-index must be between 0 and 131071" in result.output


def test_a_credential_cannot_use_another_issuers_list(
    run: Run, issuer_key: Path, tmp_path: Path
) -> None:
    other_key, status_list = tmp_path / "other.json", tmp_path / "list.json"
    run("keys", "new", "--out", str(other_key))
    _create(run, other_key, status_list)
    result = _run_issue(run, issuer_key, status_list)
    assert result.exit_code == 2
    assert "verifiers only trust a status list from the credential's issuer" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "--url", LIST_URL, "--entries", "10"], "STATUS_LIST_LENGTH_ERROR"),
        (["create", "--url", LIST_URL, "--now", "today"], "--now:"),
        (["create", "--url", LIST_URL, "--purpose", "refresh"], "Invalid value for '--purpose'"),
        (["show", "{key}"], "is not a Bitstring Status List credential"),
        (["show", "nowhere.json"], "cannot read nowhere.json"),
    ],
    ids=["too-short", "bad-now", "unknown-purpose", "show-a-key-file", "show-missing"],
)
def test_unusable_arguments(run: Run, issuer_key: Path, args: list[str], message: str) -> None:
    key_args = ["--key", str(issuer_key)] if args[0] == "create" else []
    result = run("status", *(a.format(key=issuer_key) for a in args), *key_args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
