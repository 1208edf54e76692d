"""W3C VC-API verification: ``POST /credentials/verify`` and ``POST /presentations/verify``.

No authentication: anyone may ask whether a credential verifies. A credential that does not
verify is still a 200 answer with ``verified: false`` — the VC-API answers 400 only for a
malformed request. So:

- a request that cannot be used is a problem document: 415 for a body that is not
  ``application/json``, 413 for one over the size limit, 400 ``PARSING_ERROR`` for a body that
  is not strict JSON (binary, UTF-16, a byte order mark, truncated), 400 ``INVALID_REQUEST``
  for JSON of another shape (no body, not an object, no ``verifiableCredential``, or one that
  is neither an object nor a string);
- a well-formed request whose document is not a credential (an empty string, words, an SVG
  badge, an object without ``type``) is a 200 report whose ``format`` check failed, the same
  report ``credstack verify`` prints for such a file.

The answer has the VC-API members (``verified``, ``checks`` — the checks that ran —,
``warnings`` and ``errors``, each a problem detail naming its check) and ``report``, the full
credstack verification report that the library, the CLI and the verification pages share.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool
from pydantic_core import PydanticCustomError

from credstack.core.json.fields import describe
from credstack.core.verify import CheckStatus, VerificationReport
from credstack.services.verification import verify_credential, verify_presentation
from credstack.web.body import VcApiRoute
from credstack.web.deps import PlatformDep
from credstack.web.problems import PROBLEM_TYPE_BASE, problem_responses
from credstack.web.routes.common import BODY_PROBLEMS

router = APIRouter(
    tags=["vc-api"],
    route_class=VcApiRoute,
    responses=problem_responses(*BODY_PROBLEMS, 500),
)

ENVELOPED_PREFIXES = ("data:application/vc+jwt,", "data:application/vp+jwt,")
STRICT_DOC = (
    "credstack: treat an unknown proof type beside valid proofs, and a key that cannot belong "
    "to the issuer, as failures rather than warnings"
)
PRESENTATION_STRICT_DOC = (
    f"{STRICT_DOC}; so too a presented credential whose subject no key can belong to (no id, "
    "or an id such as urn:uuid)"
)


def _document(value: Any) -> Any:
    """A credential or presentation is an object or a string (a compact JWS); anything else
    is a malformed request, with one error that says so (not one per member of the union)."""
    if isinstance(value, dict | str):
        return value
    raise PydanticCustomError(
        "document_type",
        "must be an object, or a compact JWS (VC-JWT) as a string, not {kind}",
        {"kind": describe(value)},
    )


Document = Annotated[dict[str, Any] | str, BeforeValidator(_document)]


class VerifyCredentialOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    strict: StrictBool = Field(default=False, description=STRICT_DOC)


class VerifyPresentationOptions(VerifyCredentialOptions):
    strict: StrictBool = Field(default=False, description=PRESENTATION_STRICT_DOC)
    challenge: str | None = Field(
        default=None,
        description="the challenge the verifier gave the holder; the presentation's proof must "
        "answer it, and without it no presentation verifies",
    )
    domain: str | None = Field(
        default=None, description="the verifier's domain; the presentation's proof must name it"
    )
    allow_holder_not_subject: StrictBool = Field(
        default=False,
        alias="allowHolderNotSubject",
        description="credstack: accept, with a warning, a presentation signed by someone other "
        "than the subject of its credentials",
    )


class VerifyCredentialRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verifiable_credential: Document = Field(
        alias="verifiableCredential",
        description="a credential with an embedded proof, a compact VC-JWT, or an "
        "EnvelopedVerifiableCredential",
    )
    options: VerifyCredentialOptions = VerifyCredentialOptions()


class VerifyPresentationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verifiable_presentation: Document = Field(alias="verifiablePresentation")
    options: VerifyPresentationOptions = VerifyPresentationOptions()


class CheckProblem(BaseModel):
    """A check that failed or warned, as a problem detail."""

    type: str
    code: str
    title: str
    detail: str
    check: str = Field(description="the check: format, contexts, proof, key, status, …")


class VerificationResult(BaseModel):
    verified: bool
    checks: list[str] = Field(description="the checks that ran, in order")
    warnings: list[CheckProblem]
    errors: list[CheckProblem]
    report: dict[str, Any] = Field(description="the credstack verification report")


def unwrap(document: Mapping[str, Any] | str) -> Mapping[str, Any] | str:
    """The compact JWS inside an ``Enveloped…`` object (VC 2.0 §4.13); others unchanged."""
    if isinstance(document, Mapping):
        envelope = document.get("id")
        for prefix in ENVELOPED_PREFIXES:
            if isinstance(envelope, str) and envelope.startswith(prefix):
                return envelope[len(prefix) :]
    return document


def verification_result(report: VerificationReport) -> VerificationResult:
    """The VC-API answer for ``report`` (nested credential reports included)."""
    reports = [report, *report.nested]
    checks: list[str] = []
    warnings: list[CheckProblem] = []
    errors: list[CheckProblem] = []
    for one in reports:
        for check in one.checks:
            if check.status is CheckStatus.SKIPPED:
                continue
            if check.id not in checks:
                checks.append(check.id)
            if check.status is CheckStatus.WARNING:
                warnings.append(_problem(check.id, check.code, check.message))
            elif check.status is CheckStatus.FAILED:
                errors.append(_problem(check.id, check.code, check.message))
    return VerificationResult(
        verified=report.verified,
        checks=checks,
        warnings=warnings,
        errors=errors,
        report=report.to_json(),
    )


def _problem(check_id: str, code: str | None, message: str) -> CheckProblem:
    code = code or check_id.upper()
    return CheckProblem(
        type=PROBLEM_TYPE_BASE + code,
        code=code,
        title=code.replace("_", " ").capitalize(),
        detail=message,
        check=check_id,
    )


@router.post("/credentials/verify", summary="Verify a credential (VC-API)")
async def verify_one_credential(
    body: VerifyCredentialRequest, platform: PlatformDep
) -> VerificationResult:
    """Verify a credential: proof, issuer key, status, dates, schema and contexts."""
    # Runs on the event loop, not in the thread pool: it is a few milliseconds of CPU and
    # reads from the database, and handing it to a thread only adds a hop and a contest for
    # the interpreter lock with the loop (measured: a longer tail under load).
    with platform.reader() as uow:
        report = verify_credential(
            uow,
            platform.key_store,
            platform.config,
            unwrap(body.verifiable_credential),
            now=platform.clock(),
            strict=body.options.strict,
        )
    return verification_result(report)


@router.post("/presentations/verify", summary="Verify a presentation (VC-API)")
async def verify_one_presentation(
    body: VerifyPresentationRequest, platform: PlatformDep
) -> VerificationResult:
    """Verify a presentation: signed by its holder, the subject of its credentials, answering
    the verifier's challenge (required) and domain; and every credential in it."""
    # on the event loop, like verify_one_credential
    with platform.reader() as uow:
        report = verify_presentation(
            uow,
            platform.key_store,
            platform.config,
            unwrap(body.verifiable_presentation),
            now=platform.clock(),
            challenge=body.options.challenge,
            domain=body.options.domain,
            allow_holder_not_subject=body.options.allow_holder_not_subject,
            strict=body.options.strict,
        )
    return verification_result(report)


__all__ = [
    "ENVELOPED_PREFIXES",
    "CheckProblem",
    "VerificationResult",
    "VerifyCredentialOptions",
    "VerifyCredentialRequest",
    "VerifyPresentationOptions",
    "VerifyPresentationRequest",
    "router",
    "unwrap",
    "verification_result",
]
