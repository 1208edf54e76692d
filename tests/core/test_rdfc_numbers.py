"""Numbers: every route writes them as JSON-LD (jsonld.js, pyld) does, not as pyoxigraph would."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from credstack.core.jsonld.numbers import canonical_double, json_numbers, oxigraph_double
from credstack.core.jsonld.rdfc import canonicalize, canonicalize_direct, canonicalize_reference
from credstack.core.jsonld.template import canonicalize_with_template, clear_templates

PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VC_V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOUBLE = f"<{XSD}double>"
OB_FLOAT = "<https://www.w3.org/2001/XMLSchema#float>"  # sic: OB 3.0.3 types it so

# every kind of double: subnormal, tiny, huge, negative, -0.0, integral, at and above 10^21
ANY_FLOAT = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [0.1 + 0.2, 434.99999999999994, 3.3000000000000003, 5e-324, -0.0, 5.0, 1e21, 1e20, 2e-7]
)
ANY_INTEGER = st.integers(-(10**30), 10**30) | st.sampled_from([10**20, 10**21 - 1, 2**63])


def _credential(value: Any, *, coerced: Any = None) -> dict[str, Any]:
    """A credential with ``value`` as a plain number, in a list, as an explicit xsd:double, and
    (``coerced``) as OB 3.0's ``creditsAvailable``, which the context types ``xsd:float``."""
    achievement: dict[str, Any] = {"id": "urn:example:a", "type": ["Achievement"], "name": "A"}
    if coerced is not None:
        achievement["creditsAvailable"] = coerced
    return {
        "@context": [VC_V2, OB_V3, EXAMPLES_V2],
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": achievement,
            "amount": value,
            "amounts": [value, "text"],
            "exact": {"@value": value, "@type": f"{XSD}double"},
        },
    }


def _all_routes(document: dict[str, Any]) -> bytes:
    fast = canonicalize(document)
    again = canonicalize(document)  # the shape's template serves it now
    assert fast == again == canonicalize_direct(document) == canonicalize_reference(document)
    return fast


def _line(canonical: bytes, predicate: str) -> str:
    return next(line for line in canonical.decode().split("\n") if predicate in line)


# -- properties against pyld ----------------------------------------------------------------------


@PROPERTIES
@given(ANY_FLOAT)
@example(0.1 + 0.2)
@example(6.76994335412121e-148)  # 15 digits, whose exact value needs a 16th
@example(5e-324)  # subnormal
@example(-2.5e-310)
@example(1.7976931348623157e308)
@example(-0.0)
@example(5.0)
@example(5.884148289487117e16)  # integral, and its shortest digits are not its value
@example(1e21)
@example(-1.2345678901234567e25)
def test_every_float_is_written_as_pyld_writes_it(value: float) -> None:
    _all_routes(_credential(value, coerced=value))


@PROPERTIES
@given(ANY_INTEGER)
def test_every_integer_is_written_as_pyld_writes_it(value: int) -> None:
    _all_routes(_credential(value, coerced=value))


@PROPERTIES
@given(st.lists(ANY_FLOAT | ANY_INTEGER, min_size=2, max_size=6))
def test_several_numbers_in_one_document(values: list[float | int]) -> None:
    document = _credential(values[0], coerced=values[1])
    document["credentialSubject"]["more"] = values[2:]
    _all_routes(document)


@PROPERTIES
@given(ANY_FLOAT | ANY_INTEGER)
def test_the_forms_pyoxigraph_writes_are_the_decimal_values_of_the_json_text(
    value: float | int,
) -> None:
    # what the rewrite relies on: an upgrade of pyoxigraph that changes it fails here
    text = json.dumps({"@id": "urn:s", "urn:p": {"@value": value, "@type": f"{XSD}double"}})
    quad = next(iter(ox.parse(text.encode(), ox.RdfFormat.JSON_LD)))
    assert isinstance(quad.object, ox.Literal)
    assert quad.object.value == oxigraph_double(json.dumps(value))


# -- the forms, one by one ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "form"),
    [
        (0.1 + 0.2, "3.0E-1"),
        (434.99999999999994, "4.349999999999999E2"),
        (3.3000000000000003, "3.3E0"),
        (2.5, "2.5E0"),
        (1e21, "1.0E21"),
        (5e-324, "4.940656458412465E-324"),
        (-1.5e-7, "-1.5E-7"),
    ],
)
def test_doubles_have_sixteen_significant_digits_at_most(value: float, form: str) -> None:
    assert canonical_double(value) == form
    assert f'"{form}"^^{DOUBLE}' in _line(_all_routes(_credential(value)), "examples#amount>")


@pytest.mark.parametrize(
    ("value", "form"),
    [(5.0, "5"), (-0.0, "0"), (1e20, "100000000000000000000"), (10**20, "1" + "0" * 20)],
)
def test_integral_numbers_below_1e21_are_integers(value: float | int, form: str) -> None:
    canonical = _all_routes(_credential(value))
    assert f'"{form}"^^<{XSD}integer>' in _line(canonical, "examples#amount>")


def test_a_coerced_datatype_keeps_json_ld_digits() -> None:
    canonical = _all_routes(_credential(1, coerced=0.1 + 0.2))
    assert f'"3.0E-1"^^{OB_FLOAT}' in _line(canonical, "creditsAvailable")


def test_an_explicit_double_writes_integral_numbers_as_doubles() -> None:
    canonical = _all_routes(_credential(-0.0))
    assert f'"-0.0E0"^^{DOUBLE}' in _line(canonical, "examples#exact>")


def test_a_string_that_spells_a_number_is_kept_verbatim() -> None:
    # the same text as a string (coerced to xsd:float) and as a number, in one document
    document = _credential(0.1 + 0.2, coerced="3.0000000000000004E-1")
    assert json_numbers(document).needs_reference
    canonical = _all_routes(document)
    assert f'"3.0000000000000004E-1"^^{OB_FLOAT}' in _line(canonical, "creditsAvailable")
    assert f'"3.0E-1"^^{DOUBLE}' in _line(canonical, "examples#amount>")


def test_a_string_typed_xsd_double_is_kept_as_written_unlike_in_pyld() -> None:
    # JSON-LD 1.1 converts numbers only; pyld (and jsonld.js) parse such strings too
    document = _credential(1)
    document["credentialSubject"]["exact"]["@value"] = "3.0000000000000004E-1"
    expected = f'"3.0000000000000004E-1"^^{DOUBLE}'
    assert expected in _line(canonicalize(document), "examples#exact>")
    assert canonicalize(document) == canonicalize_direct(document)
    assert f'"3.0E-1"^^{DOUBLE}' in _line(canonicalize_reference(document), "examples#exact>")


def test_numbers_in_json_literals_keep_their_json_form() -> None:
    document = _credential(1)
    document["credentialSubject"]["exact"] = {"@value": {"n": 0.1 + 0.2}, "@type": "@json"}
    canonical = _all_routes(document)
    assert '"{\\"n\\":0.30000000000000004}"' in _line(canonical, "examples#exact>")


def test_the_template_of_a_shape_carries_the_json_ld_forms() -> None:
    clear_templates()
    first, second = _credential(0.1 + 0.2), _credential(0.1 + 0.2)
    second["id"] = "urn:uuid:00000000-0000-4000-8000-000000000002"
    canonicalize(first)
    served = canonicalize_with_template(second)
    assert served is not None
    assert f'"3.0E-1"^^{DOUBLE}' in served
    assert served.encode() == canonicalize_reference(second)


def test_numbers_in_contexts_are_not_data() -> None:
    forms = json_numbers({"@context": {"@version": 1.1, "x": 0.1 + 0.2}, "n": 2.5})
    assert dict(forms.rewrites) == {}
    assert not forms.needs_reference
