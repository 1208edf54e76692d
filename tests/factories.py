"""Factories for the tests: keys, achievements, credentials, status lists and presentations.

Everything is deterministic: keys come from fixed seeds and every date from :data:`NOW`, so a
test that fails fails the same way every time. Functions return fresh objects; change them
freely.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import yaml

from credstack.core.crypto import multibase
from credstack.core.crypto.keys import Ed25519KeyPair, KeyPair
from credstack.core.did.methods import (
    DocumentFetcher,
    did_key,
    did_key_verification_method,
    did_web_url,
    resolver,
)
from credstack.core.issuing import SignatureSuite, SigningKey, issue_credential, sign_credential
from credstack.core.model import Achievement, Issuer, StatusEntry
from credstack.core.ob3 import build_credential
from credstack.core.ob3.definition import parse_achievement_definition
from credstack.core.proofs.data_integrity import Cryptosuite, ProofOptions, add_proof
from credstack.core.proofs.ed25519_signature_2020 import (
    ED25519_2020_CONTEXT,
    ed25519_signature_2020_hash,
)
from credstack.core.proofs.eddsa_rdfc_2022 import EDDSA_RDFC_2022
from credstack.core.status.bitstring import MIN_ENTRIES, StatusList, status_list_credential
from credstack.core.timestamps import format_datetime
from credstack.core.verify import VerificationReport, VerifyOptions

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
VECTORS = REPO / "tests" / "vectors"

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
STATUS_LIST_URL = "https://uni.example/status/1"
CHECK_ORDER = ("format", "contexts", "terms", "schema", "proof", "key", "status", "dates", "policy")
"""The checks of a credential report, in the order the pipeline runs them."""


# --- keys --------------------------------------------------------------------------------


def key_pair(seed: int) -> Ed25519KeyPair:
    """An Ed25519 key pair from a one-byte seed (the same seed gives the same key)."""
    return Ed25519KeyPair(bytes([seed]) * 32)


def did_key_signer(pair: KeyPair) -> SigningKey:
    """The signing key of the ``did:key`` issuer that ``pair`` is."""
    return SigningKey(pair, did_key_verification_method(pair.public_key), did_key(pair.public_key))


def did_web_signer(pair: KeyPair, did: str, fragment: str) -> SigningKey:
    """The signing key ``did#fragment`` of a ``did:web`` issuer."""
    return SigningKey(pair, f"{did}#{fragment}", did)


ISSUER = did_key_signer(key_pair(1))
OTHER = did_key_signer(key_pair(2))
HOLDER = did_key_signer(key_pair(3))


# --- achievements and credentials ----------------------------------------------------------


@cache
def _example_definition() -> tuple[Achievement, Issuer]:
    data = yaml.safe_load((EXAMPLES / "achievement.yaml").read_text(encoding="utf-8"))
    achievement, issuer = parse_achievement_definition(data)
    assert issuer is not None
    return achievement, issuer


def achievement(**changes: Any) -> Achievement:
    """The example micro-credential (5 ECTS, EQF 6, every Annex I element), with ``changes``."""
    return dataclasses.replace(_example_definition()[0], **changes)


def issuer_profile(key: SigningKey = ISSUER) -> Issuer:
    """The example issuer's profile, identified by ``key``'s controller."""
    return dataclasses.replace(_example_definition()[1], id=key.controller)


def status_entry(
    index: int, *, purpose: str = "revocation", url: str = STATUS_LIST_URL
) -> StatusEntry:
    """A ``BitstringStatusListEntry`` pointing at ``index`` of the list at ``url``."""
    return StatusEntry(
        id=f"{url}#{index}",
        status_purpose=purpose,
        status_list_index=str(index),
        status_list_credential=url,
    )


def unsigned_credential(
    *,
    key: SigningKey = ISSUER,
    awarded: Achievement | None = None,
    recipient: str = HOLDER.controller,
    credential_id: str = "urn:uuid:00000000-0000-4000-8000-000000000001",
    valid_from: datetime = NOW,
    valid_until: datetime | None = None,
    status: Iterable[StatusEntry] = (),
) -> dict[str, Any]:
    """An Open Badges 3.0 credential from ``key``'s issuer, not signed yet."""
    return build_credential(
        id=credential_id,
        issuer=issuer_profile(key),
        achievement=awarded or achievement(),
        recipient=recipient,
        valid_from=valid_from,
        valid_until=valid_until,
        awarded_date=valid_from,
        status=status,
    )


def issue(
    *,
    key: SigningKey = ISSUER,
    suite: SignatureSuite = SignatureSuite.EDDSA_RDFC_2022,
    now: datetime = NOW,
    awarded: Achievement | None = None,
    recipient: str = HOLDER.controller,
    credential_id: str = "urn:uuid:00000000-0000-4000-8000-000000000002",
    **kwargs: Any,
) -> Any:
    """A credential issued through :func:`issue_credential` (a dict, or a JWS for VC-JWT)."""
    return issue_credential(
        achievement=awarded or achievement(),
        issuer=issuer_profile(key),
        recipient=recipient,
        key=key,
        credential_id=credential_id,
        now=now,
        suite=suite,
        **kwargs,
    )


def sign(
    document: Mapping[str, Any],
    key: SigningKey = ISSUER,
    *,
    suite: SignatureSuite = SignatureSuite.EDDSA_RDFC_2022,
    created: datetime = NOW,
) -> Any:
    """``document`` signed through :func:`sign_credential` (which checks the issuer binding)."""
    return sign_credential(document, key, suite=suite, created=created)


def sign_ed25519_2020(document: Mapping[str, Any], pair: KeyPair | None = None) -> dict[str, Any]:
    """``document`` (without its proof) signed with a legacy ``Ed25519Signature2020`` proof by
    ``pair``'s ``did:key`` (credstack verifies this suite but never issues it)."""
    pair = pair or key_pair(1)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    unsecured["@context"] = [*unsecured["@context"], ED25519_2020_CONTEXT]
    proof = {
        "type": "Ed25519Signature2020",
        "created": "2025-06-01T12:00:00Z",
        "verificationMethod": did_key_verification_method(pair.public_key),
        "proofPurpose": "assertionMethod",
    }
    signature = pair.sign(ed25519_signature_2020_hash(unsecured, proof))
    return {**unsecured, "proof": {**proof, "proofValue": multibase.encode_base58btc(signature)}}


def add_signature(
    document: Mapping[str, Any],
    key: SigningKey = ISSUER,
    *,
    cryptosuite: Cryptosuite = EDDSA_RDFC_2022,
    created: datetime | None = NOW,
    **options: Any,
) -> dict[str, Any]:
    """``document`` with a Data Integrity proof made directly with the Cryptosuite API.

    Unlike :func:`sign`, nothing is checked: ``options`` are :class:`ProofOptions` fields
    (``proof_purpose``, ``expires``, ``challenge``, ``domain``, …), dates as strings.
    """
    proof_options = ProofOptions(
        verification_method=options.pop("verification_method", key.verification_method),
        created=format_datetime(created) if created is not None else None,
        **options,
    )
    signed = add_proof(document, cryptosuite.create_proof(document, proof_options, key.key_pair))
    if not isinstance(signed["proof"], list):
        signed["proof"] = [signed["proof"]]  # as issuing does: Open Badges 3.0 wants arrays
    return signed


def signed_status_list(
    *,
    key: SigningKey = ISSUER,
    purpose: str = "revocation",
    set_indexes: Iterable[int] = (),
    url: str = STATUS_LIST_URL,
    valid_from: datetime = NOW,
    entries: int = MIN_ENTRIES,
) -> dict[str, Any]:
    """A ``BitstringStatusListCredential`` from ``key``'s issuer with ``set_indexes`` set
    (of ``entries`` entries: fewer than the minimum make a list the specification forbids)."""
    status_list = StatusList.from_bytes(bytes(entries // 8), min_entries=1)
    for index in set_indexes:
        status_list.set(index)
    document = status_list_credential(
        id=url,
        issuer=key.controller,
        purpose=purpose,
        status_list=status_list,
        valid_from=format_datetime(valid_from),
    )
    signed = sign(document, key)
    assert isinstance(signed, dict)
    return signed


def presentation(
    credentials: Iterable[Any],
    *,
    holder: SigningKey | None = HOLDER,
    challenge: str | None = "c0ffee",
    domain: str | None = "verifier.example",
    created: datetime = NOW,
) -> dict[str, Any]:
    """A ``VerifiablePresentation`` of ``credentials`` (JWS strings are enveloped), signed by
    ``holder`` for authentication with ``challenge`` and ``domain``; unsigned without a holder."""
    items = [
        {
            "@context": [VC_V2],
            "type": "EnvelopedVerifiableCredential",
            "id": f"data:application/vc+jwt,{c}",
        }
        if isinstance(c, str)
        else c
        for c in credentials
    ]
    document: dict[str, Any] = {
        "@context": [VC_V2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": items,
    }
    if holder is None:
        return document
    document["holder"] = holder.controller
    return add_signature(
        document,
        holder,
        created=created,
        proof_purpose="authentication",
        challenge=challenge,
        domain=domain,
    )


# --- verifying -----------------------------------------------------------------------------


def options(**changes: Any) -> VerifyOptions:
    """Verify offline (did:key only, no status lists) as of :data:`NOW`, with ``changes``."""
    values: dict[str, Any] = {"resolve": resolver(), "now": NOW, **changes}
    return VerifyOptions(**values)


def lists(*documents: Mapping[str, Any]) -> Any:
    """A status list fetcher serving ``documents`` by their ``id``."""
    by_id = {d["id"]: d for d in documents}
    return by_id.get


def outcome(report: VerificationReport) -> dict[str, tuple[str, str | None]]:
    """``{check id: (status, code)}`` of every check in ``report``."""
    return {str(c.id): (str(c.status), c.code) for c in report.checks}


def expected(**changes: tuple[str, str | None]) -> dict[str, tuple[str, str | None]]:
    """The :func:`outcome` of a good credential without a status entry, verified without a
    policy profile (every check passed, ``status`` and ``policy`` skipped), with ``changes``."""
    checks = dict.fromkeys(CHECK_ORDER, ("passed", None))
    checks.update(status=("skipped", None), policy=("skipped", None))
    checks.update(changes)
    return checks


def fetcher(*documents: Mapping[str, Any]) -> DocumentFetcher:
    """A fake ``did:web`` fetcher serving DID documents at their ``did.json`` URLs."""
    by_url = {did_web_url(d["id"]): d for d in documents}

    def fetch(url: str) -> Mapping[str, Any]:
        if url not in by_url:
            raise OSError(f"404 Not Found: {url}")
        return by_url[url]

    return fetch


# --- compact JWS ---------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jws_parts(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The header, the payload and the (still encoded) signature of a compact JWS."""
    header, payload, signature = token.split(".")
    return (
        orjson.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))),
        orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))),
        signature,
    )


def jws(header: Mapping[str, Any], payload: Mapping[str, Any], signature: str) -> str:
    """A compact JWS from its parts (the signature is not recomputed)."""
    return f"{b64url(orjson.dumps(header))}.{b64url(orjson.dumps(payload))}.{signature}"
