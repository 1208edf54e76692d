"""Open Badges 3.0 mapping of the domain model.

* achievements: :func:`to_achievement_json` / :func:`parse_achievement` (exact round trip);
* issuer profiles: :func:`to_profile_json` / :func:`parse_profile`;
* credentials: :func:`build_credential` (unsigned ``OpenBadgeCredential`` JSON) and
  :func:`parse_credential` (ours and other issuers').

Open Badges 3.0 terms come first; the Annex I elements OB 3.0 has no term for use the
credstack extension context, which is added to ``@context`` only when one of its terms is used:
at the URL an installation serves it (``{contexts URL}/credstack/v1``) or at the bundled
``https://w3id.org/credstack/v1``, pinned to its digest in ``relatedResource`` either way
(:func:`extension_context_pin`; ``docs/decisions/0007-publishing-the-extension-context.md``).
"""

from __future__ import annotations

from credstack.core.ob3.achievement import parse_achievement, to_achievement_json
from credstack.core.ob3.credential import (
    build_credential,
    extension_context_pin,
    make_credential,
    parse_credential,
    to_credential_json,
)
from credstack.core.ob3.profile import parse_profile, to_profile_json
from credstack.core.ob3.terms import (
    CREDENTIAL_TYPES,
    CREDSTACK_CONTEXT,
    CREDSTACK_VOCAB,
    EXTENSION_TERMS,
    JSON_SCHEMA_VALIDATOR_TYPE,
    OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
    OB_V3_CONTEXT,
    OB_V3_EXTENSIONS_CONTEXT,
    VC_V2_CONTEXT,
)

__all__ = [
    "CREDENTIAL_TYPES",
    "CREDSTACK_CONTEXT",
    "CREDSTACK_VOCAB",
    "EXTENSION_TERMS",
    "JSON_SCHEMA_VALIDATOR_TYPE",
    "OB_ACHIEVEMENT_CREDENTIAL_SCHEMA",
    "OB_V3_CONTEXT",
    "OB_V3_EXTENSIONS_CONTEXT",
    "VC_V2_CONTEXT",
    "build_credential",
    "extension_context_pin",
    "make_credential",
    "parse_achievement",
    "parse_credential",
    "parse_profile",
    "to_achievement_json",
    "to_credential_json",
    "to_profile_json",
]
