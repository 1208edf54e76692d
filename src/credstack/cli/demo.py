"""``credstack demo``: the core engine end to end, in one minute.

Creates an issuer key, defines a micro-credential, checks it against policy profiles, issues
it with each signature suite, verifies it, tampers with it and verifies again (it fails, and
the report says why), then revokes it through a status list.
"""

from __future__ import annotations

import copy
import dataclasses
import secrets
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from credstack.cli.achievement import load_definition
from credstack.cli.files import write_json
from credstack.cli.verify import print_report
from credstack.core.crypto.keys import Ed25519KeyPair
from credstack.core.did.methods import did_key, did_key_verification_method, resolver
from credstack.core.issuing import SignatureSuite, SigningKey, issue_credential, sign_credential
from credstack.core.model import Issuer, StatusEntry
from credstack.core.profiles.catalogue import check_achievement
from credstack.core.status.bitstring import StatusList, StatusPurpose, status_list_credential
from credstack.core.timestamps import format_datetime
from credstack.core.verify import VerifyOptions, verify_document

DEFAULT_DEFINITION = "examples/achievement.yaml"


@click.command("demo")
@click.option("--achievement", "definition", default=DEFAULT_DEFINITION, show_default=True)
@click.option("--out-dir", type=click.Path(file_okay=False), help="Keep the files here.")
def demo_command(definition: str, out_dir: str | None) -> None:
    """Run the end-to-end demo of the credential engine."""
    console = Console(highlight=False, emoji=False)
    folder = Path(out_dir or tempfile.mkdtemp(prefix="credstack-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).replace(microsecond=0)

    console.rule("1. An issuer key")
    pair = Ed25519KeyPair.generate(secrets.token_bytes(32))
    issuer_did = did_key(pair.public_key)
    key = SigningKey(pair, did_key_verification_method(pair.public_key), issuer_did)
    console.print(f"issuer: {issuer_did}")

    console.rule("2. A micro-credential, checked against policy profiles")
    achievement, profile_issuer = load_definition(definition)
    issuer = Issuer(id=issuer_did, name="TU Delta (demo)")
    if profile_issuer is not None:
        issuer = dataclasses.replace(profile_issuer, id=issuer_did)
    workload = achievement.workload
    facts = [
        f"{workload.credits:g} {workload.system} credits" if workload and workload.credits else "",
        f"{workload.hours:g} hours" if workload and workload.hours else "",
        f"EQF level {achievement.eqf_level}" if achievement.eqf_level else "",
    ]
    console.print(f"{achievement.name}: {', '.join(f for f in facts if f)}")
    for profile in ("eu-annex1", "emc-cmf"):
        violations = [v for v in check_achievement(achievement, issuer, profile) if v.is_error]
        verdict = (
            "[green]conforms[/]" if not violations else f"[red]{len(violations)} violations[/]"
        )
        console.print(f"  {profile}: {verdict}")

    console.rule("3. A revocation list, and a credential for a learner")
    list_url = "https://credentials.example/status/1"
    index = secrets.randbelow(131_072)
    status_list = StatusList()
    learner = did_key(Ed25519KeyPair.generate(secrets.token_bytes(32)).public_key)
    entry = StatusEntry(
        id=f"{list_url}#{index}",
        status_purpose="revocation",
        status_list_index=str(index),
        status_list_credential=list_url,
    )
    credentials: dict[str, Any] = {}
    for suite in SignatureSuite:
        credentials[suite.value] = issue_credential(
            achievement=achievement,
            issuer=issuer,
            recipient=learner,
            key=key,
            credential_id=f"urn:uuid:{uuid.uuid4()}",
            now=now,
            suite=suite,
            valid_until=now + timedelta(days=5 * 365),
            status=[entry],
        )
    for suite_name, credential in credentials.items():
        path = (
            folder / f"credential-{suite_name}.{'jwt' if isinstance(credential, str) else 'json'}"
        )
        if isinstance(credential, str):
            path.write_text(credential + "\n", encoding="utf-8")
        else:
            write_json(str(path), credential)
        console.print(f"  {suite_name}: {path}")

    def signed_list() -> dict[str, Any]:
        unsigned = status_list_credential(
            id=list_url,
            issuer=issuer_did,
            purpose=StatusPurpose.REVOCATION,
            status_list=status_list,
            valid_from=format_datetime(now),
        )
        signed = sign_credential(unsigned, key, created=now)
        assert isinstance(signed, dict)
        return signed

    def verify(document: Any, title: str) -> None:
        lists = {list_url: signed_list()}
        options = VerifyOptions(
            resolve=resolver(), now=now + timedelta(minutes=1), fetch_status_list=lists.get
        )
        console.rule(title)
        print_report(verify_document(document, options))

    verify(credentials["eddsa-rdfc-2022"], "4. Verify (eddsa-rdfc-2022)")
    verify(credentials["eddsa-jcs-2022"], "4. Verify (eddsa-jcs-2022)")
    verify(credentials["vc-jwt"], "4. Verify (VC-JWT)")

    tampered = copy.deepcopy(credentials["eddsa-rdfc-2022"])
    tampered["credentialSubject"]["achievement"]["name"] = "Data Analysis with Python (Honours)"
    verify(tampered, "5. Tampered: the achievement's name was changed after signing")

    status_list.set(index)
    verify(credentials["eddsa-rdfc-2022"], f"6. Revoked: index {index} set in {list_url}")
    console.print(f"\nfiles kept in {folder}")
