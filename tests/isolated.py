"""Running credstack in a child process, for inputs that could abort the interpreter.

pyoxigraph 0.5.13 aborts the whole process (a Rust panic, exit status 134) on some JSON-LD
documents; a test that handed such a document to it inside the pytest process would end the
test run. :func:`canonicalize_isolated` and :func:`verify_isolated` run the documents in a child
process instead: a crash fails the test that caused it and names the document.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

_CANONICALIZE = """
import json, sys
from credstack.core.errors import CredstackError
from credstack.core.jsonld.rdfc import canonicalize, canonicalize_direct, find_undefined_terms

for line in sys.stdin:
    document = json.loads(line)
    outcomes = []
    for route in (canonicalize, canonicalize_direct, find_undefined_terms):
        try:
            route(document)
            outcomes.append("ok")
        except CredstackError as exc:
            outcomes.append(str(exc.code))
    print(json.dumps(outcomes), flush=True)
"""

_VERIFY = """
import json, sys
from datetime import UTC, datetime
from credstack.core.did.methods import resolver
from credstack.core.verify import VerifyOptions, verify_document

options = VerifyOptions(resolve=resolver(), now=datetime(2025, 1, 1, tzinfo=UTC))
for line in sys.stdin:
    print(json.dumps(verify_document(line, options).to_json(), default=str), flush=True)
"""


def canonicalize_isolated(documents: list[Any]) -> list[list[str]]:
    """For each document, the outcome of ``canonicalize``, ``canonicalize_direct`` and
    ``find_undefined_terms``: ``"ok"`` or the credstack error code."""
    return [json.loads(line) for line in _run(_CANONICALIZE, documents)]


def verify_isolated(documents: list[Any]) -> list[dict[str, Any]]:
    """The verification report (as JSON) of each document, offline."""
    return [json.loads(line) for line in _run(_VERIFY, documents)]


def _run(program: str, documents: list[Any]) -> list[str]:
    lines = [json.dumps(document) for document in documents]
    result = subprocess.run(
        [sys.executable, "-c", program],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    answers = result.stdout.splitlines()
    if result.returncode != 0:
        culprit = lines[len(answers)] if len(answers) < len(lines) else "(after the last one)"
        pytest.fail(
            f"the child process ended with status {result.returncode} on the document\n"
            f"{culprit}\n{result.stderr[-2000:]}"
        )
    assert len(answers) == len(lines)
    return answers
