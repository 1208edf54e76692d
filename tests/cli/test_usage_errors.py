"""Every usage error: a clear message on standard error, exit status 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.factories import EXAMPLES

DEFINITION = str(EXAMPLES / "achievement-minimal.json")
CASES = {
    "unknown-command": (["sign"], "No such command 'sign'"),
    "unknown-option": (["verify", "--fast", "c.json"], "No such option '--fast'"),
    "verify-without-file": (["verify"], "Missing argument 'FILE'"),
    "keys-new-without-out": (["keys", "new"], "Missing option '--out'"),
    "keys-new-bad-type": (["keys", "new", "--out", "{tmp}/k.json", "--type", "rsa"], "'rsa'"),
    "keys-new-not-did-web": (
        ["keys", "new", "--out", "{tmp}/k.json", "--did-web", "https://uni.example"],
        "--did-web takes a did:web identifier",
    ),
    "keys-new-unwritable": (["keys", "new", "--out", "{tmp}/no/such/dir/k.json"], "cannot create"),
    "issue-without-key": (
        ["issue", "--achievement", DEFINITION, "--recipient", "did:example:a"],
        "Missing option '--key'",
    ),
    "issue-missing-key-file": (
        ["issue", "--key", "{tmp}/none.json", "--achievement", DEFINITION, "--recipient", "x:y"],
        "cannot read",
    ),
    "achievement-missing-file": (["achievement", "check", "{tmp}/none.yaml"], "cannot read"),
    "status-revoke-without-index": (
        ["status", "revoke", "{tmp}/l.json", "--key", "{tmp}/k.json"],
        "Missing option '--index'",
    ),
    "status-revoke-index-not-a-number": (
        ["status", "revoke", "{tmp}/l.json", "--index", "seven", "--key", "{tmp}/k.json"],
        "'seven' is not a valid integer",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_usage_error(run: Run, tmp_path: Path, case: str) -> None:
    args, message = CASES[case]
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: credstack ")
    assert "Error: " in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_every_command(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("keys", "achievement", "issue", "verify", "status", "demo"):
        assert f"  {command} " in result.stdout
