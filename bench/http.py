"""``POST /credentials/verify`` over HTTP: latency at a fixed request rate, and throughput.

Starts ``credstack serve`` (uvicorn, ``BENCH_HTTP_WORKERS`` processes, default 2) on a free
loopback port with a fresh embedded database holding one organisation and one issued
credential, then drives it from this process with an open-loop load generator (16 threads
with keep-alive connections, the standard library's HTTP client): requests are sent on a
fixed schedule (``BENCH_HTTP_RATE`` per second, default 200, for ``BENCH_HTTP_SECONDS``,
default 15) whether or not earlier ones have answered, and each latency is measured from the
request's scheduled time, so a stalled server cannot hide its queueing (no coordinated
omission). A closed-loop run (32 requests in flight) gives the highest rate the server
sustains. Every response must be 200 with ``verified: true``.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson

RATE = int(os.environ.get("BENCH_HTTP_RATE", "200"))
SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "15"))
WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", "2"))
IN_FLIGHT = 32
SENDERS = int(os.environ.get("BENCH_HTTP_SENDERS", "16"))
"""Threads of the open-loop generator: more than the requests in flight at the target rate
(rate × latency), few enough not to slow the generator itself down."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _seed(data_dir: str, master_key: bytes, base_url: str) -> dict[str, Any]:
    """An organisation, an achievement and one credential; returns the signed credential."""
    from bench.bulk import _settings, prepare
    from credstack.bootstrap import build_platform
    from credstack.services.issuing import issue_credential, parse_issue_request
    from credstack.services.principal import system_principal

    database_url = f"sqlite:///{data_dir}/credstack.db"
    setup = prepare(data_dir, database_url, master_key=master_key, base_url=base_url)
    platform = build_platform(_settings(data_dir, database_url, master_key, base_url))
    try:
        with platform.uow_factory() as uow:
            record = issue_credential(
                uow,
                platform.key_store,
                platform.config,
                system_principal(setup.organisation_id),
                achievement_id=setup.achievement_id,
                request=parse_issue_request({"recipient": "ada@example.org"}),
                now=platform.clock(),
            )
            uow.commit()
    finally:
        platform.close()
    assert isinstance(record.document, dict)
    return dict(record.document)


def _post(connection: http.client.HTTPConnection, body: bytes) -> None:
    connection.request(
        "POST", "/credentials/verify", body=body, headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    answer = response.read()
    if response.status != 200 or not orjson.loads(answer)["verified"]:
        raise RuntimeError(f"unexpected answer {response.status}: {answer[:300]!r}")


def _open_loop(port: int, body: bytes) -> tuple[list[float], float]:
    """Send request ``i`` at ``start + i / RATE`` from a pool of keep-alive connections; a
    request's latency runs from its scheduled time, so queueing on our side counts too."""
    count = int(RATE * SECONDS)
    latencies: list[float] = []
    next_index = iter(range(count))
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def sender() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while True:
                with lock:
                    index = next(next_index, None)
                if index is None:
                    return
                scheduled = start + index / RATE
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                _post(connection, body)
                with lock:
                    latencies.append(time.perf_counter() - scheduled)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(latencies) != count:
        raise RuntimeError(f"{count - len(latencies)} requests failed")
    return latencies, count / (time.perf_counter() - start)


def _closed_loop(port: int, body: bytes, seconds: float) -> float:
    done = [0] * IN_FLIGHT
    deadline = time.perf_counter() + seconds

    def sender(slot: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.perf_counter() < deadline:
                _post(connection, body)
                done[slot] += 1
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=sender, args=(i,)) for i in range(IN_FLIGHT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def run(emit: Callable[[str, float, str], None]) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="credstack-bench-http-") as data_dir:
        master_key = os.urandom(32)
        env = {
            "CREDSTACK_DATA_DIR": data_dir,
            "CREDSTACK_MASTER_KEY": base64.urlsafe_b64encode(master_key).decode().rstrip("="),
            "CREDSTACK_BASE_URL": base,
        }
        credential = _seed(data_dir, master_key, base)
        body = orjson.dumps({"verifiableCredential": credential})
        log = Path(data_dir) / "server.log"
        with log.open("wb") as output:
            server = subprocess.Popen(  # noqa: S603 — our own interpreter and module
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "credstack.web.main:app_factory",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--workers",
                    str(WORKERS),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                env={**os.environ, **env},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_until_up(f"{base}/healthz", server, log)
                _closed_loop(port, body, 2)  # warm every worker's caches
                latencies, achieved = _open_loop(port, body)
                throughput = _closed_loop(port, body, 10)
            finally:
                server.terminate()
                server.wait(timeout=30)
    latencies.sort()
    print(f"# verify http: {WORKERS} server process(es), load generator in this process")
    emit(f"verify http offered {RATE}/s achieved", achieved, "requests/s")
    emit("verify http p50", statistics.median(latencies) * 1000, "ms")
    emit("verify http p99", latencies[int(len(latencies) * 0.99) - 1] * 1000, "ms")
    emit(f"verify http max ({IN_FLIGHT} in flight)", throughput, "requests/s")


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not come up within 60 s")


__all__ = ["run"]
