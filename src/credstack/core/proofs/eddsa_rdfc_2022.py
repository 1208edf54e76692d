"""The ``eddsa-rdfc-2022`` cryptosuite (W3C VC-DI-EdDSA §3.1): RDFC-1.0 + SHA-256 + Ed25519.

:data:`EDDSA_RDFC_2022` is a :class:`~credstack.core.proofs.data_integrity.Cryptosuite` whose
canonicalization is :func:`credstack.core.jsonld.rdfc.canonicalize` (fast path through shape
templates, byte-identical to the full JSON-LD → RDFC-1.0 conversion).

:func:`sign_many` signs a batch — typically one achievement issued to many recipients — and,
as a standing guard on the fast path, re-verifies a sample of the proofs with the full
conversion, raising if the two ever disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from credstack.core.crypto.keys import KeyPair, KeyType
from credstack.core.errors import CredstackError, ErrorCode, ProofError
from credstack.core.jsonld.rdfc import canonicalize, canonicalize_direct
from credstack.core.proofs.data_integrity import Cryptosuite, JsonObject, ProofOptions, add_proof

EDDSA_RDFC_2022 = Cryptosuite(
    name="eddsa-rdfc-2022", key_type=KeyType.ED25519, canonicalize=canonicalize, reads_json_ld=True
)
"""``eddsa-rdfc-2022``: proofs of type ``DataIntegrityProof`` signed with Ed25519."""

EDDSA_2022 = Cryptosuite(
    name="eddsa-2022", key_type=KeyType.ED25519, canonicalize=canonicalize, reads_json_ld=True
)
"""``eddsa-2022``, the draft name of the same algorithm; only for verifying older credentials."""

_FULL_PATH = Cryptosuite(
    name="eddsa-rdfc-2022",
    key_type=KeyType.ED25519,
    canonicalize=canonicalize_direct,
    reads_json_ld=True,
)


def sign_many(
    documents: Iterable[Mapping[str, Any]],
    options_for: Callable[[Mapping[str, Any]], ProofOptions],
    key_pair: KeyPair,
    *,
    recheck_every: int = 1000,
) -> Iterator[JsonObject]:
    """Sign each document with ``eddsa-rdfc-2022``; yield the secured documents in order.

    ``options_for`` gives the proof options of each document (its ``created`` time, say).
    The first document and then every ``recheck_every``-th one is verified again with the
    full JSON-LD → RDFC-1.0 conversion (no template cache); a disagreement raises
    :class:`ProofError` (``PROOF_GENERATION_ERROR``) before that document is yielded.
    """
    if recheck_every < 1:
        raise ProofError(
            f"recheck_every must be at least 1, not {recheck_every}", code=ErrorCode.RANGE_ERROR
        )
    for index, document in enumerate(documents):
        proof = EDDSA_RDFC_2022.create_proof(document, options_for(document), key_pair)
        secured = add_proof(document, proof)
        if index % recheck_every == 0:
            _recheck(secured, proof, key_pair, index)
        yield secured


def _recheck(secured: JsonObject, proof: JsonObject, key_pair: KeyPair, index: int) -> None:
    try:
        _FULL_PATH.verify_proof(secured, proof, key_pair.public_key)
    except CredstackError as exc:
        raise ProofError(
            f"document {index}: the fast canonicalization disagrees with the full JSON-LD "
            f"conversion ({exc.code}); nothing after this document was signed",
            code=ErrorCode.PROOF_GENERATION_ERROR,
            index=index,
        ) from exc


__all__ = ["EDDSA_2022", "EDDSA_RDFC_2022", "sign_many"]
