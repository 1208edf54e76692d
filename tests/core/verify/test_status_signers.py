"""The trust configuration of status list signers, as a verifier writes it down."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.verify import StatusListSigners


def test_the_default_accepts_no_one_but_the_issuer() -> None:
    signers = StatusListSigners()
    assert signers.trusted_for("did:example:issuer") == frozenset()
    assert signers.issuer_document is False
    assert signers.to_json() == {}


def test_signers_named_for_an_issuer_and_for_every_issuer() -> None:
    signers = StatusListSigners.from_json(
        {
            "did:web:uni.example": ["did:key:z6MkStatus", " did:web:status.example#key-1 "],
            "*": "did:key:z6MkEveryone",
        },
        issuer_document=True,
    )
    assert signers.trusted_for("did:web:uni.example") == {
        "did:key:z6MkStatus",
        "did:web:status.example#key-1",
        "did:key:z6MkEveryone",
    }
    assert signers.trusted_for("did:web:other.example") == {"did:key:z6MkEveryone"}
    assert signers.issuer_document is True
    assert signers.to_json() == {
        "*": ["did:key:z6MkEveryone"],
        "did:web:uni.example": ["did:key:z6MkStatus", "did:web:status.example#key-1"],
    }
    assert StatusListSigners.from_json(signers.to_json()).trusted == signers.trusted


@pytest.mark.parametrize(
    "value",
    [
        ["did:key:z6MkStatus"],
        "did:key:z6MkStatus",
        {"": ["did:key:z6MkStatus"]},
        {"did:web:uni.example": []},
        {"did:web:uni.example": [""]},
        {"did:web:uni.example": [7]},
        {"did:web:uni.example": {"signer": "did:key:z6MkStatus"}},
        {"did:web:uni.example": None},
    ],
)
def test_a_malformed_configuration_is_refused(value: Any) -> None:
    with pytest.raises(DocumentError) as caught:
        StatusListSigners.from_json(value)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
