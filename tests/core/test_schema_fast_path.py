"""The compiled schema validator (jsonschema-rs) and the reference one (jsonschema) agree.

The fast one decides that a document conforms; the reference one explains failures. If they
ever disagreed, a document could be reported valid that the reference refuses: so credentials
are edited at random — fields removed, values replaced by other JSON, dates made wrong,
single values and arrays swapped — and both verdicts must match every time.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.core.ob3.schema import _validator, conforms
from tests.factories import VECTORS, issue

SAMPLES = [
    VECTORS / "samples" / "ob-v3p0" / "1edtech-validator" / "simple.json",
    VECTORS / "samples" / "ob-v3p0" / "1edtech-validator" / "complete.json",
]
DATES = st.sampled_from(
    [
        "2024-02-30T00:00:00Z",
        "2024-02-29T23:59:60Z",
        "2024-01-01",
        "2024-01-01T00:00:00",
        "2024-01-01T00:00:00.123+01:00",
        "2024-1-01T00:00:00Z",
        "2024-01-01t00:00:00z",
        "20240101",
        "",
    ]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | DATES,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "type", "name", "x"]), children, max_size=3)
    ),
    max_leaves=6,
)


def _reference_conforms(document: Any) -> bool:
    return not any(True for _ in _validator().iter_errors(document))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


@st.composite
def edited(draw: st.DrawFn) -> Any:
    documents = [orjson.loads(Path(p).read_bytes()) for p in SAMPLES] + [issue()]
    document = copy.deepcopy(draw(st.sampled_from(documents)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(document)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(document, path), path[-1]
        action = draw(st.sampled_from(["remove", "replace", "date", "wrap", "unwrap"]))
        if action == "remove":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(JSON)
        elif action == "date":
            parent[last] = draw(DATES)
        elif action == "wrap":
            parent[last] = [parent[last]]
        elif isinstance(parent[last], list) and parent[last]:
            parent[last] = parent[last][0]
    return document


@given(edited())
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_both_validators_give_the_same_verdict(document: Any) -> None:
    assert conforms(document) == _reference_conforms(document)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_the_samples_conform_in_both(path: Path) -> None:
    document = orjson.loads(path.read_bytes())
    assert conforms(document) is _reference_conforms(document) is True


def test_an_issued_credential_conforms_in_both() -> None:
    credential = issue()
    assert conforms(credential) is _reference_conforms(credential) is True
