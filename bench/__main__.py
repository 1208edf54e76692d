"""Run every benchmark and print one line per figure: ``NAME: VALUE UNIT``.

Usage: ``python -m bench [MODULE ...]`` (default: all). Figures are measured on one core in
this process; run on an otherwise idle machine. Timing is never a pass/fail test.
"""

from __future__ import annotations

import importlib
import platform
import sys
import time

MODULES = ("rdfc", "jcs", "jwt", "bulk", "http")


def emit(name: str, value: float, unit: str) -> None:
    shown = f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"
    print(f"{name}: {shown} {unit}", flush=True)


def main(argv: list[str]) -> int:
    names = argv or list(MODULES)
    print(
        f"# python {platform.python_version()} on {platform.machine()}, "
        f"{platform.processor() or 'cpu'}"
    )
    started = time.perf_counter()
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        module.run(emit)
    print(f"# total {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
