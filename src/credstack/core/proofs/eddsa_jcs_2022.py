"""The ``eddsa-jcs-2022`` cryptosuite (W3C VC-DI-EdDSA §3.3): Ed25519 over RFC 8785 JCS.

No JSON-LD processing is involved: the suite signs the canonical JSON text, so the proof keeps
the ``@context`` it was made with and a verifier checks that it is a prefix of the document's.
"""

from __future__ import annotations

from credstack.core.crypto import jcs
from credstack.core.crypto.keys import KeyType
from credstack.core.proofs.data_integrity import Cryptosuite

EDDSA_JCS_2022 = Cryptosuite(
    name="eddsa-jcs-2022",
    key_type=KeyType.ED25519,
    canonicalize=jcs.canonicalize,
    proof_keeps_context=True,
)
"""Create with ``EDDSA_JCS_2022.create_proof``, check with ``EDDSA_JCS_2022.verify_proof``."""

__all__ = ["EDDSA_JCS_2022"]
