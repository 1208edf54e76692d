"""``credstack token create | list | revoke``: tokens that expire and can be revoked."""

from __future__ import annotations

import base64
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from credstack.bootstrap import build_platform
from credstack.cli.main import cli
from credstack.cli.tokens import parse_duration
from credstack.core.errors import ErrorCode
from credstack.core.timestamps import format_datetime
from credstack.services.errors import AuthenticationError
from credstack.services.tokens import authenticate_token
from credstack.settings import Settings


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    environment = {"CREDSTACK_DATA_DIR": str(tmp_path / "data"), "CREDSTACK_MASTER_KEY": key}
    created = _run(
        environment, "org", "create", "--slug", "tu-delta", "--name", "TU Delta",
        "--owner-email", "reg@tu.example", "--owner-name", "Registrar",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    return environment


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner(env={**env, "COLUMNS": "240"}).invoke(cli, list(args), prog_name="credstack")


def _create(env: dict[str, str], *args: str) -> Result:
    return _run(
        env, "token", "create", "--org", "tu-delta", "--name", "sis", "--permission", "read", *args
    )


def _authenticate(env: dict[str, str], secret: str, later: timedelta = timedelta()) -> str:
    platform = build_platform(Settings.from_env(env))
    try:
        with platform.uow_factory() as uow:
            try:
                return authenticate_token(uow, secret, platform.clock() + later).actor
            except AuthenticationError as exc:
                return str(exc.code)
    finally:
        platform.close()


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("3600", 3600), ("45m", 2700), ("12h", 43_200), ("90d", 7_776_000), ("2w", 1_209_600)],
)
def test_durations(value: str, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["", "ninety days", "1.5h", "-3d", "3y"])
def test_a_bad_duration_is_a_usage_error(value: str) -> None:
    with pytest.raises(click.BadParameter):
        parse_duration(value)


def test_a_token_with_an_expiry_works_until_then(env: dict[str, str]) -> None:
    result = _create(env, "--expires-in", "1d")
    assert result.exit_code == 0, result.output
    assert re.match(r"token \S+ for tu-delta \(read\), expires \d{4}-\d\d-\d\dT", result.output)
    secret = result.output.strip().splitlines()[-1]
    assert _authenticate(env, secret).startswith("token:")
    assert _authenticate(env, secret, timedelta(days=1, seconds=1)) == ErrorCode.TOKEN_EXPIRED


def test_a_token_may_expire_at_a_moment_within_the_lifetime(env: dict[str, str]) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    result = _create(env, "--expires-at", tomorrow.isoformat())
    assert result.exit_code == 0, result.output
    assert f"expires {format_datetime(tomorrow)}" in result.output
    too_late = _create(env, "--expires-at", "2099-06-30T00:00:00Z")
    assert too_late.exit_code == 1
    assert "Error: INVALID_REQUEST: expires_at: a token expires at most" in too_late.output


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("--expires-in", "soon"), 2, "is not a duration"),
        (("--expires-at", "tomorrow"), 2, "is not a date-time with a time zone"),
        (("--expires-at", "2020-01-01T00:00:00Z"), 1, "Error: INVALID_REQUEST: expires_at:"),
        (("--expires-in", "1h", "--expires-at", "2030-01-01T00:00:00Z"), 1, "not both"),
    ],
)
def test_a_bad_expiry_makes_no_token(
    env: dict[str, str], args: tuple[str, ...], exit_code: int, message: str
) -> None:
    result = _create(env, *args)
    assert result.exit_code == exit_code, result.output
    assert message in result.output
    listed = _run(env, "token", "list", "--org", "tu-delta")
    assert "sis" not in listed.output


def test_tokens_are_listed_and_revoked(env: dict[str, str]) -> None:
    first = _create(env, "--expires-in", "90d")
    second = _create(env)
    token_id = first.output.split()[1]
    secret = first.output.strip().splitlines()[-1]
    listed = _run(env, "token", "list", "--org", "tu-delta")
    assert listed.exit_code == 0, listed.output
    lines = [line for line in listed.output.splitlines() if "sis" in line]
    assert len(lines) == 2
    assert token_id in lines[0]
    assert "active" in lines[0]
    assert "never" in lines[1]
    assert secret not in listed.output

    revoked = _run(env, "token", "revoke", "--org", "tu-delta", token_id)
    assert revoked.exit_code == 0, revoked.output
    assert revoked.output.startswith(f"token {token_id} (sis) revoked at ")
    assert _authenticate(env, secret) == ErrorCode.TOKEN_REVOKED
    after = _run(env, "token", "list", "--org", "tu-delta").output
    assert next(line for line in after.splitlines() if token_id in line).count("revoked") == 1
    assert _authenticate(env, second.output.strip().splitlines()[-1]).startswith("token:")


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("token", "revoke", "--org", "tu-delta", "6f1c0d2e-0000-4000-8000-000000000000"), 1,
         "Error: NOT_FOUND:"),
        (("token", "revoke", "--org", "tu-delta", "not-a-uuid"), 2, "not a valid UUID"),
        (("token", "revoke", "--org", "nobody", "6f1c0d2e-0000-4000-8000-000000000000"), 1,
         "Error: NOT_FOUND:"),
        (("token", "list", "--org", "nobody"), 1, "Error: NOT_FOUND:"),
    ],
)  # fmt: skip
def test_unknown_tokens_and_organisations(
    env: dict[str, str], args: tuple[str, ...], exit_code: int, message: str
) -> None:
    result = _run(env, *args)
    assert result.exit_code == exit_code
    assert message in result.output
