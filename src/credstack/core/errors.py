"""Errors of the core, each with a stable code.

Every error the core raises is a :class:`CredstackError` and carries an :class:`ErrorCode`.
The codes are part of the public contract: the verification report, the CLI's ``--json`` output
and (later) the HTTP problem documents all use them. Where the W3C Verifiable Credentials and
Data Integrity specifications name an error, we use that name.

The tree::

    CredstackError
    ├── DocumentError            input that cannot be read as a credential (JSON, shape, values)
    ├── ContextError             JSON-LD contexts: unknown, remote, redefining a protected term
    ├── CanonicalizationError    RDFC-1.0 / JCS failures, including the work limit
    ├── KeyMaterialError         keys, Multikey and multibase encodings
    ├── ResolutionError          DIDs and verification methods that cannot be resolved
    ├── ProofError               creating or checking a proof (Data Integrity or JWT)
    ├── StatusListError          Bitstring Status List encoding, decoding and checks
    └── PolicyError              achievement definitions that break a policy profile
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Stable error codes (W3C names where one exists)."""

    # W3C VC Data Model 2.0 / Data Integrity / Bitstring Status List
    PARSING_ERROR = "PARSING_ERROR"
    CRYPTOGRAPHIC_SECURITY_ERROR = "CRYPTOGRAPHIC_SECURITY_ERROR"
    MALFORMED_VALUE_ERROR = "MALFORMED_VALUE_ERROR"
    RANGE_ERROR = "RANGE_ERROR"
    PROOF_GENERATION_ERROR = "PROOF_GENERATION_ERROR"
    PROOF_VERIFICATION_ERROR = "PROOF_VERIFICATION_ERROR"
    PROOF_TRANSFORMATION_ERROR = "PROOF_TRANSFORMATION_ERROR"
    INVALID_DOMAIN_ERROR = "INVALID_DOMAIN_ERROR"
    INVALID_CHALLENGE_ERROR = "INVALID_CHALLENGE_ERROR"
    STATUS_RETRIEVAL_ERROR = "STATUS_RETRIEVAL_ERROR"
    STATUS_VERIFICATION_ERROR = "STATUS_VERIFICATION_ERROR"
    STATUS_LIST_LENGTH_ERROR = "STATUS_LIST_LENGTH_ERROR"
    # W3C Controlled Identifiers / DID resolution
    INVALID_VERIFICATION_METHOD = "INVALID_VERIFICATION_METHOD"
    INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD = "INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD"
    DID_RESOLUTION_ERROR = "DID_RESOLUTION_ERROR"
    UNSUPPORTED_DID_METHOD = "UNSUPPORTED_DID_METHOD"
    # JSON input
    DUPLICATE_KEY_ERROR = "DUPLICATE_KEY_ERROR"
    # JSON-LD
    UNKNOWN_CONTEXT = "UNKNOWN_CONTEXT"
    INVALID_CONTEXT = "INVALID_CONTEXT"
    CONTEXT_DIGEST_MISMATCH = "CONTEXT_DIGEST_MISMATCH"
    PROTECTED_TERM_REDEFINITION = "PROTECTED_TERM_REDEFINITION"
    UNDEFINED_TERM = "UNDEFINED_TERM"
    UNSIGNED_CONTENT = "UNSIGNED_CONTENT"
    CANONICALIZATION_LIMIT_EXCEEDED = "CANONICALIZATION_LIMIT_EXCEEDED"
    # schema and model
    SCHEMA_VALIDATION_ERROR = "SCHEMA_VALIDATION_ERROR"
    INVALID_ACHIEVEMENT = "INVALID_ACHIEVEMENT"
    POLICY_VIOLATION = "POLICY_VIOLATION"
    UNKNOWN_POLICY_PROFILE = "UNKNOWN_POLICY_PROFILE"
    INVALID_POLICY_PROFILE = "INVALID_POLICY_PROFILE"
    # what an issuer may sign (credstack.core.ob3.limits)
    FIELD_TOO_LONG = "FIELD_TOO_LONG"
    TOO_MANY_ITEMS = "TOO_MANY_ITEMS"
    ACHIEVEMENT_TOO_LARGE = "ACHIEVEMENT_TOO_LARGE"
    NOT_ABSOLUTE_URI = "NOT_ABSOLUTE_URI"
    INVALID_COUNTRY_CODE = "INVALID_COUNTRY_CODE"
    CREDITS_EXCEED_ACHIEVEMENT = "CREDITS_EXCEED_ACHIEVEMENT"
    # proofs and keys
    NO_PROOF = "NO_PROOF"
    UNSUPPORTED_CRYPTOSUITE = "UNSUPPORTED_CRYPTOSUITE"
    UNSUPPORTED_ALGORITHM = "UNSUPPORTED_ALGORITHM"
    KEY_NOT_BOUND_TO_ISSUER = "KEY_NOT_BOUND_TO_ISSUER"
    KEY_OUTSIDE_VALIDITY_PERIOD = "KEY_OUTSIDE_VALIDITY_PERIOD"
    PROOF_CREATED_IN_FUTURE = "PROOF_CREATED_IN_FUTURE"
    PROOF_EXPIRED = "PROOF_EXPIRED"
    JWT_CLAIMS_MISMATCH = "JWT_CLAIMS_MISMATCH"
    # presentations: bound to the verifier's challenge, signed by the credentials' subject
    NO_CHALLENGE = "NO_CHALLENGE"
    HOLDER_MISMATCH = "HOLDER_MISMATCH"
    HOLDER_NOT_SUBJECT = "HOLDER_NOT_SUBJECT"
    SUBJECT_NOT_BINDABLE = "SUBJECT_NOT_BINDABLE"
    # status
    CREDENTIAL_REVOKED = "CREDENTIAL_REVOKED"
    CREDENTIAL_SUSPENDED = "CREDENTIAL_SUSPENDED"
    STATUS_PURPOSE_MISMATCH = "STATUS_PURPOSE_MISMATCH"
    STATUS_LIST_DECOMPRESSION_LIMIT = "STATUS_LIST_DECOMPRESSION_LIMIT"
    STATUS_LIST_SIGNER_NOT_ACCEPTED = "STATUS_LIST_SIGNER_NOT_ACCEPTED"
    # validity dates
    CREDENTIAL_NOT_YET_VALID = "CREDENTIAL_NOT_YET_VALID"
    CREDENTIAL_EXPIRED = "CREDENTIAL_EXPIRED"
    # the platform service (requests, tenancy, state)
    INVALID_REQUEST = "INVALID_REQUEST"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    AUTHENTICATION_REQUIRED = "AUTHENTICATION_REQUIRED"
    TOKEN_REVOKED = "TOKEN_REVOKED"  # noqa: S105 (an error code, not a secret)
    TOKEN_EXPIRED = "TOKEN_EXPIRED"  # noqa: S105
    PERMISSION_DENIED = "PERMISSION_DENIED"
    NOT_FOUND = "NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    INVALID_STATE_TRANSITION = "INVALID_STATE_TRANSITION"
    STATUS_LIST_FULL = "STATUS_LIST_FULL"
    KEY_STORE_ERROR = "KEY_STORE_ERROR"
    INVALID_SETTING = "INVALID_SETTING"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_ERROR = "INTERNAL_ERROR"


class CredstackError(Exception):
    """Base of every error the core raises; renders itself for people and machines."""

    default_code: ErrorCode = ErrorCode.MALFORMED_VALUE_ERROR

    def __init__(self, message: str, *, code: ErrorCode | None = None, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"code", "message", **detail}``."""
        return {"code": str(self.code), "message": self.message, **self.detail}


class DocumentError(CredstackError):
    default_code = ErrorCode.PARSING_ERROR


class ContextError(CredstackError):
    default_code = ErrorCode.UNKNOWN_CONTEXT


class CanonicalizationError(CredstackError):
    default_code = ErrorCode.PROOF_TRANSFORMATION_ERROR


class KeyMaterialError(CredstackError):
    default_code = ErrorCode.MALFORMED_VALUE_ERROR


class ResolutionError(CredstackError):
    default_code = ErrorCode.DID_RESOLUTION_ERROR


class ProofError(CredstackError):
    default_code = ErrorCode.PROOF_VERIFICATION_ERROR


class StatusListError(CredstackError):
    default_code = ErrorCode.STATUS_VERIFICATION_ERROR


class PolicyError(CredstackError):
    default_code = ErrorCode.POLICY_VIOLATION


__all__ = [
    "CanonicalizationError",
    "ContextError",
    "CredstackError",
    "DocumentError",
    "ErrorCode",
    "KeyMaterialError",
    "PolicyError",
    "ProofError",
    "ResolutionError",
    "StatusListError",
]
