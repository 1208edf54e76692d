"""Decentralized identifiers and verification methods.

* :mod:`~credstack.core.did.methods`: ``did:key`` (offline) and ``did:web`` (through a fetch
  port), DID documents with key history, resolvers;
* :mod:`~credstack.core.did.verification_method`: a public key, its controller and the interval
  in which it was valid.
"""

from __future__ import annotations

from credstack.core.did.methods import (
    ControllerDocumentResolver,
    DocumentFetcher,
    KeyHistoryEntry,
    assertion_methods,
    did_key,
    did_key_verification_method,
    did_web_document,
    did_web_from_url,
    document_resolver,
    find_verification_method,
    resolver,
)
from credstack.core.did.verification_method import (
    ASSERTION_METHOD,
    VerificationMethod,
    VerificationMethodResolver,
)

__all__ = [
    "ASSERTION_METHOD",
    "ControllerDocumentResolver",
    "DocumentFetcher",
    "KeyHistoryEntry",
    "VerificationMethod",
    "VerificationMethodResolver",
    "assertion_methods",
    "did_key",
    "did_key_verification_method",
    "did_web_document",
    "did_web_from_url",
    "document_resolver",
    "find_verification_method",
    "resolver",
]
