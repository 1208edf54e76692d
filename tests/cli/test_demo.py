"""``credstack demo``: the engine end to end, with the files kept."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.cli.conftest import Run
from tests.factories import REPO, jws_parts


def test_the_demo_verifies_three_credentials_and_refuses_two(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # the default definition is examples/achievement.yaml
    result = run("demo", "--out-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    verdicts = [line for line in result.stdout.splitlines() if line.endswith("VERIFIED")]
    assert verdicts == ["VERIFIED"] * 3 + ["NOT VERIFIED"] * 2
    assert "PROOF_VERIFICATION_ERROR" in result.stdout  # the tampered credential
    assert "CREDENTIAL_REVOKED" in result.stdout  # the revoked one
    assert f"files kept in {tmp_path}" in result.stdout

    rdfc = orjson.loads((tmp_path / "credential-eddsa-rdfc-2022.json").read_bytes())
    jcs = orjson.loads((tmp_path / "credential-eddsa-jcs-2022.json").read_bytes())
    token = (tmp_path / "credential-vc-jwt.jwt").read_text(encoding="utf-8").strip()
    assert rdfc["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert jcs["proof"][0]["cryptosuite"] == "eddsa-jcs-2022"
    assert jws_parts(token)[1]["issuer"]["id"] == rdfc["issuer"]["id"]


def test_the_demo_takes_another_definition(run: Run, tmp_path: Path) -> None:
    definition = REPO / "examples" / "achievement-nzqa.yaml"
    result = run("demo", "--out-dir", str(tmp_path), "--achievement", str(definition))
    assert result.exit_code == 0, result.output
    assert "Solar PV System Installation: 15 NZQA credits, 150 hours" in result.stdout
    verdicts = [line for line in result.stdout.splitlines() if line.endswith("VERIFIED")]
    assert verdicts == ["VERIFIED"] * 3 + ["NOT VERIFIED"] * 2
