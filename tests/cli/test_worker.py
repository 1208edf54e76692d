"""``credstack worker``: refuses to start without the procrastinate queue, and says why.

Running chunks is tested in ``tests/adapters/test_procrastinate_queue.py`` and, with real
processes killed mid-job, in ``tests/e2e/test_bulk_fault_tolerance.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from credstack.cli.worker import worker_command


def _run(env: dict[str, str], *args: str) -> tuple[int, str]:
    runner = CliRunner(env=env)
    result = runner.invoke(worker_command, list(args), prog_name="credstack worker")
    return result.exit_code, result.output


def test_the_in_process_queue_has_no_worker(tmp_path: Path) -> None:
    code, output = _run({"CREDSTACK_DATA_DIR": str(tmp_path / "data")})
    assert code == 2
    assert "CREDSTACK_TASK_QUEUE=procrastinate" in output
    assert "'in-process'" in output
    assert not (tmp_path / "data").exists()  # refused before touching anything


def test_a_bad_setting_is_a_usage_error(tmp_path: Path) -> None:
    code, output = _run({"CREDSTACK_DATA_DIR": str(tmp_path), "CREDSTACK_TASK_QUEUE": "celery"})
    assert code == 2
    assert "CREDSTACK_TASK_QUEUE must be one of" in output


def test_the_options_are_checked(tmp_path: Path) -> None:
    code, output = _run({"CREDSTACK_DATA_DIR": str(tmp_path)}, "--concurrency", "0")
    assert code == 2
    assert "--concurrency" in output


def test_it_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "credstack.cli.worker", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "--stalled-timeout" in result.stdout
