"""Securing mechanisms: Data Integrity proofs and VC-JWT.

* :mod:`~credstack.core.proofs.data_integrity`: proof options, adding and finding proofs,
  proof sets and chains;
* the cryptosuites :mod:`~credstack.core.proofs.eddsa_rdfc_2022`,
  :mod:`~credstack.core.proofs.eddsa_jcs_2022` and the legacy
  :mod:`~credstack.core.proofs.ed25519_signature_2020` (verify only);
* :mod:`~credstack.core.proofs.vc_jwt`: VC-JWT signing and verification.

Proofs use :mod:`credstack.core.jsonld`, :mod:`credstack.core.crypto` and
:mod:`credstack.core.did`; they never judge a whole credential (that is
:mod:`credstack.core.verify`).
"""

from __future__ import annotations

from credstack.core.proofs.data_integrity import (
    DATA_INTEGRITY_PROOF,
    Cryptosuite,
    ProofOptions,
    add_proof,
    proofs_of,
)
from credstack.core.proofs.ed25519_signature_2020 import verify_ed25519_signature_2020
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.proofs.eddsa_rdfc_2022 import (
    EDDSA_2022,
    EDDSA_RDFC_2022,
    sign_many,
)
from credstack.core.proofs.vc_jwt import (
    JwtForm,
    JwtVerification,
    KeyBinding,
    sign_jwt,
    verify_jwt,
)

__all__ = [
    "DATA_INTEGRITY_PROOF",
    "EDDSA_2022",
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "Cryptosuite",
    "JwtForm",
    "JwtVerification",
    "KeyBinding",
    "ProofOptions",
    "add_proof",
    "proofs_of",
    "sign_jwt",
    "sign_many",
    "verify_ed25519_signature_2020",
    "verify_jwt",
]
