"""RANGE_ERROR from bulk signing: the recheck interval must be positive."""

from __future__ import annotations

import hashlib

import pytest

from credstack.core.crypto.keys import Ed25519KeyPair
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.data_integrity import ProofOptions
from credstack.core.proofs.eddsa_rdfc_2022 import sign_many


@pytest.mark.parametrize("recheck_every", [0, -1])
def test_recheck_every_must_be_at_least_one(recheck_every: int) -> None:
    key = Ed25519KeyPair(hashlib.sha256(b"range").digest())
    options = ProofOptions(verification_method="https://example.org/key")
    with pytest.raises(ProofError) as caught:
        list(sign_many([{}], lambda _: options, key, recheck_every=recheck_every))
    assert caught.value.code is ErrorCode.RANGE_ERROR
