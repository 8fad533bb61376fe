"""Access tokens: `POST /users/getToken` and the three ways a request may present its token.

Rules (reference §2, §1.4): a 40-hex token lives `token_ttl` seconds; asking again while it is
valid returns the same token, extended by 5 minutes when less than 1 minute is left; after it
has expired a new one is issued. `Authorization: Bearer X`, `Authorization: X` and
`X-ImpTokenHeader: X` are all accepted, and `Authorization` wins when both are sent.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from kcp_pos.iamport.models import AccessToken
from kcp_pos.sandbox.body import Params
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import MISSING_TOKEN_PARAMS, TOKEN_AUTH_FAILED, ApiFailure
from kcp_pos.sandbox.identifiers import new_access_token

EXTEND_WHEN_LEFT_BELOW = 60
EXTENSION_SECONDS = 300


def issue_token(sandbox: Sandbox, params: Params) -> AccessToken:
    imp_key = params.text("imp_key") or ""
    imp_secret = params.text("imp_secret") or ""
    if not imp_key or not imp_secret:
        raise ApiFailure(MISSING_TOKEN_PARAMS, status=400)
    config = sandbox.config
    key_ok = hmac.compare_digest(imp_key.encode(), config.imp_key.encode())
    secret_ok = hmac.compare_digest(imp_secret.encode(), config.imp_secret.encode())
    if not (key_ok and secret_ok):
        raise ApiFailure(TOKEN_AUTH_FAILED, status=401)
    storage = sandbox.storage
    with storage.transaction():
        now = sandbox.now()
        current = storage.token_for_key(imp_key)
        if current is not None and current[1] > now:
            token, expired_at = current
            if expired_at - now < EXTEND_WHEN_LEFT_BELOW:
                expired_at += EXTENSION_SECONDS
                storage.save_token(token, imp_key, expired_at)
        else:
            token, expired_at = new_access_token(), now + config.token_ttl
            storage.save_token(token, imp_key, expired_at)
    return AccessToken(access_token=token, now=now, expired_at=expired_at)


def token_from_headers(headers: Mapping[str, str]) -> str | None:
    authorization = (headers.get("authorization") or "").strip()
    if authorization:
        if authorization.lower().startswith("bearer "):
            return authorization[len("bearer ") :].strip()
        return authorization
    legacy = (headers.get("x-imptokenheader") or "").strip()
    return legacy or None


def is_authorized(sandbox: Sandbox, headers: Mapping[str, str]) -> bool:
    token = token_from_headers(headers)
    if token is None:
        return False
    with sandbox.storage.transaction():
        expired_at = sandbox.storage.token_expiry(token)
    return expired_at is not None and expired_at > sandbox.now()
