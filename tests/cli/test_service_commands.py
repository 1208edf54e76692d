"""The commands that set up and run the service: ``org``, ``token``, ``db upgrade`` and the demo
data of ``serve --demo``, each on an embedded platform in a temporary data directory."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from credstack.bootstrap import build_platform
from credstack.cli.main import cli
from credstack.cli.seed import DEMO_SLUG, seed_demo
from credstack.services.identity import authenticate_user
from credstack.services.records import CredentialState, Organisation, Permission
from credstack.services.tokens import authenticate_token
from credstack.services.verification import verify_credential
from credstack.settings import Settings
from tests.factories import EXAMPLES


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    return {"CREDSTACK_DATA_DIR": str(tmp_path / "data"), "CREDSTACK_MASTER_KEY": key}


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner(env=env).invoke(cli, list(args), prog_name="credstack")


def _create_org(
    env: dict[str, str], slug: str = "tu-delta", email: str = "reg@tu.example"
) -> Result:
    return _run(
        env,
        "org", "create", "--slug", slug, "--name", "TU Delta", "--kind", "university",
        "--url", "https://www.tu.example", "--owner-email", email, "--owner-name", "Registrar",
    )  # fmt: skip


def _settings(env: dict[str, str]) -> Settings:
    return Settings.from_env(env)


def test_org_create_makes_an_organisation_and_its_owner(env: dict[str, str]) -> None:
    result = _create_org(env)
    assert result.exit_code == 0, result.output
    assert "organisation tu-delta: did:web:127.0.0.1%3A8000:orgs:tu-delta" in result.output
    password = re.search(r"password \(shown once\): (\S+)", result.output)
    assert password is not None
    platform = build_platform(_settings(env))
    try:
        with platform.uow_factory() as uow:
            principal = authenticate_user(uow, "reg@tu.example", password.group(1), "tu-delta")
            assert principal.permissions == frozenset(Permission)
    finally:
        platform.close()


def test_an_existing_owner_is_added_to_a_second_organisation(env: dict[str, str]) -> None:
    assert _create_org(env).exit_code == 0
    result = _create_org(env, slug="tu-delta-2")
    assert result.exit_code == 0, result.output
    assert "reg@tu.example (an existing account) added" in result.output
    assert "password" not in result.output


@pytest.mark.parametrize(
    ("slug", "code"), [("Not A Slug", "INVALID_REQUEST"), ("tu-delta", "ALREADY_EXISTS")]
)
def test_org_create_refuses_bad_or_taken_slugs(env: dict[str, str], slug: str, code: str) -> None:
    assert _create_org(env).exit_code == 0
    result = _create_org(env, slug=slug, email="other@tu.example")
    assert result.exit_code == 1
    assert f"Error: {code}:" in result.output


def _organisation(env: dict[str, str], slug: str = "tu-delta") -> Organisation:
    platform = build_platform(_settings(env))
    try:
        with platform.uow_factory() as uow:
            organisation = uow.organisations.by_slug(slug)
    finally:
        platform.close()
    assert organisation is not None
    return organisation


def test_org_create_sets_the_country(env: dict[str, str]) -> None:
    result = _run(
        env, "org", "create", "--slug", "tu-delta", "--name", "TU Delta", "--country", "nl",
        "--owner-email", "reg@tu.example", "--owner-name", "Registrar",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "organisation tu-delta (NL): did:web:" in result.output
    assert _organisation(env).country == "NL"


def test_org_create_refuses_a_bad_country_and_creates_nothing(env: dict[str, str]) -> None:
    result = _run(
        env, "org", "create", "--slug", "tu-delta", "--name", "TU Delta", "--country", "EL",
        "--owner-email", "reg@tu.example", "--owner-name", "Registrar",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Error: INVALID_COUNTRY_CODE: country: 'EL' is not an ISO 3166-1 code" in result.output
    assert _create_org(env).exit_code == 0  # the slug is still free


def test_org_update_changes_what_is_given(env: dict[str, str]) -> None:
    assert _create_org(env).exit_code == 0
    result = _run(
        env, "org", "update", "--org", "tu-delta", "--country", "NL", "--region", "Zuid-Holland",
        "--email", "registrar@tu.example",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "organisation tu-delta: TU Delta (NL)"
    organisation = _organisation(env)
    assert organisation.country == "NL"
    assert dict(organisation.profile) == {
        "url": "https://www.tu.example",
        "email": "registrar@tu.example",
        "address": {"type": ["Address"], "addressRegion": "Zuid-Holland"},
    }
    renamed = _run(env, "org", "update", "--org", "tu-delta", "--name", "TU Delta University")
    assert renamed.output.strip() == "organisation tu-delta: TU Delta University (NL)"
    cleared = _run(env, "org", "update", "--org", "tu-delta", "--no-country")
    assert cleared.output.strip() == "organisation tu-delta: TU Delta University (no country)"
    assert _organisation(env).country is None


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("--org", "tu-delta", "--country", "XX"), 1, "Error: INVALID_COUNTRY_CODE:"),
        (("--org", "nobody", "--country", "NL"), 1, "Error: NOT_FOUND:"),
        (("--org", "tu-delta", "--country", "NL", "--no-country"), 2, "exclude each other"),
        (("--org", "tu-delta", "--url", "ftp://x"), 1, "Error: INVALID_REQUEST: profile.url"),
    ],
)
def test_org_update_refuses_bad_values_and_changes_nothing(
    env: dict[str, str], args: tuple[str, ...], exit_code: int, message: str
) -> None:
    assert _create_org(env).exit_code == 0
    before = _organisation(env)
    result = _run(env, "org", "update", *args)
    assert result.exit_code == exit_code
    assert message in result.output
    assert _organisation(env) == before


def test_token_create_prints_a_secret_that_authenticates(env: dict[str, str]) -> None:
    assert _create_org(env).exit_code == 0
    result = _run(
        env, "token", "create", "--org", "tu-delta", "--name", "sis",
        "--permission", "issue", "--permission", "read",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    platform = build_platform(_settings(env))
    try:
        with platform.uow_factory() as uow:
            principal = authenticate_token(uow, secret, platform.clock())
        assert principal.permissions == {Permission.ISSUE, Permission.READ}
    finally:
        platform.close()


def test_token_create_for_an_unknown_organisation(env: dict[str, str]) -> None:
    result = _run(env, "token", "create", "--org", "nobody", "--name", "x", "--permission", "read")
    assert result.exit_code == 1
    assert "Error: NOT_FOUND:" in result.output


def test_token_create_needs_a_permission(env: dict[str, str]) -> None:
    result = _run(env, "token", "create", "--org", "tu-delta", "--name", "x")
    assert result.exit_code == 2
    assert "--permission" in result.output


def test_db_upgrade_migrates_the_embedded_database(env: dict[str, str]) -> None:
    first = _run(env, "db", "upgrade")
    assert first.exit_code == 0, first.output
    assert re.match(r"database at revision \S+", first.output)
    assert _run(env, "db", "upgrade").output == first.output  # idempotent


def test_db_upgrade_refuses_an_unknown_setting(env: dict[str, str]) -> None:
    result = _run({**env, "CREDSTACK_DATABSE_URL": "sqlite://"}, "db", "upgrade")
    assert result.exit_code == 2
    assert "unknown setting(s): CREDSTACK_DATABSE_URL" in result.output


def test_the_demo_data_is_seeded_once_and_verifies(env: dict[str, str]) -> None:
    platform = build_platform(_settings(env), migrate=True)
    try:
        info = seed_demo(platform, EXAMPLES)
        assert seed_demo(platform, EXAMPLES) == info  # a second start prints the same
        with platform.uow_factory() as uow:
            organisation = uow.organisations.by_slug(DEMO_SLUG)
            assert organisation is not None
            records, total = (
                uow.credentials.search(organisation.id),
                uow.credentials.count(organisation.id),
            )
            assert total == 3
            assert [r.state for r in records].count(CredentialState.REVOKED) == 1
            verdicts = sorted(
                (
                    r.state.value,
                    verify_credential(
                        uow, platform.key_store, platform.config, r.document, now=platform.clock()
                    ).verified,
                )
                for r in records
            )
            principal = authenticate_token(uow, info.api_token, platform.clock())
        assert verdicts == [("active", True), ("active", True), ("revoked", False)]
        assert principal.organisation_id == organisation.id
        assert len(info.achievements) == 2
        assert (Path(env["CREDSTACK_DATA_DIR"]) / "demo.json").stat().st_mode & 0o077 == 0
    finally:
        platform.close()


def test_serve_demo_needs_its_examples_folder(env: dict[str, str], tmp_path: Path) -> None:
    result = _run(env, "serve", "--demo", "--examples", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "is not a folder" in result.output
