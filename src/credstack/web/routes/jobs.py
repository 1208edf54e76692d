"""``/api/v1/jobs``: bulk issuance — one achievement to many recipients.

A job is submitted as JSON (``{achievement_id, suite?, rows: [issue request, …]}``) or as
``multipart/form-data`` with the same fields and a CSV ``file`` (one recipient a row; columns
in :mod:`credstack.services.bulk_csv`). It answers 202 with the job's address and runs on the
task queue; ``GET /jobs/{id}`` reports progress (done, failed, rate, expected seconds left)
and ``GET /jobs/{id}/results`` streams every row's outcome as JSON lines or, asked for with
``Accept: text/csv``, as CSV.

An ``Idempotency-Key`` header makes submission safe to retry: the same key with the same
request returns the job already made (200), with a different request 409
``IDEMPOTENCY_CONFLICT``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Final, TypeVar
from uuid import UUID

import orjson
from fastapi import Depends, Header, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import UploadFile

from credstack.core.issuing import SignatureSuite
from credstack.services.bulk import JobView, cancel_job, job_results, job_status, submit_job
from credstack.services.bulk_csv import parse_csv_rows
from credstack.services.errors import InvalidRequestError
from credstack.services.ports import UnitOfWork
from credstack.services.principal import Principal, system_principal
from credstack.services.records import JobState
from credstack.web.auth import PrincipalDep
from credstack.web.body import (
    StrictJSONRequest,
    is_json_media_type,
    media_type,
    read_strict_json,
    unsupported_media_type,
)
from credstack.web.deps import PlatformDep
from credstack.web.problems import problem_responses
from credstack.web.routes.common import issuer_router, with_body
from credstack.web.streaming import stream_from_thread

router = issuer_router("jobs")

JSON_LINES: Final = "application/x-ndjson"
CSV: Final = "text/csv"
CSV_COLUMNS: Final = (
    "row", "state", "record_id", "credential_id", "hosted_url", "error_code", "error_message",
)  # fmt: skip
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
M = TypeVar("M", bound=BaseModel)


class JobCreate(BaseModel):
    """A bulk job as JSON."""

    model_config = ConfigDict(extra="forbid")

    achievement_id: UUID = Field(description="the achievement; its latest version is issued")
    suite: SignatureSuite | None = Field(default=None, description="default: the deployment's")
    rows: list[dict[str, Any]] = Field(
        min_length=1, description="one issue request a recipient (as for POST /credentials)"
    )


class JobUpload(BaseModel):
    """A bulk job as a CSV upload (``multipart/form-data``)."""

    model_config = ConfigDict(extra="forbid")

    achievement_id: UUID
    suite: SignatureSuite | None = None
    file: bytes = Field(description="CSV, UTF-8, with a header row; one recipient a row")


REQUEST_MODELS: Final = (JobCreate, JobUpload)
"""Documented in the OpenAPI components (the route reads its body itself)."""


class JobOut(BaseModel):
    id: UUID
    achievement_version_id: UUID
    suite: str
    idempotency_key: str | None
    state: JobState
    total: int
    done: int
    failed: int
    pending: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    rate: float | None = Field(description="rows finished a second since the job started")
    eta_seconds: float | None = Field(description="expected seconds left (0 when done)")
    results_url: str


@dataclass(frozen=True, slots=True)
class Submission:
    achievement_id: UUID
    suite: SignatureSuite | None
    rows: list[dict[str, Any]] | None = None
    csv: bytes | None = None


async def read_submission(request: StrictJSONRequest) -> Submission:
    """The submitted job, from a JSON body or a multipart form with a CSV file."""
    content_type = request.headers.get("content-type")
    if media_type(content_type) == "multipart/form-data":
        async with request.form(max_files=1, max_fields=10) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InvalidRequestError("the form needs a CSV file in 'file'", field="file")
            fields = {k: v for k, v in form.multi_items() if k != "file"}
            job = _validated(JobUpload, {**fields, "file": b""})
            return Submission(job.achievement_id, job.suite, csv=await upload.read())
    if not is_json_media_type(content_type):
        raise unsupported_media_type(content_type, "application/json", "multipart/form-data")
    created = _validated(JobCreate, await read_strict_json(request))
    return Submission(created.achievement_id, created.suite, rows=created.rows)


def _validated(model: type[M], data: Any) -> M:
    """``data`` as ``model``; its errors reported like those of a declared body."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


def job_out(view: JobView) -> JobOut:
    return JobOut(
        id=view.id,
        achievement_version_id=view.achievement_version_id,
        suite=view.suite,
        idempotency_key=view.idempotency_key,
        state=view.state,
        total=view.total,
        done=view.done,
        failed=view.failed,
        pending=view.pending,
        created_at=view.created_at,
        started_at=view.started_at,
        finished_at=view.finished_at,
        rate=view.rate,
        eta_seconds=view.eta_seconds,
        results_url=f"/api/v1/jobs/{view.id}/results",
    )


def _view(uow: UnitOfWork, principal: Principal, job_id: UUID, now: datetime) -> JobView:
    # whoever may submit or cancel a job may see it, with or without the read permission
    return job_status(uow, system_principal(principal.organisation_id), job_id, now)


_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/JobCreate"}},
            "multipart/form-data": {"schema": {"$ref": "#/components/schemas/JobUpload"}},
        },
    }
}


@router.post(
    "/jobs",
    status_code=202,
    summary="Submit a bulk job",
    openapi_extra=_BODY_DOC,
    responses={
        200: {"model": JobOut, "description": "the job this Idempotency-Key already made"},
        **with_body(409),
    },
)
def post_job(
    platform: PlatformDep,
    principal: PrincipalDep,
    submission: Annotated[Submission, Depends(read_submission)],
    response: Response,
    idempotency_key: Annotated[
        str | None, Header(description="retry safely: the same key returns the same job")
    ] = None,
) -> JobOut:
    """Store the job and queue its chunks (``issue`` permission). Rows that break the request
    rules do not refuse the job: they are reported as failed in its results."""
    rows = submission.rows if submission.rows is not None else parse_csv_rows(submission.csv or b"")
    now = platform.clock()
    with platform.uow_factory() as uow:
        job, new = submit_job(
            uow,
            platform.task_queue,
            platform.config,
            principal,
            achievement_id=submission.achievement_id,
            rows=rows,
            suite=submission.suite,
            idempotency_key=idempotency_key,
            now=now,
        )
        view = _view(uow, principal, job.id, now)
        uow.commit()
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    if not new:
        response.status_code = 200
    return job_out(view)


@router.get("/jobs/{job_id}", summary="Progress of a bulk job")
def read_job(job_id: UUID, platform: PlatformDep, principal: PrincipalDep) -> JobOut:
    """Rows done and failed, the rate, and the expected time left."""
    with platform.uow_factory() as uow:
        return job_out(job_status(uow, principal, job_id, platform.clock()))


@router.post("/jobs/{job_id}/cancel", summary="Cancel a bulk job", responses=problem_responses(409))
def post_cancel_job(job_id: UUID, platform: PlatformDep, principal: PrincipalDep) -> JobOut:
    """Stop the job: rows not yet issued stay pending (``issue`` permission)."""
    now = platform.clock()
    with platform.uow_factory() as uow:
        cancel_job(uow, principal, job_id, now)
        view = _view(uow, principal, job_id, now)
        uow.commit()
    return job_out(view)


@router.get(
    "/jobs/{job_id}/results",
    summary="Outcome of every row of a bulk job",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "one line a row, in row order: JSON lines, or CSV when asked for",
            "content": {
                JSON_LINES: {"schema": {"type": "string"}},
                CSV: {"schema": {"type": "string"}},
            },
        }
    },
)
def read_job_results(
    job_id: UUID,
    platform: PlatformDep,
    principal: PrincipalDep,
    accept: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Each row's state, the credential issued for it (with its hosted URL) or the error."""
    with platform.uow_factory() as uow:
        # checked now, so that a missing job is a 404 rather than a broken stream
        job_status(uow, principal, job_id, platform.clock())
    as_csv = prefers_csv(accept)

    def produce() -> Iterator[bytes]:
        with platform.uow_factory() as uow:
            items = job_results(uow, principal, job_id, config=platform.config)
            yield from (csv_lines(items) if as_csv else json_lines(items))

    extension = "csv" if as_csv else "jsonl"
    return StreamingResponse(
        stream_from_thread(produce),
        media_type=CSV if as_csv else JSON_LINES,
        headers={"Content-Disposition": f'inline; filename="job-{job_id}.{extension}"'},
    )


def prefers_csv(accept: str | None) -> bool:
    """Whether ``Accept`` rates ``text/csv`` above JSON lines (JSON lines by default)."""
    ratings: dict[str, float] = {}
    for part in (accept or "").split(","):
        name, *parameters = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ratings[name.lower()] = max(quality, ratings.get(name.lower(), 0.0))
    csv_rating = ratings.get(CSV, 0.0)
    json_rating = max(
        (ratings.get(t, 0.0) for t in (JSON_LINES, "application/jsonl", "application/json")),
        default=0.0,
    )
    return csv_rating > 0 and csv_rating > json_rating


def json_lines(items: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    for item in items:
        yield orjson.dumps(item) + b"\n"


def csv_lines(items: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        error = item.get("error") or {}
        writer.writerow(
            [
                item["row"],
                item["state"],
                item.get("record_id") or "",
                item.get("credential_id") or "",
                item.get("hosted_url") or "",
                _cell(error.get("code")),
                _cell(error.get("message")),
            ]
        )
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def _cell(value: Any) -> str:
    """Text a spreadsheet shows as text: a leading ``=``, ``+``, ``-`` or ``@`` would make it a
    formula, and error messages quote what the uploader wrote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


__all__ = [
    "CSV",
    "CSV_COLUMNS",
    "JSON_LINES",
    "REQUEST_MODELS",
    "JobCreate",
    "JobOut",
    "JobUpload",
    "Submission",
    "csv_lines",
    "job_out",
    "json_lines",
    "prefers_csv",
    "read_submission",
    "router",
]
