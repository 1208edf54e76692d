"""``credstack worker``: run bulk issuance chunks from the procrastinate queue.

Start as many workers, on as many machines, as the load needs; each needs the same settings
as ``credstack serve`` (``CREDSTACK_DATABASE_URL``, ``CREDSTACK_MASTER_KEY``…) and
``CREDSTACK_TASK_QUEUE=procrastinate``. SIGINT or SIGTERM stops a worker after the chunks it
is running; a worker that is killed outright leaves its chunks to the others, which take them
over once its heartbeat is ``--stalled-timeout`` seconds old. Also runnable as
``python -m credstack.cli.worker``.
"""

from __future__ import annotations

import logging

import click

from credstack.cli.platform import load_settings
from credstack.settings import TaskQueueKind


@click.command("worker")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Chunks run at the same time (threads).",
)
@click.option(
    "--queues",
    default="",
    help="Comma-separated procrastinate queues to take tasks from (default: all).",
)
@click.option(
    "--stalled-timeout",
    type=click.FloatRange(1, 3600),
    default=30.0,
    show_default=True,
    help="Seconds without a heartbeat after which a worker counts as dead and its chunks "
    "are run again.",
)
def worker_command(concurrency: int, queues: str, stalled_timeout: float) -> None:
    """Run bulk issuance jobs (needs CREDSTACK_TASK_QUEUE=procrastinate)."""
    from credstack.adapters.procrastinate_queue import ProcrastinateTaskQueue
    from credstack.bootstrap import build_platform

    settings = load_settings()
    if settings.task_queue is not TaskQueueKind.PROCRASTINATE:
        raise click.UsageError(
            "`credstack worker` runs the procrastinate queue, but CREDSTACK_TASK_QUEUE is "
            f"{settings.task_queue.value!r}: set CREDSTACK_TASK_QUEUE=procrastinate (with a "
            "PostgreSQL CREDSTACK_DATABASE_URL), or let `credstack serve` run the jobs in-process"
        )
    platform = build_platform(settings)
    try:
        task_queue = platform.task_queue
        assert isinstance(task_queue, ProcrastinateTaskQueue)  # what the setting builds
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )
        names = [name.strip() for name in queues.split(",") if name.strip()]
        click.echo(
            f"credstack worker: concurrency {concurrency}, queues {', '.join(names) or 'all'}",
            err=True,
        )
        task_queue.run_worker(
            concurrency=concurrency, queues=names or None, stalled_timeout=stalled_timeout
        )
    finally:
        platform.close()


__all__ = ["worker_command"]

if __name__ == "__main__":
    worker_command()
