"""UNSUPPORTED_ALGORITHM: a VC-JWT whose ``alg`` is not a public-key signature credstack knows.

``none`` would accept any token; ``HS256`` would let the issuer's *public* key serve as an
HMAC secret that anyone can use. Both are refused before any key is looked at.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import ISSUER, b64url, issue, jws, jws_parts, options, outcome

UNSUPPORTED = {"format": ("passed", None), "proof": ("failed", "UNSUPPORTED_ALGORITHM")}


def _token_with(alg: str) -> tuple[dict[str, object], dict[str, object]]:
    header, payload, _ = jws_parts(issue(suite=SignatureSuite.VC_JWT))
    return {**header, "alg": alg}, payload


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_alg_none_unsigned(alg: str) -> None:
    header, payload = _token_with(alg)
    report = verify_document(jws(header, payload, ""), options())
    assert outcome(report) == UNSUPPORTED
    assert report.verified is False


def test_hs256_keyed_with_the_issuers_public_key() -> None:
    header, payload = _token_with("HS256")
    unsigned = jws(header, payload, "").rstrip(".")
    secret = ISSUER.key_pair.public_key.multikey.encode()
    mac = hmac.new(secret, unsigned.encode(), hashlib.sha256).digest()
    report = verify_document(f"{unsigned}.{b64url(mac)}", options())
    assert outcome(report) == UNSUPPORTED


@pytest.mark.parametrize("alg", ["HS384", "HS512", "ES384", "PS256", "RS512", "EdDSA448", ""])
def test_other_algorithms(alg: str) -> None:
    header, payload = _token_with(alg)
    _, _, signature = jws_parts(issue(suite=SignatureSuite.VC_JWT))
    report = verify_document(jws(header, payload, signature), options())
    assert outcome(report) == UNSUPPORTED
