"""KEY_OUTSIDE_VALIDITY_PERIOD in VC-JWTs: the key was not valid when the token was issued.

The moment checked is ``iat``, else ``nbf``, else the verifier's ``now``, so a credential
signed before a key was rotated out keeps verifying.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import verify_jwt
from tests.core.test_vc_jwt import ISSUER, KID, NOW, credential, forge, method, resolver

RETIRED = method(
    valid_from=datetime(2020, 1, 1, tzinfo=UTC), valid_until=datetime(2024, 1, 1, tzinfo=UTC)
)
NEW = method(valid_from=datetime(2027, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("key", "claims"),
    [
        (RETIRED, {"iat": 1748736000}),
        (RETIRED, {"nbf": 1748736000}),
        (RETIRED, {}),
        (NEW, {"iat": 1748736000, "nbf": 1748736000}),
    ],
    ids=["retired-at-iat", "retired-at-nbf", "retired-now", "not-yet-valid"],
)
def test_a_key_outside_its_validity_is_refused(key: Any, claims: dict[str, Any]) -> None:
    document = credential()
    if "nbf" not in claims:
        del document["validFrom"]
    token = forge({"alg": "EdDSA", "kid": KID}, {**document, "iss": ISSUER, **claims})
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(key), now=NOW)
    assert caught.value.code is ErrorCode.KEY_OUTSIDE_VALIDITY_PERIOD


def test_a_token_issued_while_the_key_was_valid_still_verifies() -> None:
    token = forge({"alg": "EdDSA", "kid": KID}, {**credential(), "iat": 1577923200})
    assert verify_jwt(token, resolver(RETIRED), now=NOW).issued_at == datetime(
        2020, 1, 2, tzinfo=UTC
    )
