"""Request bodies the web tests share."""

from __future__ import annotations

from typing import Any

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

ROWS: list[dict[str, Any]] = [
    {"recipient": "did:example:ada"},
    {"recipient": "grace@example.org", "credits_earned": 5},
    {"recipient": "nobody"},  # not a DID, URL or e-mail address: this row fails
]
"""Rows of a bulk job: two are issued, one fails."""

CSV_FILE = b"recipient,credits_earned\r\ndid:example:ada,5\r\ngrace@example.org,\r\n"


def vc_api_template(achievement_url: str | None, **changes: Any) -> dict[str, Any]:
    """A VC-API ``credential`` template naming ``achievement_url`` for ``did:example:ada``."""
    subject: dict[str, Any] = {"id": "did:example:ada", "type": ["AchievementSubject"]}
    if achievement_url is not None:
        subject["achievement"] = {"id": achievement_url, "type": ["Achievement"], "name": "Git"}
    return {
        "@context": [VC_V2, OB_V3],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "ignored: the achievement names the credential",
        "credentialSubject": subject,
        **changes,
    }
