"""Streaming a long database read to the client without holding it in memory.

A unit of work belongs to the thread that opened it (SQLite connections refuse to be used
from another one), but a streaming response asks for each chunk from whichever worker thread
is free. So the read runs on one dedicated thread, from start to end, and hands its chunks
over through a small queue; the response takes them from there. When the client goes away,
the response stops asking, and the producer notices within a fraction of a second and ends
its unit of work.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterable
from typing import Final

BUFFER: Final = 64
"""Chunks waiting between the reading thread and the response."""
POLL: Final = 0.1
"""Seconds between the producer's checks that the response still wants chunks."""

_END: Final = object()


def stream_from_thread(produce: Callable[[], Iterable[bytes]]) -> Generator[bytes, None, None]:
    """The chunks of ``produce()``, which runs on a thread of its own from the first chunk
    asked for (a stream never iterated starts nothing).

    An exception raised by ``produce`` is raised again here, after the chunks before it.
    """
    chunks: queue.Queue[object] = queue.Queue(maxsize=BUFFER)
    stopped = threading.Event()

    def hand_over(item: object) -> bool:
        while not stopped.is_set():
            try:
                chunks.put(item, timeout=POLL)
            except queue.Full:
                continue
            return True
        return False

    def run() -> None:
        try:
            for chunk in produce():
                if not hand_over(chunk):
                    return
        except BaseException as exc:  # noqa: BLE001 (handed to the consumer, which raises it)
            hand_over(exc)
            return
        hand_over(_END)

    threading.Thread(target=run, name="credstack-stream", daemon=True).start()
    try:
        while True:
            item = chunks.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            yield item
    finally:
        stopped.set()


__all__ = ["stream_from_thread"]
