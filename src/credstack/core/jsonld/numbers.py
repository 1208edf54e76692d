"""JSON numbers in RDF: the lexical forms JSON-LD gives them, which pyoxigraph does not.

JSON-LD 1.1 turns a number with a fractional part, a number of at least 10^21 and any number
typed ``xsd:double`` into the canonical ``xsd:double`` form: 16 significant digits, as
JavaScript's ``toExponential(15)`` writes them, with the trailing zeros of the mantissa removed
(``0.1 + 0.2`` → ``"3.0E-1"``, ``434.99999999999994`` → ``"4.349999999999999E2"``). jsonld.js
and pyld both do exactly that (:func:`canonical_double`). pyoxigraph 0.5.13 writes the decimal
value of the JSON text instead, and Python writes a float with its shortest round-trip digits
(``"3.0000000000000004E-1"``): signatures over such documents would differ from everyone else's.

So :func:`json_numbers` lists, before conversion, the form pyoxigraph gives each number of
the document (the exact decimal value of its JSON text: ``1e+16`` → ``"1.0E16"``) and the
form JSON-LD gives it, and after conversion :meth:`NumberForms.rewrite` replaces the first by
the second in every literal whose whole lexical form is one of them. ``rdf:JSON`` literals are
left alone: their numbers follow JCS, which pyoxigraph writes like everyone else.

A rewrite by lexical form must be able to tell which literal came from which number; where it
cannot, :attr:`NumberForms.needs_reference` sends the document to pyld instead:

* a string in the document spells a form that would be rewritten (``"3.0000000000000004E-1"``
  as a JSON string is kept as it is, as every processor keeps it);
* an integral number from 10^20 to 10^21: JSON-LD makes it an ``xsd:integer``, pyoxigraph a
  double, and the result no longer shows whether a double came from a coercion;
* two numbers that pyoxigraph writes alike but JSON-LD does not: JSON-LD writes an integral
  float by its exact value (``5.884148289487117e16`` → ``"58841482894871168"``), pyoxigraph by
  its JSON text (``"58841482894871170"``), which is also the integer ``58841482894871170``;
* ``-0.0``, whose ``xsd:double`` form is ``"-0.0E0"`` (pyld, as XSD) but ``"0.0E0"`` in
  pyoxigraph and jsonld.js, whose ``toExponential`` drops the sign of zero.

A number no double can hold (an integer of 310 digits) is ``MALFORMED_VALUE_ERROR``.

Strings typed ``xsd:double`` (``{"@value": "5", "@type": "xsd:double"}``) are kept as written,
as JSON-LD 1.1 converts only numbers; jsonld.js and pyld rewrite them (``"5.0E0"``), so a
document with such a value canonicalizes differently there. No bundled context coerces to
``xsd:double``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import pyoxigraph as ox

from credstack.core.errors import CanonicalizationError, ErrorCode

_RDF_JSON: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
_INTEGER_LIMIT: Final = 10**20
"""From here on pyoxigraph writes an integral number as a double."""
_DOUBLE_LIMIT: Final = 10**21
"""From here on JSON-LD writes an integral number as a double."""


def canonical_double(value: float) -> str:
    """The canonical ``xsd:double`` form JSON-LD writes for ``value`` (``"3.0E-1"``)."""
    mantissa, _, exponent = f"{value:.15E}".partition("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return f"{mantissa}E{int(exponent)}"


def oxigraph_double(json_text: str) -> str:
    """The ``xsd:double`` form pyoxigraph writes for the JSON number ``json_text``."""
    sign, digits, exponent = Decimal(json_text).as_tuple()
    significant = "".join(map(str, digits)).lstrip("0")
    if not significant or not isinstance(exponent, int):
        return "0.0E0"  # zero, whose sign pyoxigraph drops
    power = len(significant) + exponent - 1
    mantissa = significant.rstrip("0")
    return f"{'-' if sign else ''}{mantissa[0]}.{mantissa[1:] or '0'}E{power}"


@dataclass(frozen=True, slots=True)
class NumberForms:
    """How the numbers of one document must be written.

    ``rewrites`` maps pyoxigraph's form of a number to JSON-LD's; ``needs_reference`` is set
    when a rewrite by lexical form would be ambiguous (see the module docstring).
    """

    rewrites: Mapping[str, str]
    needs_reference: bool

    def rewrite(self, dataset: ox.Dataset) -> ox.Dataset:
        """``dataset`` with each literal that came from a number in JSON-LD's form."""
        if not self.rewrites:
            return dataset
        for quad in list(dataset):
            term = quad.object
            if not isinstance(term, ox.Literal) or term.language:
                continue
            form = self.rewrites.get(term.value)
            if form is None or term.datatype.value == _RDF_JSON:
                continue
            dataset.discard(quad)
            dataset.add(
                ox.Quad(
                    quad.subject,
                    quad.predicate,
                    ox.Literal(form, datatype=term.datatype),
                    quad.graph_name,
                )
            )
        return dataset


def json_numbers(document: Any) -> NumberForms:
    """The :class:`NumberForms` of ``document`` (``@context`` values are not data)."""
    forms: dict[str, str] = {}
    strings: set[str] = set()
    needs_reference = False
    stack: list[Any] = [document]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is str:
            strings.add(value)
        elif isinstance(value, Mapping):
            stack.extend(item for key, item in value.items() if key != "@context")
        elif kind is list or kind is tuple:
            stack.extend(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            pairs = _forms(value)
            if pairs is None:
                needs_reference = True
                continue
            for ours, theirs in pairs:
                # one form of pyoxigraph's that stands for two of JSON-LD's is ambiguous
                needs_reference |= forms.setdefault(ours, theirs) != theirs
    rewrites = {ours: theirs for ours, theirs in forms.items() if ours != theirs}
    needs_reference |= not strings.isdisjoint(rewrites)
    return NumberForms(rewrites=rewrites, needs_reference=needs_reference)


def _forms(value: int | float) -> list[tuple[str, str]] | None:
    """Each (pyoxigraph's form, JSON-LD's form) a literal of ``value`` may have; ``None`` when
    only pyld can write it."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return []  # not JSON: the JSON writer reports it
        text = float.__repr__(value)
        if value == 0 and math.copysign(1.0, value) < 0:
            return None
    else:
        text = int.__repr__(value)
    try:
        number = float(value)
    except OverflowError:
        raise CanonicalizationError(
            f"the number {text[:40]}… is beyond the range of a double, which JSON-LD cannot "
            "represent",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from None
    double = (oxigraph_double(text), canonical_double(number))
    if not number.is_integer():
        return [double]
    if abs(value) >= _DOUBLE_LIMIT:
        return [double]
    if abs(value) >= _INTEGER_LIMIT:
        return None
    # an integral float is written by its exact value, which its JSON text may round
    return [double, (str(int(Decimal(text))), str(int(value)))]


__all__ = ["NumberForms", "canonical_double", "json_numbers", "oxigraph_double"]
