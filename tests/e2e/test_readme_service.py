"""The README's walk-through of the service runs as written, and does what its comments say.

The shell block after the ``walk-through`` marker in README.md is taken as it is and run by
``bash -euo pipefail`` in an empty directory, against a fresh embedded platform on a free
port: ``credstack org create`` and ``token create``, ``credstack serve``, then ``curl`` for
the organisation's country, an achievement that must pass ``eu-annex1``, one credential
verified, revoked and verified again, a CSV bulk job, and the token revoked. Any failing step
stops the script (``-e``), so the test fails; what each step printed is compared with the
comments of the README, and the database with what the steps made.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from credstack.bootstrap import build_platform
from credstack.services.records import CredentialState
from credstack.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"
MARKER = "<!-- walk-through: tests/e2e/test_readme_service.py runs this block -->"
TIMEOUT = 180.0


def walk_through() -> str:
    """The shell block that follows the marker in README.md."""
    text = README.read_text(encoding="utf-8")
    assert MARKER in text, "the README lost its walk-through marker"
    match = re.match(r"\s*```sh\n(.*?)\n```", text.split(MARKER, 1)[1], re.S)
    assert match is not None, "the walk-through marker is not followed by a sh block"
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(data_dir: Path, port: int) -> dict[str, str]:
    # the test's own CREDSTACK_* variables (the test database) are no settings of the service
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CREDSTACK_")}
    environment.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}",
        CREDSTACK_DATA_DIR=str(data_dir),
        CREDSTACK_PORT=str(port),
        CREDSTACK_BASE_URL=f"http://127.0.0.1:{port}",
    )
    return environment


def test_the_walk_through_is_complete_and_runs_as_written(tmp_path: Path) -> None:
    for tool in ("bash", "curl", "python3"):
        assert shutil.which(tool), f"the README's walk-through needs {tool}"
    environment = _environment(tmp_path / "var", _free_port())
    script = walk_through()
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    # files, not pipes: a server left running by a failed step would hold a pipe open
    with out.open("w") as stdout_file, err.open("w") as stderr_file:
        process = subprocess.Popen(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=tmp_path,
            env=environment,
            stdout=stdout_file,
            stderr=stderr_file,
            text=True,
            start_new_session=True,  # the server it starts is killed with it, whatever happens
        )
        try:
            process.wait(timeout=TIMEOUT)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    stdout, stderr = out.read_text(), err.read_text()
    assert process.returncode == 0, f"stdout:\n{stdout}\nstderr:\n{stderr[-4000:]}"

    printed = [line for line in stdout.splitlines() if not line.startswith("INFO:")]
    results = [line for line in printed if line.startswith('{"row"')]
    answers = [line for line in printed if line not in results]
    expected = [
        '{"type": ["Address"], "addressCountry": "Netherlands", "addressCountryCode": "NL"}',
        "true",
        "revoked",
        "CREDENTIAL_REVOKED",
        "revoked",
        "TOKEN_REVOKED",
    ]
    assert [line for line in answers if line in expected] == expected
    assert len(results) == 2
    assert all('"state":"done"' in line for line in results), results

    platform = build_platform(Settings.from_env(environment))
    try:
        with platform.uow_factory() as uow:
            organisation = uow.organisations.by_slug("uni-example")
            assert organisation is not None
            assert organisation.country == "NL"
            [achievement] = uow.achievements.list_latest(organisation.id)
            records = uow.credentials.search(organisation.id)
            [token] = uow.tokens.for_organisation(organisation.id)
    finally:
        platform.close()
    assert achievement.slug == "sql-basics"
    assert sorted(r.state for r in records) == [
        CredentialState.ACTIVE,
        CredentialState.ACTIVE,
        CredentialState.REVOKED,
    ]
    assert token.revoked_at is not None
    assert token.expires_at is not None


@pytest.mark.parametrize("placeholder", ["{…}", '"…"', "ID", "JOB"])
def test_the_walk_through_has_no_placeholders(placeholder: str) -> None:
    code = "\n".join(
        line.split("  #")[0]
        for line in walk_through().splitlines()
        if not line.lstrip().startswith("#")
    )
    if placeholder in ("ID", "JOB"):
        assert not re.search(rf"/{placeholder}\b", code)
    else:
        assert placeholder not in code
