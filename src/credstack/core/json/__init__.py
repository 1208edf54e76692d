"""JSON as credentials need it read.

* :mod:`~credstack.core.json.text`: strict parsing (no duplicate keys, no NaN, UTF-8 only, a
  depth limit);
* :mod:`~credstack.core.json.fields`: typed, path-aware reading of nested objects.
"""

from __future__ import annotations

from credstack.core.json.fields import (
    FieldReader,
    describe,
    join_path,
)
from credstack.core.json.text import (
    UTF8_BOM,
    parse_json,
    wide_encoding,
)

__all__ = [
    "UTF8_BOM",
    "FieldReader",
    "describe",
    "join_path",
    "parse_json",
    "wide_encoding",
]
