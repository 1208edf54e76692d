"""``credstack jobs resume``: schedule an unfinished bulk job's chunks again.

With the procrastinate queue a chunk that fails every retry (the database unreachable for a
long while, say) stays failed and leaves its job running; this puts every chunk of the job
back in the queue for ``credstack worker`` machines. Chunks already issued find nothing to do:
each row is still issued exactly once. The embedded server needs no such command — it resumes
unfinished jobs whenever it starts.
"""

from __future__ import annotations

from uuid import UUID

import click

from credstack.cli.platform import load_settings
from credstack.core.errors import CredstackError
from credstack.settings import TaskQueueKind


@click.group("jobs")
def jobs_group() -> None:
    """Bulk issuance jobs."""


@jobs_group.command("resume")
@click.argument("job_id", type=click.UUID)
def resume_command(job_id: UUID) -> None:
    """Schedule every chunk of the unfinished job JOB_ID again."""
    from credstack.bootstrap import build_platform
    from credstack.services.bulk import resume_job

    settings = load_settings()
    if settings.task_queue is not TaskQueueKind.PROCRASTINATE:
        raise click.UsageError(
            "with the in-process queue, `credstack serve` resumes unfinished jobs when it "
            "starts: restart it instead"
        )
    platform = build_platform(settings)
    try:
        with platform.uow_factory() as uow:
            chunks = resume_job(uow, platform.task_queue, job_id, platform.clock())
            uow.commit()
    except CredstackError as exc:
        raise click.ClickException(f"{exc.code}: {exc.message}") from None
    finally:
        platform.close()
    click.echo(f"job {job_id}: {chunks} chunk(s) scheduled")


__all__ = ["jobs_group", "resume_command"]
