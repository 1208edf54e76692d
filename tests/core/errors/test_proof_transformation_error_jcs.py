"""PROOF_TRANSFORMATION_ERROR from JCS: values RFC 8785 cannot represent."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.crypto import jcs
from credstack.core.crypto.keys import Ed25519KeyPair
from credstack.core.errors import CanonicalizationError, ErrorCode
from credstack.core.proofs.data_integrity import ProofOptions
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        [float("-inf")],
        {"n": 2**53},
        {"n": -(2**53)},
        {"s": "lone \udc00 surrogate"},
        {"\ud800": "key with a lone surrogate"},
        {1: "integer key"},
        {"set": {1}},
        {"object": object()},
    ],
    ids=[
        "nan",
        "infinity",
        "integer-above-2**53",
        "integer-below-minus-2**53",
        "lone-surrogate-value",
        "lone-surrogate-key",
        "integer-key",
        "set",
        "object",
    ],
)
@pytest.mark.parametrize("canonicalize", [jcs.canonicalize, jcs.canonicalize_reference])
def test_values_outside_json_cannot_be_canonicalized(canonicalize: Any, value: Any) -> None:
    with pytest.raises(CanonicalizationError) as caught:
        canonicalize(value)
    assert caught.value.code is ErrorCode.PROOF_TRANSFORMATION_ERROR


def test_a_credential_with_nan_cannot_be_signed() -> None:
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], "score": float("nan")}
    options = ProofOptions(verification_method="did:example:issuer#key-1")
    with pytest.raises(CanonicalizationError) as caught:
        EDDSA_JCS_2022.create_proof(document, options, Ed25519KeyPair(bytes(32)))
    assert caught.value.code is ErrorCode.PROOF_TRANSFORMATION_ERROR
