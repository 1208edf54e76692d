"""JSON-LD processing errors of pyoxigraph and pyld, mapped to one set of credstack codes.

Both libraries reject the same documents but describe the failure differently: pyoxigraph
raises ``SyntaxError`` with a sentence, pyld a chain of ``JsonLdError`` with a code. Callers
see :class:`~credstack.core.errors.ContextError` (``PROTECTED_TERM_REDEFINITION``) or
:class:`~credstack.core.errors.CanonicalizationError` (``INVALID_CONTEXT``,
``MALFORMED_VALUE_ERROR``) whichever library was used. :func:`pyld_errors` wraps every call
into pyld: besides its own errors, pyld 3.3 fails on some malformed documents with Python's
(an ``AttributeError`` for a type map holding keywords), which are ``MALFORMED_VALUE_ERROR``
too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from pyld import jsonld

from credstack.core.errors import CanonicalizationError, ContextError, CredstackError, ErrorCode

# pyoxigraph reports context problems in plain words; these are the ones about contexts
_CONTEXT_PROBLEM = re.compile(
    r"context|term|@vocab|@base|@container|@import|@propagate|@protected|@version|"
    r"IRI mapping|keyword",
    re.IGNORECASE,
)
_PYLD_CONTEXT_CODES = frozenset(
    {
        "invalid local context",
        "invalid remote context",
        "invalid term definition",
        "invalid vocab mapping",
        "invalid base IRI",
        "invalid IRI mapping",
        "invalid keyword alias",
        "invalid container mapping",
        "invalid scoped context",
        "invalid type mapping",
        "invalid reverse property",
        "invalid context nullification",
        "invalid context entry",
        "invalid @import value",
        "invalid @propagate value",
        "invalid @version value",
        "invalid @protected value",
        "keyword redefinition",
        "cyclic IRI mapping",
        "context overflow",
        "processing mode conflict",
    }
)


def error_from_oxigraph(exc: SyntaxError) -> CredstackError:
    """Map a pyoxigraph JSON-LD error to the code pyld reports for the same document."""
    message = str(exc)
    if "protected term" in message.lower():
        return ContextError(
            f"the document redefines a protected JSON-LD term: {message}",
            code=ErrorCode.PROTECTED_TERM_REDEFINITION,
        )
    code = (
        ErrorCode.INVALID_CONTEXT
        if _CONTEXT_PROBLEM.search(message)
        else ErrorCode.MALFORMED_VALUE_ERROR
    )
    return CanonicalizationError(f"JSON-LD processing failed: {message}", code=code)


def error_from_pyld(exc: jsonld.JsonLdError) -> CredstackError:
    """Map a pyld error (a chain of causes) to a credstack error with a stable code.

    A credstack error raised by the document loader (an unknown context) is returned as is.
    """
    innermost_code: str | None = None
    for cause in _causes(exc):
        if isinstance(cause, CredstackError):
            return cause
        code = getattr(cause, "code", None)
        if isinstance(code, str):
            innermost_code = code
    if innermost_code == "protected term redefinition":
        return ContextError(
            "the document redefines a protected JSON-LD term",
            code=ErrorCode.PROTECTED_TERM_REDEFINITION,
        )
    code = (
        ErrorCode.INVALID_CONTEXT
        if innermost_code in _PYLD_CONTEXT_CODES
        else ErrorCode.MALFORMED_VALUE_ERROR
    )
    return CanonicalizationError(f"JSON-LD processing failed: {innermost_code or exc}", code=code)


@contextmanager
def pyld_errors() -> Iterator[None]:
    """Report what goes wrong inside pyld as credstack errors (see the module docstring)."""
    try:
        yield
    except jsonld.JsonLdError as exc:
        raise error_from_pyld(exc) from exc
    except UnicodeError:
        raise  # the document's strings, not pyld: the caller says so
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        raise CanonicalizationError(
            f"JSON-LD processing failed on a malformed document: {type(exc).__name__}: {exc}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from exc


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__


__all__ = ["error_from_oxigraph", "error_from_pyld", "pyld_errors"]
