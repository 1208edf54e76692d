"""``/api/v1/jobs``: bulk issuance as JSON or CSV, idempotency, progress, streamed results."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from credstack.bootstrap import Platform
from credstack.services.bulk import run_chunk
from credstack.web.routes.jobs import _cell, prefers_csv
from credstack.web.streaming import stream_from_thread
from tests.web.conftest import RecordingTaskQueue, TestClient, World, assert_problem
from tests.web.payloads import CSV_FILE, ROWS


def run_queued(platform: Platform) -> None:
    """Run every chunk the recording queue was given, as a worker would."""
    queue = platform.task_queue
    assert isinstance(queue, RecordingTaskQueue)
    for job_id, chunks in queue.enqueued:
        for chunk in range(chunks):
            run_chunk(
                platform.uow_factory,
                platform.key_store,
                platform.config,
                job_id,
                chunk,
                now=platform.clock,
            )


def _submit(client: TestClient, world: World, achievement: dict[str, Any], **extra: Any) -> Any:
    body = {"achievement_id": achievement["id"], "rows": ROWS, **extra}
    return client.post("/api/v1/jobs", json=body, headers=world.a.headers)


def _upload(
    client: TestClient,
    world: World,
    data: dict[str, str],
    file: bytes | None = CSV_FILE,
) -> Any:
    files = {"file": ("learners.csv", file, "text/csv")} if file is not None else None
    return client.post("/api/v1/jobs", data=data, files=files, headers=world.a.headers)


def test_a_json_job_is_accepted_with_its_location(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = _submit(client, world, achievement)
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    assert job["state"] == "queued"
    assert (job["total"], job["done"], job["pending"]) == (3, 0, 2)
    assert job["failed"] == 1  # refused by the request rules at once
    assert job["results_url"] == f"/api/v1/jobs/{job['id']}/results"
    assert job["suite"] == "eddsa-rdfc-2022"


def test_progress_after_the_chunks_ran(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    job = _submit(client, world, achievement).json()
    run_queued(world.platform)
    progress = client.get(f"/api/v1/jobs/{job['id']}", headers=world.viewer).json()
    assert progress["state"] == "done"
    assert (progress["done"], progress["failed"], progress["pending"]) == (2, 1, 0)
    assert progress["eta_seconds"] == 0
    assert progress["started_at"] is not None


def test_results_stream_as_json_lines(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    job = _submit(client, world, achievement).json()
    run_queued(world.platform)
    response = client.get(f"/api/v1/jobs/{job['id']}/results", headers=world.viewer)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [(r["row"], r["state"]) for r in lines] == [(0, "done"), (1, "done"), (2, "failed")]
    assert lines[0]["hosted_url"].startswith("https://credentials.example/c/")
    assert lines[2]["error"]["code"] == "INVALID_REQUEST"
    hosted = client.get(lines[0]["hosted_url"].removeprefix("https://credentials.example"))
    assert hosted.json()["credentialSubject"]["id"] == "did:example:ada"


def test_results_come_as_csv_when_asked(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    job = _submit(client, world, achievement).json()
    run_queued(world.platform)
    response = client.get(
        f"/api/v1/jobs/{job['id']}/results",
        headers={**world.a.headers, "Accept": "text/csv, application/json;q=0.5"},
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["state"] for r in rows] == ["done", "done", "failed"]
    assert rows[2]["error_code"] == "INVALID_REQUEST"
    assert rows[0]["record_id"]


def test_a_csv_upload_is_a_job(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = _upload(client, world, {"achievement_id": achievement["id"], "suite": "vc-jwt"})
    assert response.status_code == 202, response.text
    assert response.json()["total"] == 2
    assert response.json()["suite"] == "vc-jwt"
    run_queued(world.platform)
    results = client.get(response.headers["Location"] + "/results", headers=world.a.headers)
    assert [json.loads(line)["state"] for line in results.text.splitlines()] == ["done", "done"]


def test_the_same_idempotency_key_returns_the_same_job(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    body = {"achievement_id": achievement["id"], "rows": ROWS}
    headers = {**world.a.headers, "Idempotency-Key": "batch-2025-06"}
    first = client.post("/api/v1/jobs", json=body, headers=headers)
    again = client.post("/api/v1/jobs", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Location"] == first.headers["Location"]
    assert again.json()["idempotency_key"] == "batch-2025-06"

    other = client.post("/api/v1/jobs", json={**body, "rows": ROWS[:1]}, headers=headers)
    problem = assert_problem(other, 409, "IDEMPOTENCY_CONFLICT")
    assert problem["job_id"] == first.json()["id"]


def test_a_bad_idempotency_key_is_refused(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/jobs",
        json={"achievement_id": achievement["id"], "rows": ROWS},
        headers={**world.a.headers, "Idempotency-Key": "with space"},
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["field"] == "idempotency_key"


def test_a_job_can_be_cancelled_once(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    job = _submit(client, world, achievement).json()
    cancelled = client.post(f"/api/v1/jobs/{job['id']}/cancel", headers=world.a.headers)
    assert cancelled.status_code == 200
    assert cancelled.json()["state"] == "cancelled"
    again = client.post(f"/api/v1/jobs/{job['id']}/cancel", headers=world.a.headers)
    assert_problem(again, 409, "INVALID_STATE_TRANSITION")


def test_a_viewer_cannot_submit_or_cancel(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    body = {"achievement_id": achievement["id"], "rows": ROWS}
    response = client.post("/api/v1/jobs", json=body, headers=world.viewer)
    assert_problem(response, 403, "PERMISSION_DENIED")
    job = _submit(client, world, achievement).json()
    response = client.post(f"/api/v1/jobs/{job['id']}/cancel", headers=world.viewer)
    assert_problem(response, 403, "PERMISSION_DENIED")


@pytest.mark.parametrize("path", ["", "/results"])
def test_an_unknown_job_is_404(client: TestClient, world: World, path: str) -> None:
    response = client.get(
        f"/api/v1/jobs/00000000-0000-4000-8000-000000000000{path}", headers=world.a.headers
    )
    assert_problem(response, 404, "NOT_FOUND")


def test_a_job_for_an_unknown_achievement_is_404(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/jobs",
        json={"achievement_id": "00000000-0000-4000-8000-000000000000", "rows": ROWS},
        headers=world.a.headers,
    )
    assert_problem(response, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"rows": ROWS}, "/achievement_id"),
        ({"achievement_id": "x", "rows": ROWS}, "/achievement_id"),
        ({"achievement_id": "00000000-0000-4000-8000-000000000000", "rows": []}, "/rows"),
        ({"achievement_id": "00000000-0000-4000-8000-000000000000", "rows": [1]}, "/rows/0"),
        ({"achievement_id": "00000000-0000-4000-8000-000000000000", "id": "x"}, "/id"),
    ],
)
def test_a_malformed_json_job_is_422_with_pointers(
    client: TestClient, world: World, body: dict[str, Any], pointer: str
) -> None:
    response = client.post("/api/v1/jobs", json=body, headers=world.a.headers)
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert pointer in {e["pointer"] for e in problem["errors"]}


def test_a_job_body_must_be_strict_json(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/jobs",
        content=b'{"rows": [], "rows": []}',
        headers={**world.a.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 400, "DUPLICATE_KEY_ERROR")


@pytest.mark.parametrize("content_type", ["text/csv", None])
def test_a_job_body_of_another_type_is_415(
    client: TestClient, world: World, content_type: str | None
) -> None:
    headers = {**world.a.headers}
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = client.post("/api/v1/jobs", content=CSV_FILE, headers=headers)
    problem = assert_problem(response, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert "multipart/form-data" in problem["detail"]


def test_an_upload_needs_a_file(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    # a second field keeps the request multipart without a file part
    response = client.post(
        "/api/v1/jobs",
        files={"achievement_id": (None, achievement["id"])},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["field"] == "file"


def test_upload_fields_are_validated(client: TestClient, world: World) -> None:
    response = _upload(client, world, {"achievement_id": "x", "colour": "red"})
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert {e["pointer"] for e in problem["errors"]} == {"/achievement_id", "/colour"}


def test_a_csv_file_that_cannot_be_read_is_422_naming_the_line(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = _upload(
        client, world, {"achievement_id": achievement["id"]}, file=b"recipient,colour\r\na,b\r\n"
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert (problem["field"], problem["line"], problem["column"]) == ("csv", 1, 2)


def test_a_malformed_multipart_body_is_400(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/jobs",
        content=b"--xyz\r\nnot a part",
        headers={**world.a.headers, "Content-Type": "multipart/form-data"},
    )
    assert_problem(response, 400, "PARSING_ERROR")


# --- helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "csv_wanted"),
    [
        (None, False),
        ("*/*", False),
        ("text/csv", True),
        ("application/x-ndjson, text/csv", False),
        ("text/csv;q=0.9, application/x-ndjson;q=0.5", True),
        ("text/csv;q=oops", False),
        ("text/csv;q=0", False),
    ],
)
def test_csv_is_chosen_only_when_preferred(accept: str | None, csv_wanted: bool) -> None:
    assert prefers_csv(accept) is csv_wanted


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("+1", "'+1"), ("@x", "'@x"), ("plain", "plain"),
     (None, "")],
)  # fmt: skip
def test_csv_cells_never_start_a_formula(value: str | None, cell: str) -> None:
    assert _cell(value) == cell


def test_a_stream_raises_what_its_producer_raised() -> None:
    def produce() -> Iterator[bytes]:
        yield b"one"
        raise LookupError("gone")

    chunks = stream_from_thread(produce)
    assert next(chunks) == b"one"
    with pytest.raises(LookupError):
        next(chunks)


def test_closing_a_stream_stops_its_producer() -> None:
    finished = threading.Event()

    def produce() -> Iterator[bytes]:
        try:
            while True:
                yield b"x"
        finally:
            finished.set()

    chunks = stream_from_thread(produce)
    assert next(chunks) == b"x"
    chunks.close()
    deadline = time.monotonic() + 5
    while not finished.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert finished.is_set()
