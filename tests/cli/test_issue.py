"""``credstack issue``: one signed micro-credential from a definition file and a key file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest
from click.testing import Result

from credstack.core.issuing import SignatureSuite
from tests.cli.conftest import Run
from tests.factories import EXAMPLES, jws_parts

DEFINITIONS = {
    "yaml": str(EXAMPLES / "achievement.yaml"),
    "json": str(EXAMPLES / "achievement-minimal.json"),
}
NOW = "2025-06-01T12:00:00Z"


def _issue(run: Run, key: Path, *args: str, recipient: str = "did:example:learner") -> Result:
    return run("issue", "--key", str(key), "--recipient", recipient, *args)


def _issued(run: Run, key: Path, *args: str) -> str:
    result = _issue(run, key, "--now", NOW, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("definition", list(DEFINITIONS))
@pytest.mark.parametrize("suite", [s.value for s in SignatureSuite])
def test_issue_and_verify(
    run: Run, issuer_key: Path, tmp_path: Path, definition: str, suite: str
) -> None:
    out = tmp_path / "credential.out"
    stdout = _issued(
        run,
        issuer_key,
        "--achievement",
        DEFINITIONS[definition],
        "--suite",
        suite,
        "--out",
        str(out),
    )
    assert stdout == ""
    text = out.read_text(encoding="utf-8")
    credential = jws_parts(text.strip())[1] if suite == "vc-jwt" else orjson.loads(text)
    issuer = orjson.loads(issuer_key.read_bytes())["controller"]
    assert credential["issuer"]["id"] == issuer
    assert credential["credentialSubject"]["id"] == "did:example:learner"
    assert credential["validFrom"] == NOW
    if suite != "vc-jwt":
        assert credential["proof"][0]["cryptosuite"] == suite
    result = run("verify", str(out), "--now", "2025-06-02T00:00:00Z")
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("VERIFIED")
    assert "NOT VERIFIED" not in result.output


def test_the_extension_context_is_named_where_the_issuer_publishes_it(
    run: Run, issuer_key: Path, tmp_path: Path
) -> None:
    url = "https://badges.uni.example/ld/credstack/v1"
    out = tmp_path / "credential.json"
    _issued(
        run,
        issuer_key,
        "--achievement",
        DEFINITIONS["yaml"],
        "--context-url",
        url,
        "--out",
        str(out),
    )
    credential = orjson.loads(out.read_bytes())
    assert credential["@context"][-1] == url
    assert credential["relatedResource"][0]["id"] == url
    # any credstack verifier reads it offline: the pin says which context the URL serves
    result = run("verify", str(out), "--now", "2025-06-02T00:00:00Z")
    assert result.exit_code == 0, result.output
    assert f"{url} pinned by digest" in result.output


def test_by_default_the_bundled_identifier_is_named(run: Run, issuer_key: Path) -> None:
    credential = orjson.loads(_issued(run, issuer_key, "--achievement", DEFINITIONS["yaml"]))
    assert credential["@context"][-1] == "https://w3id.org/credstack/v1"


def test_the_credential_goes_to_standard_output_by_default(run: Run, issuer_key: Path) -> None:
    stdout = _issued(run, issuer_key, "--achievement", DEFINITIONS["yaml"], "--id", "urn:uuid:x-1")
    credential = orjson.loads(stdout)
    assert credential["id"] == "urn:uuid:x-1"
    assert credential["credentialSubject"]["achievement"]["name"] == "Data Analysis with Python"


def test_the_definitions_issuer_is_replaced_by_the_keys_controller(
    run: Run, issuer_key: Path
) -> None:
    result = _issue(run, issuer_key, "--achievement", DEFINITIONS["yaml"])
    assert result.exit_code == 0
    assert "the issuer id did:web:credentials.tu-delta.example" in result.stderr
    credential = orjson.loads(result.stdout)
    assert credential["issuer"]["name"] == "TU Delta University of Technology"
    assert credential["issuer"]["id"].startswith("did:key:")


def test_an_email_recipient_is_hashed(run: Run, issuer_key: Path) -> None:
    result = _issue(
        run, issuer_key, "--achievement", DEFINITIONS["json"], recipient="Ada.Lovelace@example.org"
    )
    assert result.exit_code == 0
    assert "Ada.Lovelace@example.org" not in result.stdout
    subject = orjson.loads(result.stdout)["credentialSubject"]
    assert "id" not in subject
    [identity] = subject["identifier"]
    assert identity["type"] == "IdentityObject"
    assert identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True
    salt = identity["salt"]
    digest = hashlib.sha256(("Ada.Lovelace@example.org" + salt).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${digest}"


def test_each_email_recipient_gets_its_own_salt(run: Run, issuer_key: Path) -> None:
    hashes = set()
    for _ in range(2):
        result = _issue(
            run, issuer_key, "--achievement", DEFINITIONS["json"], recipient="ada@example.org"
        )
        hashes.add(
            orjson.loads(result.stdout)["credentialSubject"]["identifier"][0]["identityHash"]
        )
    assert len(hashes) == 2


def test_an_expiry_date(run: Run, issuer_key: Path) -> None:
    stdout = _issued(
        run,
        issuer_key,
        "--achievement",
        DEFINITIONS["json"],
        "--valid-until",
        "2026-01-01T00:00:00Z",
    )
    assert orjson.loads(stdout)["validUntil"] == "2026-01-01T00:00:00Z"


def test_a_p256_key_signs_vc_jwt_but_not_eddsa(run: Run, tmp_path: Path) -> None:
    key = tmp_path / "p256.json"
    run("keys", "new", "--out", str(key), "--type", "p256")
    token = _issued(run, key, "--achievement", DEFINITIONS["json"], "--suite", "vc-jwt").strip()
    assert jws_parts(token)[0]["alg"] == "ES256"
    result = _issue(run, key, "--achievement", DEFINITIONS["json"])
    assert result.exit_code == 2
    assert "eddsa-rdfc-2022 signs with Ed25519 keys, not P-256" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--recipient", "learner"], "--recipient must be a DID, a URL or an e-mail address"),
        (["--status-index", "3"], "--status-index needs --status-list"),
        (["--now", "2025-06-01"], "dateTimeStamp"),
        (["--valid-until", "soon"], "dateTimeStamp"),
        (["--suite", "rsa"], "Invalid value for '--suite'"),
        (["--context-url", "contexts.example/v1"], "--context-url must be an http(s) URL"),
    ],
    ids=[
        "bad-recipient",
        "index-without-list",
        "now-without-zone",
        "bad-valid-until",
        "bad-suite",
        "bad-context-url",
    ],
)
def test_unusable_arguments(run: Run, issuer_key: Path, args: list[str], message: str) -> None:
    recipient = args[1] if args[0] == "--recipient" else "did:example:learner"
    extra = args[2:] if args[0] == "--recipient" else args
    result = _issue(
        run, issuer_key, "--achievement", DEFINITIONS["json"], *extra, recipient=recipient
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_key_file_that_is_not_one(run: Run, tmp_path: Path) -> None:
    bogus = tmp_path / "key.json"
    bogus.write_text('{"id": "did:example:x#1"}', encoding="utf-8")
    result = _issue(run, bogus, "--achievement", DEFINITIONS["json"])
    assert result.exit_code == 2
    assert "is not a credstack key file" in result.output


def _definition_file(tmp_path: Path, **changes: object) -> str:
    data = orjson.loads((EXAMPLES / "achievement-minimal.json").read_bytes())
    data.update(workload={"credits": 5, "system": "ECTS"}, **changes)
    path = tmp_path / "achievement.json"
    path.write_bytes(orjson.dumps(data))
    return str(path)


def test_credits_earned_up_to_the_achievements_are_issued(
    run: Run, issuer_key: Path, tmp_path: Path
) -> None:
    definition = _definition_file(tmp_path)
    stdout = _issued(run, issuer_key, "--achievement", definition, "--credits-earned", "5")
    assert orjson.loads(stdout)["credentialSubject"]["creditsEarned"] == 5


@pytest.mark.parametrize(
    ("changes", "args", "message"),
    [
        (
            {},
            ("--credits-earned", "500"),
            "CREDITS_EXCEED_ACHIEVEMENT: credits_earned: 500 is more",
        ),
        ({"id": "relative/id"}, (), "NOT_ABSOLUTE_URI: id: an absolute URI"),
        ({"title": "T" * 1_000_000}, (), "FIELD_TOO_LONG: title: at most 256 characters"),
        ({"tags": ["t"] * 51}, (), "TOO_MANY_ITEMS: tags: at most 50 entries"),
    ],
)
def test_what_an_issuer_may_not_sign_is_refused_with_its_code(
    run: Run,
    issuer_key: Path,
    tmp_path: Path,
    changes: dict[str, object],
    args: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "credential.json"
    definition = _definition_file(tmp_path, **changes)
    result = _issue(run, issuer_key, "--achievement", definition, "--out", str(out), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()


def test_negative_credits_are_a_usage_error(run: Run, issuer_key: Path, tmp_path: Path) -> None:
    result = _issue(
        run, issuer_key, "--achievement", _definition_file(tmp_path), "--credits-earned", "-1"
    )
    assert result.exit_code == 2
    assert "--credits-earned" in result.output
