"""Running the ``credstack`` command line in-process, with click's test runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from credstack.cli.main import cli

Run = Callable[..., Result]


@pytest.fixture(scope="session")
def run() -> Run:
    """``run("verify", "c.json", input=...)``: the command's result; exceptions propagate.

    Rich reads the terminal width from ``COLUMNS``: a wide one keeps every message of the
    report tables on one line.
    """
    runner = CliRunner(env={"COLUMNS": "240", "NO_COLOR": "1"})

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(
            cli, list(args), input=input, catch_exceptions=False, prog_name="credstack"
        )

    return invoke


@pytest.fixture(scope="session")
def issuer_key(run: Run, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A did:key issuer's key file, made by ``credstack keys new`` once for the session."""
    path = tmp_path_factory.mktemp("keys") / "issuer.json"
    result = run("keys", "new", "--out", str(path))
    assert result.exit_code == 0, result.output
    return path
