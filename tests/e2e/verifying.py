"""Verifying many credentials with the core pipeline, spread over processes.

Every credential gets the full :func:`credstack.core.verify.verify_credential` — format,
contexts, terms, schema, proof, key, status, dates — against the issuer's DID document and its
signed status lists, given up front (nothing is fetched). A module of its own so that the
pool's processes (started with ``spawn``) can import the functions they run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any

from credstack.core.did.methods import resolver
from credstack.core.verify import VerifyOptions, verify_credential

BATCH = 500

_options: VerifyOptions | None = None


def _initialise(
    did_documents: Mapping[str, Mapping[str, Any]],
    status_lists: Mapping[str, Mapping[str, Any]],
    now: datetime,
) -> None:
    global _options
    lists = dict(status_lists)
    _options = VerifyOptions(resolve=resolver(did_documents), now=now, fetch_status_list=lists.get)


def _verify_batch(documents: Sequence[str]) -> list[dict[str, Any]]:
    """The reports of the documents that did not verify (as JSON)."""
    assert _options is not None, "the pool was not initialised"
    failures = []
    for document in documents:
        report = verify_credential(document, _options)
        if not report.verified:
            failures.append(report.to_json())
    return failures


def verify_all(
    documents: Sequence[str],
    *,
    did_documents: Mapping[str, Mapping[str, Any]],
    status_lists: Mapping[str, Mapping[str, Any]],
    now: datetime,
    processes: int | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """(how many were verified, the reports of those that failed) — every document, none
    sampled."""
    workers = processes or min(4, os.cpu_count() or 1)
    batches = [documents[i : i + BATCH] for i in range(0, len(documents), BATCH)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_initialise,
        initargs=(dict(did_documents), dict(status_lists), now),
    ) as pool:
        failures = [failure for batch in pool.map(_verify_batch, batches) for failure in batch]
    return sum(len(batch) for batch in batches), failures


__all__ = ["verify_all"]
