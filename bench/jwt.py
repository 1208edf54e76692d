"""VC-JWT signing and verification of Open Badges 3.0 micro-credentials (EdDSA).

Figures, in credentials per second on one core:

* ``vc-jwt sign`` / ``verify`` — :func:`credstack.core.proofs.vc_jwt.sign_jwt` and
  :func:`~credstack.core.proofs.vc_jwt.verify_jwt` (strict parsing, key binding and claims checks
  included; the resolver is an in-memory lookup);
* ``baseline vc-jwt sign`` / ``verify`` — plain joserfc usage: ``jwt.encode`` of the credential
  with its claims, ``jwt.decode`` with the public key (signature only, no binding or claims).
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from typing import Any

from joserfc import jwt
from joserfc.errors import SecurityWarning
from joserfc.jwk import OKPKey

from bench.jcs import SEED, UNIT, Emit, micro_credential, rate
from credstack.core.crypto.keys import Ed25519KeyPair
from credstack.core.crypto.multibase import encode_base64url
from credstack.core.did.verification_method import VerificationMethod
from credstack.core.proofs.vc_jwt import sign_jwt, verify_jwt

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CLAIMS = {"nbf": 1748736000, "exp": 1906502400}


def run(emit: Emit) -> None:
    """Emit the VC-JWT figures."""
    pair = Ed25519KeyPair(SEED)
    issuer = f"did:key:{pair.public_key.multikey}"
    kid = f"{issuer}#{pair.public_key.multikey}"
    method = VerificationMethod(kid, issuer, pair.public_key)
    methods = {kid: method}
    credentials = [micro_credential(i, issuer) for i in range(200)]
    tokens = [sign_jwt(credential, pair, kid=kid) for credential in credentials]

    emit("vc-jwt sign", rate(lambda c: sign_jwt(c, pair, kid=kid), credentials), UNIT)
    emit("vc-jwt verify", rate(lambda t: verify_jwt(t, methods.__getitem__, now=NOW), tokens), UNIT)

    private_jwk: dict[str, str | list[str]] = {
        **pair.public_key.to_jwk(),
        "d": encode_base64url(pair.seed).removeprefix("u"),
    }
    key = OKPKey.import_key(private_jwk)
    public = OKPKey.import_key(dict[str, str | list[str]](pair.public_key.to_jwk()))
    header = {"alg": "EdDSA", "kid": kid, "typ": "JWT"}

    def baseline_sign(credential: dict[str, Any]) -> str:
        claims = {
            **credential,
            "iss": issuer,
            "jti": credential["id"],
            "sub": credential["credentialSubject"]["id"],
            **CLAIMS,
        }
        return jwt.encode(header, claims, key, algorithms=["EdDSA"])

    def baseline_verify(token: str) -> Any:
        return jwt.decode(token, public, algorithms=["EdDSA"]).claims

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)  # RFC 9864 prefers "Ed25519"
        emit("baseline vc-jwt sign", rate(baseline_sign, credentials), UNIT)
        baseline_tokens = [baseline_sign(credential) for credential in credentials]
        emit("baseline vc-jwt verify", rate(baseline_verify, baseline_tokens), UNIT)
