"""Running the same work in several threads at once, for the concurrency tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_together(work: Callable[[int], T], workers: int, timeout: float = 120) -> list[T]:
    """``work(0)`` … ``work(workers - 1)``, each in its own thread, released at the same
    moment; their results in order. An exception in any of them is raised here."""
    start = threading.Barrier(workers)

    def released(worker: int) -> T:
        start.wait(timeout)
        return work(worker)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(released, worker) for worker in range(workers)]
        return [future.result(timeout) for future in futures]
