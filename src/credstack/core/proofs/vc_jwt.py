"""VC-JWT as Open Badges 3.0 defines it: a credential signed as a compact JWS.

credstack signs one form (``docs/decisions/0008-vc-jwt-form.md``): the Open Badges 3.0 JOSE
header ``{"alg", "kid", "typ": "JWT"}`` and, as payload, the credential with the JWT claims that
repeat it: ``iss`` = issuer id, ``jti`` = credential id, ``nbf`` = ``validFrom``, ``sub`` = the
subject's id and ``exp`` = ``validUntil``. It verifies two forms (:class:`JwtForm`):

* the **credential as the payload**: Open Badges 3.0's form, and VC-JOSE-COSE's
  (``typ: vc+jwt``, ``cty: vc``, claims optional);
* the **``vc`` claim** of the VC Data Model 1.1 JWT encoding, which the 1EdTech validator and its
  samples use; the credential is unwrapped, and properties the 1.1 rules let an issuer leave to
  the claims (``issuer``, ``id``, subject ``id``, ``issuanceDate``, ``expirationDate``) are
  restored from them.

Either way a claim present in a token must agree with the credential
(``JWT_CLAIMS_MISMATCH``). A payload that is both (a credential *and* a ``vc`` claim) holds two
credentials and is refused, as is a ``vc`` claim under ``typ: vc+jwt``.

What a verifier refuses, and why:

* any ``alg`` but EdDSA / Ed25519, ES256 and RS256 — ``none`` and the HMAC algorithms above all,
  so that a public key can never be used as a shared secret;
* an ``alg`` that does not fit the key type of the verification method;
* a key the issuer does not control: a ``kid`` must resolve to a method whose controller is the
  issuer; an embedded ``jwk`` is the issuer's when the issuer is the ``did:key`` or ``did:jwk``
  of exactly that key, or when the issuer's DID document names that key for assertions
  (:class:`KeyBinding`). Open Badges 3.0's verification steps check the signature with an
  embedded ``jwk`` and bind it to nothing; a key nothing can bind (the issuer is an https URL or
  a ``urn:``) is accepted only if the caller asks for it (``allow_unbound_jwk``), and then the
  result says so: the token is intact since its signing, not shown to be the issuer's;
* ``crit`` headers (no extension is understood), a ``cty`` that is not a credential, and JSON
  with duplicated keys or other ambiguities (see :mod:`credstack.core.json.text`).

The JWS structure (RFC 7515 §5) is base64url and JSON only: signing goes through the
platform's :class:`~credstack.core.crypto.keys.KeyPair`, which may sit in a key store that never
hands out its private key, and checking through :class:`~credstack.core.crypto.keys.PublicKey`.
The tests check interoperability with joserfc in both directions. Whether the credential is
valid *now* (``nbf``/``exp``) is the caller's date check; the values are exposed here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import orjson

from credstack.core.crypto.keys import KeyPair, KeyType, PublicKey, public_key_from_jwk
from credstack.core.did.methods import ControllerDocumentResolver, assertion_methods
from credstack.core.did.verification_method import (
    ASSERTION_METHOD,
    VerificationMethod,
    VerificationMethodResolver,
)
from credstack.core.errors import CredstackError, ErrorCode, ProofError, ResolutionError
from credstack.core.json.text import parse_json
from credstack.core.timestamps import format_datetime, parse_datetime

ALGORITHMS: Mapping[str, KeyType] = {
    "EdDSA": KeyType.ED25519,
    "Ed25519": KeyType.ED25519,  # the fully-specified name of RFC 9864
    "ES256": KeyType.P256,
    "RS256": KeyType.RSA,
}
"""The JWS algorithms accepted, with the key type each needs."""

REGISTERED_CLAIMS = frozenset({"iss", "sub", "aud", "exp", "nbf", "iat", "jti"})
"""RFC 7519 §4.1 claims: never credential properties, so they are not part of ``credential``."""

_SIGNING_ALGORITHM = {KeyType.ED25519: "EdDSA", KeyType.P256: "ES256"}
_TOKEN_TYPES = frozenset({"jwt", "vc+jwt", "vc+ld+jwt", "vc+ld+json+jwt"})
_JOSE_COSE_TYPES = frozenset({"vc+jwt", "vc+ld+jwt", "vc+ld+json+jwt"})
_CONTENT_TYPES = frozenset({"vc", "vc+ld+json"})
_THUMBPRINT_URN = "urn:ietf:params:oauth:jwk-thumbprint:sha-256:"
_VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
# the credential members behind nbf and exp: VC 2.0 names first, VC 1.1 names second
_FROM_FIELDS = ("validFrom", "issuanceDate")
_UNTIL_FIELDS = ("validUntil", "expirationDate")
# base64url to the standard alphabet for binascii; "+", "/" and padding, which base64url
# does not use, become "*" so that the strict decoder refuses them.
_URLSAFE_TO_STANDARD = bytes.maketrans(b"-_+/=", b"+/***")


class JwtForm(StrEnum):
    """Where a token carries its credential."""

    CREDENTIAL = "credential"
    """The payload is the credential (Open Badges 3.0, VC-JOSE-COSE)."""
    VC_CLAIM = "vc-claim"
    """The payload's ``vc`` claim is the credential (VC Data Model 1.1 JWT encoding)."""


class KeyBinding(StrEnum):
    """What shows that the signing key is the issuer's."""

    VERIFICATION_METHOD = "verification-method"
    """The ``kid`` resolves to a verification method the issuer controls."""
    ISSUER_KEY = "issuer-key"
    """The issuer is the ``did:key`` or ``did:jwk`` of the embedded ``jwk``."""
    ISSUER_DOCUMENT = "issuer-document"
    """The issuer's DID document names the embedded ``jwk`` for assertions."""
    NONE = "none"
    """Nothing binds the embedded ``jwk`` to the issuer (only with ``allow_unbound_jwk``)."""


@dataclass(frozen=True, slots=True)
class JwtVerification:
    """A VC-JWT whose signature, key binding and claims have been checked."""

    credential: dict[str, Any]
    """The credential: the payload without the JWT claims, or the unwrapped ``vc`` claim."""
    header: dict[str, Any]
    claims: dict[str, Any]
    """The whole JWS payload, as signed."""
    method: VerificationMethod
    """The verification method whose key checked the signature (for an unbound ``jwk``, one
    named by the key's RFC 7638 thumbprint URN and controlled by nobody known)."""
    not_before: datetime | None
    expires: datetime | None
    issued_at: datetime | None
    form: JwtForm = JwtForm.CREDENTIAL
    binding: KeyBinding = KeyBinding.VERIFICATION_METHOD


def sign_jwt(credential: Mapping[str, Any], key_pair: KeyPair, *, kid: str) -> str:
    """Sign ``credential`` as a compact JWS (``EdDSA`` for Ed25519 keys, ``ES256`` for P-256).

    ``kid`` is the verification-method URL a verifier resolves (``did:key:z6Mk…#z6Mk…``).
    """
    alg = _SIGNING_ALGORITHM.get(key_pair.key_type)
    if alg is None:
        raise ProofError(
            f"no JWS signing algorithm for {key_pair.key_type} keys (Ed25519 or P-256 sign)",
            code=ErrorCode.UNSUPPORTED_ALGORITHM,
        )
    clashes = sorted(REGISTERED_CLAIMS.intersection(credential))
    if clashes:
        raise ProofError(
            f"the credential has members named like JWT claims: {clashes}",
            code=ErrorCode.PROOF_GENERATION_ERROR,
        )
    payload = {**credential, **_claims_for(credential)}
    header = {"alg": alg, "kid": kid, "typ": "JWT"}
    try:
        signing_input = _b64(orjson.dumps(header)) + b"." + _b64(orjson.dumps(payload))
    except orjson.JSONEncodeError as exc:
        raise ProofError(
            f"the credential is not JSON: {exc}", code=ErrorCode.PROOF_GENERATION_ERROR
        ) from exc
    return (signing_input + b"." + _b64(key_pair.sign(signing_input))).decode("ascii")


def verify_jwt(
    token: str,
    resolve: VerificationMethodResolver,
    *,
    now: datetime,
    resolve_document: ControllerDocumentResolver | None = None,
    allow_unbound_jwk: bool = False,
) -> JwtVerification:
    """Check a VC-JWT's signature, its key's binding to the issuer, and its claims.

    Raises :class:`~credstack.core.errors.ProofError` (``PARSING_ERROR``,
    ``DUPLICATE_KEY_ERROR``, ``UNSUPPORTED_ALGORITHM``, ``MALFORMED_VALUE_ERROR``,
    ``INVALID_VERIFICATION_METHOD``, ``KEY_NOT_BOUND_TO_ISSUER``,
    ``INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD``, ``PROOF_VERIFICATION_ERROR``,
    ``JWT_CLAIMS_MISMATCH``, ``KEY_OUTSIDE_VALIDITY_PERIOD``); ``resolve`` and
    ``resolve_document`` may raise :class:`~credstack.core.errors.ResolutionError`. The key
    must have been valid when the token was issued (``iat``, else ``nbf``, else ``now``).

    ``resolve_document`` reads the DID document of an issuer whose token embeds its key as a
    ``jwk``; without it such a DID issuer (other than ``did:key`` / ``did:jwk``) cannot be
    checked. ``allow_unbound_jwk`` accepts an embedded key that nothing can bind to the
    issuer, with :attr:`JwtVerification.binding` :attr:`KeyBinding.NONE`.
    """
    if not isinstance(token, str) or not token.isascii() or token.count(".") != 2:
        raise ProofError(
            "not a compact JWS (three base64url segments separated by dots)",
            code=ErrorCode.PARSING_ERROR,
        )
    header_segment, payload_segment, signature_segment = token.split(".")
    header = _parse_object(_b64decode(header_segment, "header"), "header")
    key_type = _check_header(header)
    claims = _parse_object(_b64decode(payload_segment, "payload"), "payload")
    form = _form_of(header, claims)
    credential = _credential_of(claims, form)
    issuer = _issuer_id(credential)
    method, binding = _signing_method(
        header, issuer, claims, resolve, resolve_document, allow_unbound=allow_unbound_jwk
    )
    if method.public_key.key_type is not key_type:
        raise ProofError(
            f"alg {header['alg']} needs a {key_type} key; {method.id} holds a "
            f"{method.public_key.key_type} key",
            code=ErrorCode.INVALID_VERIFICATION_METHOD,
        )
    signature = _b64decode(signature_segment, "signature")
    signing_input = f"{header_segment}.{payload_segment}".encode("ascii")
    if not method.public_key.verify(signature, signing_input):
        raise ProofError(
            "the JWS signature does not match: the token was changed after signing, "
            "or signed with another key",
            code=ErrorCode.PROOF_VERIFICATION_ERROR,
        )
    issued_at, not_before, expires = (_numeric_date(claims, c) for c in ("iat", "nbf", "exp"))
    _check_claims(claims, credential, issuer, {"nbf": not_before, "exp": expires})
    moment = issued_at or not_before or now
    if not method.is_valid_at(moment):
        raise ProofError(
            f"{method.id} was not a valid key at {moment.isoformat()}",
            code=ErrorCode.KEY_OUTSIDE_VALIDITY_PERIOD,
        )
    return JwtVerification(
        credential=credential,
        header=header,
        claims=claims,
        method=method,
        not_before=not_before,
        expires=expires,
        issued_at=issued_at,
        form=form,
        binding=binding,
    )


def jwk_thumbprint(key: PublicKey) -> str:
    """The RFC 7638 SHA-256 thumbprint of ``key`` (base64url)."""
    members = key.to_jwk()  # exactly the required members, for every key type
    canonical = orjson.dumps(dict(sorted(members.items())))
    return _b64(hashlib.sha256(canonical).digest()).decode("ascii")


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _b64decode(segment: str, part: str) -> bytes:
    """Decode one segment, refusing any spelling but the canonical one.

    Base64 decoders ignore the unused bits of the last character (RFC 4648 §3.5); without the
    round-trip check one signature would have several spellings and an altered token would
    still verify. The header and payload need no such check: the signature covers their text
    as written, so another spelling fails the signature.
    """
    try:
        data = segment.encode("ascii").translate(_URLSAFE_TO_STANDARD)
        decoded = binascii.a2b_base64(data + b"=" * (-len(data) % 4), strict_mode=True)
    except (UnicodeEncodeError, binascii.Error) as exc:
        raise ProofError(
            f"the JWS {part} is not base64url: {exc}", code=ErrorCode.PARSING_ERROR
        ) from exc
    if part != "header" and part != "payload" and _b64(decoded) != segment.encode("ascii"):
        raise ProofError(f"the JWS {part} is not canonical base64url", code=ErrorCode.PARSING_ERROR)
    return decoded


def _parse_object(data: bytes, part: str) -> dict[str, Any]:
    try:
        value = parse_json(data)
    except CredstackError as exc:
        raise ProofError(f"the JWS {part}: {exc.message}", code=exc.code) from exc
    if type(value) is not dict:
        raise ProofError(f"the JWS {part} is not a JSON object", code=ErrorCode.PARSING_ERROR)
    return value


def _check_header(header: dict[str, Any]) -> KeyType:
    alg = header.get("alg")
    key_type = ALGORITHMS.get(alg) if isinstance(alg, str) else None
    if key_type is None:
        raise ProofError(
            f"JWS alg {alg!r} is not accepted (EdDSA, Ed25519, ES256 or RS256)",
            code=ErrorCode.UNSUPPORTED_ALGORITHM,
        )
    if "crit" in header:
        raise ProofError(
            f"the JWS header marks extensions as critical: {header['crit']!r}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    typ = header.get("typ")
    if typ is not None and (not isinstance(typ, str) or _media_type(typ) not in _TOKEN_TYPES):
        raise ProofError(
            f"JWS typ {typ!r} is not a credential (JWT or vc+jwt)",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    cty = header.get("cty")
    if cty is not None and (not isinstance(cty, str) or _media_type(cty) not in _CONTENT_TYPES):
        raise ProofError(
            f"JWS cty {cty!r} is not a credential (vc)", code=ErrorCode.MALFORMED_VALUE_ERROR
        )
    return key_type


def _media_type(value: str) -> str:
    return value.lower().removeprefix("application/")


def _form_of(header: dict[str, Any], claims: dict[str, Any]) -> JwtForm:
    if "vc" not in claims:
        return JwtForm.CREDENTIAL
    if "@context" in claims:
        # one token, two credentials: a verifier reading the vc claim (the 1EdTech validator)
        # and one reading the payload would see different claims under the same signature
        raise ProofError(
            "the JWS payload is a credential and also carries a vc claim: which one is signed "
            "is ambiguous",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    typ = header.get("typ")
    if isinstance(typ, str) and _media_type(typ) in _JOSE_COSE_TYPES:
        raise ProofError(
            f"a {typ} token carries the credential as its payload, not in a vc claim",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    return JwtForm.VC_CLAIM


def _credential_of(claims: dict[str, Any], form: JwtForm) -> dict[str, Any]:
    if form is JwtForm.CREDENTIAL:
        return {k: v for k, v in claims.items() if k not in REGISTERED_CLAIMS}
    vc = claims["vc"]
    if type(vc) is not dict:
        raise ProofError("the vc claim is not a JSON object", code=ErrorCode.MALFORMED_VALUE_ERROR)
    return _restore_from_claims(dict(vc), claims)


def _restore_from_claims(credential: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
    """VC-JWT 1.1 decoding: properties an issuer left out are taken from the claims."""
    for claim, member in (("iss", "issuer"), ("jti", "id")):
        if member not in credential and isinstance(claims.get(claim), str):
            credential[member] = claims[claim]
    subject, sub = credential.get("credentialSubject"), claims.get("sub")
    if type(subject) is dict and "id" not in subject and isinstance(sub, str):
        credential["credentialSubject"] = {"id": sub, **subject}
    context = credential.get("@context")
    is_v1 = isinstance(context, list) and bool(context) and context[0] == _VC_V1_CONTEXT
    for claim, fields in (("nbf", _FROM_FIELDS), ("exp", _UNTIL_FIELDS)):
        moment = _numeric_date(claims, claim)
        if moment is not None and not any(field in credential for field in fields):
            credential[fields[1] if is_v1 else fields[0]] = format_datetime(moment)
    return credential


def _signing_method(
    header: dict[str, Any],
    issuer: str,
    claims: dict[str, Any],
    resolve: VerificationMethodResolver,
    resolve_document: ControllerDocumentResolver | None,
    *,
    allow_unbound: bool,
) -> tuple[VerificationMethod, KeyBinding]:
    kid, jwk = header.get("kid"), header.get("jwk")
    if kid is not None and not isinstance(kid, str):
        raise ProofError("the JWS kid is not a string", code=ErrorCode.MALFORMED_VALUE_ERROR)
    embedded = _issuer_key_method(jwk, issuer) if jwk is not None else None
    if embedded is not None:
        return embedded, KeyBinding.ISSUER_KEY
    if kid is None and jwk is not None:
        return _embedded_method(_key_of(jwk), issuer, resolve, resolve_document, allow_unbound)
    if kid is None:
        raise ProofError(
            "the JWS header names no key (neither kid nor jwk)",
            code=ErrorCode.INVALID_VERIFICATION_METHOD,
        )
    if kid.startswith("#"):
        base = claims.get("iss")
        kid = (base if isinstance(base, str) else issuer) + kid
    method = resolve(kid)
    if method.controller != issuer:
        raise ProofError(
            f"{kid} is controlled by {method.controller}, not by the issuer {issuer}",
            code=ErrorCode.KEY_NOT_BOUND_TO_ISSUER,
        )
    if jwk is not None and _key_of(jwk).to_jwk() != method.public_key.to_jwk():
        raise ProofError(
            f"the JWS jwk is not the key of {kid}", code=ErrorCode.KEY_NOT_BOUND_TO_ISSUER
        )
    if ASSERTION_METHOD not in method.relationships:
        raise ProofError(
            f"{method.id} is not an assertionMethod of {issuer}",
            code=ErrorCode.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD,
        )
    return method, KeyBinding.VERIFICATION_METHOD


def _issuer_key_method(jwk: Any, issuer: str) -> VerificationMethod | None:
    """The method for a header ``jwk`` when the issuer is that key's did:key or did:jwk."""
    key = _key_of(jwk)
    if issuer.startswith("did:key:"):
        if issuer == f"did:key:{key.multikey}":
            return VerificationMethod(f"{issuer}#{key.multikey}", issuer, key)
    elif issuer.startswith("did:jwk:"):
        try:
            issuer_jwk = parse_json(_b64decode(issuer.removeprefix("did:jwk:"), "did:jwk"))
            if _key_of(issuer_jwk).to_jwk() == key.to_jwk():
                return VerificationMethod(f"{issuer}#0", issuer, key)
        except CredstackError:
            return None
    return None


def _embedded_method(
    key: PublicKey,
    issuer: str,
    resolve: VerificationMethodResolver,
    resolve_document: ControllerDocumentResolver | None,
    allow_unbound: bool,
) -> tuple[VerificationMethod, KeyBinding]:
    """Bind a header ``jwk`` (with no ``kid``) that is not the issuer's did:key or did:jwk."""
    if issuer.startswith(("did:key:", "did:jwk:")):
        raise ProofError(
            f"the JWS jwk is not the key of the issuer {issuer} (not its did:key or did:jwk), "
            "and no kid names one of the issuer's keys",
            code=ErrorCode.KEY_NOT_BOUND_TO_ISSUER,
        )
    if issuer.startswith("did:"):
        if resolve_document is None:
            raise ResolutionError(
                f"the JWS carries its key as a jwk; binding it to {issuer} needs the issuer's "
                "DID document, and none can be read here",
                code=ErrorCode.DID_RESOLUTION_ERROR,
            )
        jwk = key.to_jwk()
        for method in assertion_methods(resolve_document(issuer), resolve):
            if method.public_key.to_jwk() == jwk:
                return method, KeyBinding.ISSUER_DOCUMENT
        raise ProofError(
            f"the JWS jwk is not among the keys the DID document of {issuer} names for "
            "assertions, and no kid names one of them",
            code=ErrorCode.KEY_NOT_BOUND_TO_ISSUER,
        )
    if not allow_unbound:
        raise ProofError(
            f"the JWS carries its own key (jwk) and nothing binds that key to the issuer "
            f"{issuer}, which is not a DID: anyone could have signed with a key of their own",
            code=ErrorCode.KEY_NOT_BOUND_TO_ISSUER,
        )
    urn = _THUMBPRINT_URN + jwk_thumbprint(key)
    return VerificationMethod(urn, urn, key), KeyBinding.NONE


def _key_of(jwk: Any) -> PublicKey:
    if type(jwk) is not dict:
        raise ProofError("the JWS jwk is not a JSON object", code=ErrorCode.MALFORMED_VALUE_ERROR)
    try:
        return public_key_from_jwk(jwk)
    except CredstackError as exc:
        raise ProofError(f"the JWS jwk: {exc.message}", code=exc.code) from exc


def _issuer_id(credential: Mapping[str, Any]) -> str:
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    if not isinstance(issuer, str) or not issuer:
        raise ProofError("the credential has no issuer id", code=ErrorCode.MALFORMED_VALUE_ERROR)
    return issuer


def _subject_id(credential: Mapping[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if isinstance(subject, Mapping) and isinstance(subject.get("id"), str):
        return str(subject["id"])
    return None


def _claims_for(credential: Mapping[str, Any]) -> dict[str, Any]:
    """The JWT claims that repeat ``credential``'s issuer, id, dates and subject."""
    claims: dict[str, Any] = {"iss": _issuer_id(credential)}
    if isinstance(credential.get("id"), str):
        claims["jti"] = credential["id"]
    for claim, fields in (("nbf", _FROM_FIELDS), ("exp", _UNTIL_FIELDS)):
        moment = _credential_date(credential, fields)
        if moment is not None:
            claims[claim] = math.floor(moment.timestamp())
    subject = _subject_id(credential)
    if subject is not None:
        claims["sub"] = subject
    return claims


def _credential_date(credential: Mapping[str, Any], fields: tuple[str, str]) -> datetime | None:
    for field in fields:
        if field in credential:
            try:
                return parse_datetime(credential[field])
            except CredstackError as exc:
                raise ProofError(f"{field}: {exc.message}", code=exc.code) from exc
    return None


def _check_claims(
    claims: dict[str, Any],
    credential: dict[str, Any],
    issuer: str,
    dates: dict[str, datetime | None],
) -> None:
    expected = {"iss": issuer, "jti": credential.get("id"), "sub": _subject_id(credential)}
    for claim, value in expected.items():
        if claim in claims and claims[claim] != value:
            raise ProofError(
                f"JWT claim {claim} is {claims[claim]!r}, the credential says {value!r}",
                code=ErrorCode.JWT_CLAIMS_MISMATCH,
                claim=claim,
            )
    for claim, fields in (("nbf", _FROM_FIELDS), ("exp", _UNTIL_FIELDS)):
        moment = dates[claim]
        if moment is None:
            continue
        expected_moment = _credential_date(credential, fields)
        if expected_moment is None or abs(moment - expected_moment).total_seconds() >= 1:
            raise ProofError(
                f"JWT claim {claim} is {moment.isoformat()}, the credential's "
                f"{' / '.join(fields)} is "
                f"{expected_moment.isoformat() if expected_moment else 'missing'}",
                code=ErrorCode.JWT_CLAIMS_MISMATCH,
                claim=claim,
            )


def _numeric_date(claims: Mapping[str, Any], claim: str) -> datetime | None:
    value = claims.get(claim)
    if value is None:
        return None
    if type(value) is not int and type(value) is not float:
        raise ProofError(
            f"JWT claim {claim} is not a NumericDate: {value!r}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ProofError(
            f"JWT claim {claim} is out of range: {value!r}", code=ErrorCode.MALFORMED_VALUE_ERROR
        ) from exc


__all__ = [
    "ALGORITHMS",
    "REGISTERED_CLAIMS",
    "JwtForm",
    "JwtVerification",
    "KeyBinding",
    "jwk_thumbprint",
    "sign_jwt",
    "verify_jwt",
]
