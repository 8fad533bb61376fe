"""The settings page's "test connection": ask the API for an access token with a key pair.

Runs on the background runner (it does network I/O) and goes through the real V1 client
(`IamportClient.get_token`), so it proves exactly what the terminal will use. The client (and
httpx, pydantic) is imported on call so the settings package stays cheap to import at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcp_pos.settings.secrets import ApiCredentials

CONNECT_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class ConnectionCheckResult:
    """`base_url` issued an access token for the key pair."""

    base_url: str


class ConnectionCheckFailed(Exception):
    """The token request did not succeed; `message` is what the API or the network said."""

    def __init__(self, message: str, *, http_status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status


def check_connection(
    base_url: str, credentials: ApiCredentials, *, timeout: float = CONNECT_TIMEOUT_SECONDS
) -> ConnectionCheckResult:
    """POST /users/getToken at `base_url`; raises `ConnectionCheckFailed` with a readable reason."""
    from kcp_pos.iamport.client import IamportClient
    from kcp_pos.iamport.errors import IamportError

    try:
        with IamportClient(
            base_url,
            credentials.imp_key,
            credentials.imp_secret,
            connect_timeout=timeout,
            lookup_timeout=timeout,
            max_retries=0,  # the clerk is waiting for an answer, not for retries
        ) as client:
            client.get_token()
    except IamportError as error:
        raise ConnectionCheckFailed(str(error), http_status=error.http_status) from None
    return ConnectionCheckResult(base_url=base_url)
