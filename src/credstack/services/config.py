"""What the use cases need to know about the deployment (a slice of the settings)."""

from __future__ import annotations

from dataclasses import dataclass, field

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import StatusListSigners


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    base_url: str
    """Public URL of the service, no trailing slash (``https://credentials.uni.example``)."""
    contexts_url: str = ""
    """Where credentials say the credstack contexts are published, no trailing slash; empty:
    ``{base_url}/contexts``, where the service serves them (:attr:`published_contexts_url`)."""
    status_list_length: int = 131_072
    status_list_ttl: int = 300
    default_suite: SignatureSuite = SignatureSuite.EDDSA_RDFC_2022
    bulk_chunk_size: int = 500
    status_list_signers: StatusListSigners = field(default_factory=StatusListSigners)
    """Who, besides a credential's issuer, may sign the status lists verification reads."""

    @property
    def published_contexts_url(self) -> str:
        """The URL the credstack contexts are published under (``…/credstack/v1``)."""
        return self.contexts_url or f"{self.base_url}/contexts"


__all__ = ["ServiceConfig"]
